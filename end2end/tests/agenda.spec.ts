import { test, expect, waitForHydration, markDocument, isSameDocument } from "./fixtures";

test("a delegate reads today's agenda in venue time with Now and Next", async ({ page, consoleErrors }) => {
  await page.goto("/");
  await expect(page).toHaveTitle(/Agenda · IBMC 2024/);
  await expect(page.locator("h1")).toHaveText("7th International Border Management Conference");
  await expect(page.getByText("All times are Tunis time (UTC+01:00)")).toBeVisible();
  await expect(page.locator(".days a[aria-current]")).toHaveText("Wednesday 27");
  const now = page.locator("[data-session=d1-governance]");
  await expect(now.locator(".marker.now")).toHaveText("Now");
  await expect(now.locator(".time")).toHaveText("10:15–11:30");
  await expect(page.locator("[data-session=d1-coffee-1] .marker.next")).toHaveText("Next");
});

test("switching day shows that day's sessions", async ({ page, consoleErrors }) => {
  await page.goto("/");
  await waitForHydration(page);
  await page.getByRole("link", { name: "Thursday 28" }).tap();
  await expect(page).toHaveURL(/day=2024-11-28/);
  await expect(page.locator(".days a[aria-current]")).toHaveText("Thursday 28");
  await expect(page.locator("[data-session=d2-closing]")).toBeVisible();
  await expect(page.locator("[data-session=d1-opening]")).toHaveCount(0);
});

test("filtering by an interpretation language narrows the list without a reload, and the URL keeps it", async ({
  page,
  consoleErrors,
}) => {
  await page.goto("/?day=2024-11-28");
  await waitForHydration(page);
  await markDocument(page);
  const rights = page.locator("[data-session=d2-side-rights]");
  const narratives = page.locator("[data-session=d2-side-narratives]");
  await expect(narratives).toBeVisible();

  await page.locator("summary", { hasText: "Filters" }).tap();
  await page.getByLabel("Language you can follow").selectOption("ru");
  await expect(narratives).toBeHidden();
  await expect(rights).toBeVisible();
  await expect(rights).toContainText("RU ch. 4");
  expect(await isSameDocument(page), "filtered in place, no reload").toBe(true);
  await expect(page).toHaveURL(/language=ru/);
  // The other day's tab carries the filter along.
  await expect(page.getByRole("link", { name: "Wednesday 27" })).toHaveAttribute("href", /language=ru/);

  // The URL alone reproduces the view (server-side filtering).
  await page.reload();
  await expect(narratives).toBeHidden();
  await expect(rights).toBeVisible();
  await expect(page.getByLabel("Language you can follow")).toHaveValue("ru");
});

test("typing a search hides what does not match, live", async ({ page, consoleErrors }) => {
  await page.goto("/");
  await waitForHydration(page);
  await markDocument(page);
  await page.getByRole("searchbox").fill("tourism");
  await expect(page.locator("[data-session=d1-side-tourism]")).toBeVisible();
  await expect(page.locator("[data-session=d1-side-digital]")).toBeHidden();
  await expect(page.locator("[data-session=d1-opening]")).toBeHidden();
  await page.getByRole("searchbox").fill("no such session anywhere");
  await expect(page.locator("#no-results")).toBeVisible();
  expect(await isSameDocument(page)).toBe(true);
  await expect(page).toHaveURL(/q=no\+such\+session\+anywhere/);
});

test("a session opens at its own address", async ({ page, consoleErrors }) => {
  await page.goto("/?day=2024-11-27");
  await page.locator("[data-session=d1-side-digital] a").tap();
  await expect(page).toHaveURL(/\/sessions\/d1-side-digital$/);
  await expect(page.locator("h1")).toContainText("Digitalisation and AI in border management");
  await expect(page.getByText("Elissa Room")).toBeVisible();
  await expect(page.locator(".chatham-notice")).toBeVisible();
  await page.getByRole("link", { name: "Elissa Room" }).tap();
  await expect(page.locator("#room-elissa")).toContainText("then left");
});

test("Arabic reads right to left and the choice sticks", async ({ page, consoleErrors }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "العربية" }).tap();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("html")).toHaveAttribute("lang", "ar");
  await expect(page.locator(".tabs a[aria-current]")).toHaveText("البرنامج");
  // Mirrored layout: the brand sits at the inline start, which is the right-hand side.
  const brand = await page.locator(".brand").boundingBox();
  expect(brand!.x).toBeGreaterThan(390 / 2);
  // Times stay left-to-right inside the Arabic text.
  await expect(page.locator("[data-session=d1-governance] .time bdi")).toHaveAttribute("dir", "ltr");
  await page.getByRole("link", { name: "القاعات" }).tap();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("h1")).toHaveText("القاعات وكيفية الوصول إليها");
});

test("bad filters and unknown pages are readable, not errors", async ({ page }) => {
  const bad = await page.goto("/?kind=keynote");
  expect(bad!.status()).toBe(400);
  await expect(page.locator("h1")).toHaveText("This filter is not valid");
  const missing = await page.goto("/sessions/nope");
  expect(missing!.status()).toBe(404);
  await expect(page.getByRole("link", { name: "Back to the agenda" })).toBeVisible();
});
