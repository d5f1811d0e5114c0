import { execFileSync } from "node:child_process";
import { test, expect, collectErrors } from "./fixtures";

// The same database the Playwright web server uses (see playwright.config.ts).
function cliInvite(role: string, email: string): string {
  const link = execFileSync("../target/debug/server", ["invite", "--role", role, "--name", "Programme editor", "--email", email], {
    env: { ...process.env, DATABASE_URL: "sqlite://../target/e2e/companion.db" },
  })
    .toString()
    .trim();
  return new URL(link).pathname;
}

test("an organiser creates a session in French and Arabic, and a delegate reads it in their language", async ({
  browser,
}) => {
  // The organiser's own phone: the refused form below answers 422, which Chromium logs as a
  // failed resource; every other console error still fails the test.
  const organiserPhone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await organiserPhone.newPage();
  const organiserErrors = collectErrors(page);
  await page.goto(cliInvite("organiser", `editor-${Date.now()}@icmpd.org`));
  await page.getByRole("button", { name: "Sign in on this device" }).tap();
  await expect(page).toHaveURL(/\/organiser$/);

  // From the day plan of the first day, a new session.
  await page.goto("/organiser/programme?day=2024-11-27");
  await expect(page.locator(".days a[aria-current=date]")).toHaveAttribute("data-day", "2024-11-27");
  await page.getByRole("link", { name: "New session" }).tap();
  await expect(page.locator("h1")).toHaveText("New session");
  await expect(page.getByText("Times in venue time")).toBeVisible();

  // First without an English title: refused next to the field, nothing typed lost.
  await page.getByLabel("Title · Français").fill("Atelier sur la mobilité des jeunes");
  await page.getByLabel("Title · العربية").fill("ورشة عمل حول تنقل الشباب");
  await expect(page.getByLabel("Title · العربية")).toHaveAttribute("dir", "rtl");
  await page.getByLabel("Kind").selectOption("side_event");
  await page.getByLabel("Room").selectOption("sidi-bou-said");
  await page.getByRole("button", { name: "Save" }).tap();
  await expect(page.getByRole("alert")).toHaveText("Some fields need attention: see the messages next to them.");
  await expect(page.locator(".field-error")).toHaveText(["Required."]);
  await expect(page.getByLabel("Title · Français")).toHaveValue("Atelier sur la mobilité des jeunes");
  await expect(page.getByLabel("Room")).toHaveValue("sidi-bou-said");

  await page.getByLabel("Title · English").fill("Youth mobility workshop");
  await page.getByRole("button", { name: "Save" }).tap();
  await expect(page).toHaveURL(/\/organiser\/programme\?day=2024-11-27#session-youth-mobility-workshop$/);
  await expect(page.locator("[data-session=youth-mobility-workshop]").first()).toContainText("Youth mobility workshop");

  // A delegate reading French, then Arabic, sees it in their language.
  const phone = await browser.newContext({ locale: "fr-FR", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const delegate = await phone.newPage();
  const delegateErrors = collectErrors(delegate);
  await delegate.goto("/?day=2024-11-27");
  await expect(delegate.locator("[data-session=youth-mobility-workshop]")).toContainText("Atelier sur la mobilité des jeunes");
  await delegate.goto("/sessions/youth-mobility-workshop?lang=ar");
  await expect(delegate.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(delegate.locator("h1")).toHaveText("ورشة عمل حول تنقل الشباب");
  expect(delegateErrors).toEqual([]);
  expect(organiserErrors.filter((e) => !e.includes("status of 422"))).toEqual([]);
  await phone.close();
  await organiserPhone.close();
});
