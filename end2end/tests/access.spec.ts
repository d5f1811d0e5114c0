import { execFileSync } from "node:child_process";
import { test, expect } from "./fixtures";

// The same database the Playwright web server uses (see playwright.config.ts).
function cliInvite(role: string, email: string): string {
  return execFileSync("../target/debug/server", ["invite", "--role", role, "--name", "Head of Protocol", "--email", email], {
    env: { ...process.env, DATABASE_URL: "sqlite://../target/e2e/companion.db" },
  })
    .toString()
    .trim();
}

/** Absolute links point at the configured public URL; tests reach the server at baseURL. */
const pathOf = (link: string) => new URL(link).pathname;

test("organiser invites, the invitee registers after one correction, is confirmed and sees the closed side event", async ({
  browser,
  page,
  consoleErrors,
}) => {
  // The organiser signs in from a CLI-made link: one button.
  await page.goto(pathOf(cliInvite("organiser", `org-${Date.now()}@icmpd.org`)));
  await expect(page.getByText("You are invited as an organiser.")).toBeVisible();
  await page.getByRole("button", { name: "Sign in on this device" }).tap();
  await expect(page).toHaveURL(/\/organiser$/);

  // …and invites a delegate to the closed roundtable.
  const email = `amina-${Date.now()}@example.org`;
  await page.locator("summary", { hasText: "Invite someone" }).tap();
  await page.getByLabel("Name *").fill("Amina Ben Salah");
  await page.getByLabel("E-mail *").fill(email);
  await page.getByLabel("Organisation").first().fill("Garde nationale");
  await page.getByLabel(/Closed roundtable/).check();
  await page.getByRole("button", { name: "Create the invitation" }).tap();
  const link = await page.locator(".created-links input.link").inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);

  // The invitee, on their own phone, submits once without consent: field errors, nothing lost.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const invitee = await phone.newPage();
  await invitee.goto(pathOf(link));
  await expect(invitee.locator("h1")).toHaveText("Registration");
  await expect(invitee.getByLabel("Full name *")).toHaveValue("Amina Ben Salah");
  await invitee.getByLabel("Country or delegation *").fill("Tunisia");
  await invitee.getByLabel("Title or position").fill("Colonel");
  await invitee.getByRole("button", { name: "Send registration" }).tap();
  await expect(invitee.getByRole("alert")).toHaveText("Please correct the fields marked below.");
  await expect(invitee.getByText("Registration needs your consent.")).toBeVisible();
  await expect(invitee.getByText("Please fill this in.")).toBeVisible(); // preferred language
  await expect(invitee.getByLabel("Title or position")).toHaveValue("Colonel");
  await expect(invitee.getByLabel("Country or delegation *")).toHaveValue("Tunisia");

  await invitee.getByLabel("Preferred working language *").selectOption("fr");
  await invitee.getByLabel(/I agree/).check();
  await invitee.getByRole("button", { name: "Send registration" }).tap();
  await expect(invitee).toHaveURL(/\/me$/);
  await expect(invitee.getByText("Registered: waiting for the organisers to confirm")).toBeVisible();

  // The organiser confirms.
  await page.goto("/organiser");
  const card = page.locator(`[data-person="${email}"]`);
  await expect(card).toHaveAttribute("data-status", "registered");
  await card.getByRole("button", { name: "Confirm" }).tap();
  await expect(page.locator(`[data-person="${email}"]`)).toHaveAttribute("data-status", "confirmed");

  // Now the delegate sees the closed side event; an anonymous visitor does not, not even by URL.
  await invitee.goto("/?day=2024-11-28");
  await expect(invitee.locator("[data-session=d2-side-heads]")).toBeVisible();
  await expect(invitee.locator("[data-session=d2-side-heads] .badge.closed")).toHaveText("By invitation");
  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto("/?day=2024-11-28");
  await expect(stranger.locator("[data-session=d2-side-rights]")).toBeVisible();
  await expect(stranger.locator("[data-session=d2-side-heads]")).toHaveCount(0);
  const direct = await stranger.goto("/sessions/d2-side-heads");
  expect(direct!.status()).toBe(404);
  await phone.close();
});

test("an invitation link works once and then says so", async ({ page }) => {
  const link = pathOf(cliInvite("organiser", `once-${Date.now()}@icmpd.org`));
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in on this device" }).tap();
  await expect(page).toHaveURL(/\/organiser$/);
  const again = await page.goto(link);
  expect(again!.status()).toBe(410);
  await expect(page.getByText("This invitation link has already been used")).toBeVisible();
});
