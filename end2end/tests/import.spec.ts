import { execFileSync } from "node:child_process";
import { test, expect } from "./fixtures";

// The same database the Playwright web server uses (see playwright.config.ts).
function cliInvite(role: string, email: string): string {
  return execFileSync("../target/debug/server", ["invite", "--role", role, "--name", "Programme Officer", "--email", email], {
    env: { ...process.env, DATABASE_URL: "sqlite://../target/e2e/companion.db" },
  })
    .toString()
    .trim();
}

const pathOf = (link: string) => new URL(link).pathname;

test("an organiser uploads a programme file, sees what it changes, applies it, and a delegate finds the new session", async ({
  browser,
  page,
  consoleErrors,
}) => {
  await page.goto(pathOf(cliInvite("organiser", `import-${Date.now()}@icmpd.org`)));
  await page.getByRole("button", { name: "Sign in on this device" }).tap();
  await expect(page).toHaveURL(/\/organiser$/);

  // The programme as another tool would hold it: our own c3voc export, with one session more.
  const exported = await page.request.get("/api/v1/export/schedule.json");
  expect(exported.ok()).toBeTruthy();
  const schedule = await exported.json();
  schedule.schedule.events.push({
    guid: "0b0e2e00-0000-4000-8000-000000000001",
    slug: "ibmc_2024-e2e-press-point",
    url: "http://127.0.0.1:3000/sessions/e2e-press-point",
    title: "Press point on the Amman recommendations",
    subtitle: null,
    abstract: { en: "<p>Short statements to the press.</p>" },
    start: "2024-11-28T16:30:00+01:00",
    end: "2024-11-28T17:00:00+01:00",
    room: { name: "Press corner", guid: "0b0e2e00-0000-4000-8000-0000000000ff" },
    track: { slug: "other" },
    type: "OTHER",
    language: "en",
    participants: [],
    links: [],
  });

  await page.goto("/organiser/programme");
  await page.getByRole("link", { name: "Import a programme file" }).tap();
  await expect(page.locator("h1")).toHaveText("Import a programme file");
  await page.getByLabel("Programme file").setInputFiles({
    name: "schedule.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(schedule)),
  });
  await page.getByRole("button", { name: "Show what changes" }).tap();

  const preview = page.locator(".import-preview");
  await expect(preview.getByRole("heading", { name: "What this file changes in ibmc-2024" })).toBeVisible();
  await expect(preview.getByText("Sessions added: 1")).toBeVisible();
  await expect(preview.getByText("Sessions changed: 0")).toBeVisible();
  await expect(preview.getByText("Sessions cancelled because the file no longer has them: 0")).toBeVisible();
  await expect(preview.getByText("Press point on the Amman recommendations")).toBeVisible();
  await expect(preview.getByText("Rooms added: Press corner")).toBeVisible();

  await preview.getByRole("button", { name: "Apply these changes" }).tap();
  await expect(page).toHaveURL(/\/organiser\/changes$/);
  await expect(page.getByText("Press point on the Amman recommendations").first()).toBeVisible();

  // A delegate's phone shows the new session, in the new room, with the text of the file.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const delegate = await phone.newPage();
  await delegate.goto("/sessions/e2e-press-point");
  await expect(delegate.locator("h1")).toHaveText("Press point on the Amman recommendations");
  await expect(delegate.getByText("Short statements to the press.")).toBeVisible();
  await expect(delegate.getByText("Press corner").first()).toBeVisible();
  await phone.close();
});
