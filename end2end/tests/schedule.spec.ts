import { execFileSync } from "node:child_process";
import { Browser, Page } from "@playwright/test";
import { test, expect } from "./fixtures";

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** A fresh invitee, registered through the form, signed in on `page`. */
async function registeredDelegate(page: Page) {
  const link = execFileSync(
    "../target/debug/server",
    ["invite", "--role", "delegate", "--name", "Star Tester", "--email", `star-${Date.now()}@icmpd.org`],
    { env: { ...process.env, DATABASE_URL: "sqlite://../target/e2e/companion.db" } },
  )
    .toString()
    .trim();
  await page.goto(new URL(link).pathname);
  await page.getByLabel("Organisation *").fill("Border Police");
  await page.getByLabel("Country or delegation *").fill("Jordan");
  await page.getByLabel("Preferred working language *").selectOption("ar");
  await page.getByLabel(/I agree/).check();
  await page.getByRole("button", { name: "Send registration" }).tap();
  await expect(page).toHaveURL(/\/me$/);
}

async function star(page: Page, session: string) {
  const button = page.locator(`button[data-star=${session}][data-ready]`);
  await button.waitFor();
  return button;
}

async function secondDevice(browser: Browser, first: Page) {
  await first.goto("/me");
  await first.getByRole("button", { name: "Show a one-time code" }).tap();
  const code = (await first.locator(".device-code").innerText()).trim();
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByLabel("Code").fill(code);
  await page.getByRole("button", { name: "Sign in" }).tap();
  await expect(page).toHaveURL(/\/$/);
  return page;
}

test("bookmark, see it in My schedule, reload, get a clash warning", async ({ page, consoleErrors }) => {
  await registeredDelegate(page);
  await page.goto("/?day=2024-11-27");
  const digital = await star(page, "d1-side-digital");
  await expect(digital).toHaveAttribute("aria-pressed", "false");
  await digital.tap();
  await expect(digital).toHaveAttribute("aria-pressed", "true");
  await expect(digital).not.toHaveAttribute("data-pending", "true");

  // The parallel side event clashes: a warning, and the bookmark is still made.
  const tourism = await star(page, "d1-side-tourism");
  await tourism.tap();
  await expect(page.locator("[data-session=d1-side-tourism] .clash")).toContainText("Overlaps with");
  await expect(tourism).toHaveAttribute("aria-pressed", "true");

  await page.getByRole("link", { name: "My schedule" }).tap();
  await expect(page.locator("[data-mine=d1-side-digital]")).toBeVisible();
  await expect(page.locator("[data-mine=d1-side-digital].overlap")).toBeVisible();
  await page.reload();
  await expect(page.locator("[data-mine=d1-side-tourism]")).toBeVisible();
  await page.goto("/?day=2024-11-27");
  await expect(await star(page, "d1-side-digital")).toHaveAttribute("aria-pressed", "true");
});

test("two devices of one person share the schedule, and an offline bookmark reaches the server", async ({
  browser,
  page,
  consoleErrors,
}) => {
  await registeredDelegate(page);
  const other = await secondDevice(browser, page);
  await other.goto("/?day=2024-11-28");
  await (await star(other, "d2-communication")).tap();
  await expect(await star(other, "d2-communication")).not.toHaveAttribute("data-pending", "true");
  await page.goto("/schedule");
  await expect(page.locator("[data-mine=d2-communication]")).toBeVisible();

  // Offline: the tap is kept and shown pending, then sent when the network returns.
  await page.goto("/?day=2024-11-28");
  const rights = await star(page, "d2-side-rights");
  await page.context().setOffline(true);
  await rights.tap();
  await expect(rights).toHaveAttribute("aria-pressed", "true");
  await expect(rights).toHaveAttribute("data-pending", "true");
  await page.context().setOffline(false);
  await expect(rights).not.toHaveAttribute("data-pending", "true");
  const saved = await (await page.request.get("/api/v1/me/bookmarks")).json();
  expect(saved.sessions).toContain("d2-side-rights");
  await other.goto("/schedule");
  await expect(other.locator("[data-mine=d2-side-rights]")).toBeVisible();
  await other.context().close();
});

test("signed out, stars stay on the device and join the account at sign-in", async ({ page, consoleErrors }) => {
  await page.goto("/?day=2024-11-27");
  await (await star(page, "d1-side-tourism")).tap();
  await page.goto("/schedule");
  await expect(page.locator("[data-device-mine=d1-side-tourism]")).toBeVisible();
  await expect(page.locator("[data-device-mine=d1-opening]")).toBeHidden();
  await expect(page.locator("#device-empty")).toBeHidden();

  await registeredDelegate(page);
  await page.goto("/?day=2024-11-27");
  const merged = await star(page, "d1-side-tourism");
  await expect(merged).toHaveAttribute("aria-pressed", "true");
  await expect(merged).not.toHaveAttribute("data-pending", "true");
  await page.goto("/schedule");
  await expect(page.locator("[data-mine=d1-side-tourism]")).toBeVisible();
});
