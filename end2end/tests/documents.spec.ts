import { Browser, Page } from "@playwright/test";
import { collectErrors, expect, test } from "./fixtures";
import { OwnServer } from "./own-server";

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "en-GB" };
const SESSION = "d1-side-digital";
const TEXT = "Amman preparatory event: recommendations\n1. Share advance passenger data.\n";

async function organiserUploads(browser: Browser, server: OwnServer) {
  const context = await browser.newContext({ baseURL: server.url, locale: "en-GB" });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(server.invite("organiser", `org-${Date.now()}@icmpd.org`));
  await page.getByRole("button", { name: "Sign in on this device" }).click();
  await expect(page).toHaveURL(/\/organiser$/);
  await page.getByRole("link", { name: "Documents", exact: true }).click();
  await expect(page).toHaveURL(/\/organiser\/documents$/);
  await page.getByLabel("Attach to").selectOption(SESSION);
  await page.getByLabel("Title (English)").fill("Amman recommendations");
  await page.getByLabel("Title (Français)").fill("Recommandations d’Amman");
  await page.getByLabel("File (English)").first().setInputFiles({
    name: "amman-recommendations.txt",
    mimeType: "text/plain",
    buffer: Buffer.from(TEXT),
  });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.locator("p.notice[role=status]")).toHaveText("Document saved.");
  const href = await page.locator("[data-document] a[href^='/documents/']").first().getAttribute("href");
  expect(errors).toEqual([]);
  await context.close();
  return href!;
}

async function delegate(browser: Browser, server: OwnServer) {
  const context = await browser.newContext({ ...phone, baseURL: server.url });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(server.invite("delegate", `delegate-${Date.now()}@icmpd.org`));
  await page.getByLabel("Organisation *").fill("Border Police");
  await page.getByLabel("Country or delegation *").fill("Jordan");
  await page.getByLabel("Preferred working language *").selectOption("en");
  await page.getByLabel(/I agree/).check();
  await page.getByRole("button", { name: "Send registration" }).tap();
  await expect(page).toHaveURL(/\/me$/);
  return { context, page, errors };
}

async function bookmark(page: Page) {
  await page.goto(`/sessions/${SESSION}`);
  const star = page.locator(`button[data-star=${SESSION}][data-ready]`);
  await star.tap();
  await expect(star).toHaveAttribute("aria-pressed", "true");
  await expect(star).not.toHaveAttribute("data-pending", "true");
}

test("an organiser attaches a document, a delegate keeps it and reads it with no network", async ({ browser }) => {
  test.setTimeout(90_000);
  const server = new OwnServer(3110);
  await server.start();
  try {
    const href = await organiserUploads(browser, server);
    expect(href).toMatch(/^\/documents\/doc-[0-9a-f]+\/en$/);

    const { context, page, errors } = await delegate(browser, server);
    await bookmark(page);
    // The session page lists it: title, format and size.
    const listed = page.locator(".documents li", { hasText: "Amman recommendations" });
    await expect(listed).toContainText(`TXT · ${TEXT.length} B`);
    await page.locator("html[data-offline-ready]").waitFor({ state: "attached", timeout: 30_000 });

    // My schedule offers its documents, with their size before anything is fetched.
    await page.getByRole("link", { name: "My schedule" }).tap();
    const keep = page.getByRole("button", { name: `Keep 1 document for offline reading (${TEXT.length} B)` });
    await expect(keep).toBeVisible();
    await keep.tap();
    await expect(page.locator("[data-keep-status]")).toHaveText("Kept for offline reading.");

    // No network at all: the phone is offline and the server is gone.
    await context.setOffline(true);
    await server.stop();
    await page.goto(href);
    await expect(page.locator("body")).toContainText("Share advance passenger data.");
    expect(errors).toEqual([]);
    await context.close();
  } finally {
    await server.dispose();
  }
});
