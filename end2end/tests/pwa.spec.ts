import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Browser, chromium } from "@playwright/test";
import { collectErrors, expect, test, waitForHydration } from "./fixtures";
import { OwnServer } from "./own-server";

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "en-GB" };

async function visit(browser: Browser, server: OwnServer) {
  const context = await browser.newContext({ ...phone, baseURL: server.url });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto("/");
  await waitForHydration(page);
  // The service worker has stored this build and every page, in every language.
  await page.locator("html[data-offline-ready]").waitFor({ state: "attached", timeout: 30_000 });
  return { context, page, errors };
}

/** The same programme with one side event moved to another room. */
function programmeWithRoom(server: OwnServer, session: string, room: string) {
  const programme = JSON.parse(readFileSync("../server/data/demo-ibmc-2024.json", "utf8"));
  programme.sessions.find((s: { id: string }) => s.id === session).room = room;
  const file = join(server.dir, "moved.json");
  writeFileSync(file, JSON.stringify(programme));
  return file;
}

test("Chromium finds the app installable, with a manifest in the reader's language", async ({ browserName }, testInfo) => {
  // Chromium never offers to install from an incognito profile, which every test context is:
  // this test gets a profile of its own.
  const profile = mkdtempSync(join(tmpdir(), "dc-profile-"));
  const launch = testInfo.project.use.launchOptions!;
  const context = await chromium.launchPersistentContext(profile, {
    ...launch,
    ...phone,
    baseURL: testInfo.project.use.baseURL,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = collectErrors(page);
  await page.goto("/?lang=fr");
  await waitForHydration(page);
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  expect(installabilityErrors).toEqual([]);
  const manifest = await cdp.send("Page.getAppManifest");
  expect(manifest.errors).toEqual([]);
  expect(manifest.url).toContain("/manifest.webmanifest?locale=fr");
  const data = JSON.parse(manifest.data!);
  expect(data.shortcuts.map((s: { name: string }) => s.name)).toEqual(["Programme", "Mon programme"]);
  expect(browserName).toBe("chromium");
  expect(errors).toEqual([]);
  await context.close();
  rmSync(profile, { recursive: true, force: true });
});

test("an install button where the browser offers one, hidden once used", async ({ page, consoleErrors }) => {
  await page.goto("/");
  await waitForHydration(page);
  const install = page.locator("#pwa-install");
  await expect(install).toBeHidden();
  // What Chromium fires when it would install the app; the page keeps it for the button.
  await page.evaluate(() => {
    const event = new Event("beforeinstallprompt", { cancelable: true });
    Object.assign(event, {
      prompt: () => ((window as any).__prompted = true),
      userChoice: Promise.resolve({ outcome: "accepted" }),
    });
    window.dispatchEvent(event);
  });
  await expect(install).toBeVisible();
  await install.getByRole("button", { name: "Install the app" }).tap();
  await expect(install).toBeHidden();
  expect(await page.evaluate(() => (window as any).__prompted)).toBe(true);
});

test("on an iPhone, a short Add to Home Screen guide that stays dismissed", async ({ browser }) => {
  const context = await browser.newContext({
    ...phone,
    userAgent:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto("/?lang=ar");
  const guide = page.locator("#pwa-ios");
  await expect(guide).toBeVisible();
  await expect(guide).toContainText("إضافة إلى الشاشة الرئيسية");
  await guide.locator("[data-pwa=dismiss]").tap();
  await expect(guide).toBeHidden();
  await page.reload();
  await waitForHydration(page);
  await expect(guide).toBeHidden();
  expect(errors).toEqual([]);
  await context.close();
});

test("after one visit every page opens with no network at all, in any language", async ({ browser }) => {
  test.setTimeout(90_000);
  const server = new OwnServer(3101);
  await server.start();
  try {
    const { context, page, errors } = await visit(browser, server);
    // No network for the page nor for the service worker: the phone is offline and the
    // server is gone.
    await context.setOffline(true);
    await server.stop();

    await page.reload();
    const banner = page.locator("#pwa-offline");
    await expect(banner).toBeVisible();
    await expect(banner).toHaveText(/^Offline — programme as of \d+ \w+ \d\d:\d\d$/);
    await expect(page.locator("[data-session=d1-plenary-1], .card").first()).toBeVisible();
    await waitForHydration(page);

    await page.locator('.days a[data-day="2024-11-28"]').tap();
    await expect(page.locator('.days a[data-day="2024-11-28"]')).toHaveAttribute("aria-current", "date");
    await expect(page.locator("[data-session=d2-side-rights]")).toBeVisible();

    // A session page nobody opened before.
    await page.locator('a[href="/sessions/d2-side-rights"]').first().tap();
    await expect(page).toHaveURL(/\/sessions\/d2-side-rights$/);
    await expect(page.locator("h1")).toContainText("Human-rights-centred border management");
    await expect(page.locator("#pwa-offline")).toBeVisible();

    await page.getByRole("link", { name: "My schedule" }).tap();
    await expect(page).toHaveURL(/\/schedule$/);
    await expect(page.locator("main h1")).toHaveText("My schedule");

    await page.locator(".lang-switch a[hreflang=ar]").tap();
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.locator("main h1")).toHaveText("برنامجي");
    await expect(page.locator("#pwa-offline")).toContainText("دون اتصال");
    await page.goto("/sessions/d2-side-rights");
    await expect(page.locator("html")).toHaveAttribute("lang", "ar");
    await expect(page.locator("main")).toContainText("قاعة حنبعل");
    // Its island hydrated from the stored build.
    await expect(page.locator("button[data-star=d2-side-rights][data-ready]")).toBeVisible();

    // Meanwhile the organisers moved that side event; the network comes back.
    server.cli("import", programmeWithRoom(server, "d2-side-rights", "elissa"));
    await server.start();
    await context.setOffline(false);
    await expect(page.locator("#pwa-offline")).toBeHidden();
    await expect(page.locator("#pwa-changed")).toBeVisible();
    await page.locator("[data-pwa=refresh]").tap();
    await expect(page.locator("main")).toContainText("قاعة عليسة");
    await expect(page.locator("#pwa-changed")).toBeHidden();
    await expect(page.locator("button[data-star=d2-side-rights][data-ready]")).toBeVisible();
    expect(errors).toEqual([]);
    await context.close();
  } finally {
    await server.dispose();
  }
});

test("a new build is offered as a reload, and the reload hydrates with that build's files", async ({ browser }) => {
  test.setTimeout(90_000);
  const server = new OwnServer(3102);
  await server.start();
  try {
    const { context, page, errors } = await visit(browser, server);
    const buildA = await page.locator("html").getAttribute("data-build");

    // A deploy: build B replaces build A while the page is open.
    await server.stop();
    server.siteRoot = server.newBuild("B");
    await server.start();
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const prompt = page.locator("#pwa-update");
    await expect(prompt).toBeVisible({ timeout: 30_000 });
    await expect(prompt).toContainText("New version available.");
    await prompt.getByRole("button", { name: "Reload" }).tap();

    await expect(page.locator("html")).not.toHaveAttribute("data-build", buildA!);
    await waitForHydration(page);
    const buildB = await page.locator("html").getAttribute("data-build");
    const loaded = await page.evaluate(() =>
      performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((p) => p.startsWith("/b/")),
    );
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((p) => !p.startsWith(`/b/${buildB}/`))).toEqual([]);
    const css = await page.evaluate(async (b) => (await fetch(`/b/${b}/pkg/companion.css`)).text(), buildB);
    expect(css).toContain("/* build B */");
    await expect(prompt).toBeHidden();
    expect(errors).toEqual([]);
    await context.close();
  } finally {
    await server.dispose();
  }
});

test("the live My schedule page, with the private calendar-feed address, is never stored on the device", async ({ browser }) => {
  test.setTimeout(60_000);
  const server = new OwnServer(3104);
  await server.start();
  try {
    const context = await browser.newContext({ ...phone, baseURL: server.url });
    const errors = collectErrors(await context.newPage());
    const registered = await context.request.post(server.invite("delegate", "feed@icmpd.org"), {
      form: { full_name: "Feed Owner", organisation: "ICMPD", country: "Austria", preferred_language: "en", consent: "yes" },
      maxRedirects: 0,
    });
    expect(registered.status()).toBe(303);
    const page = context.pages()[0];
    await page.goto("/");
    await waitForHydration(page);
    await page.locator("html[data-offline-ready]").waitFor({ state: "attached", timeout: 30_000 });

    const schedule = await page.goto("/schedule");
    expect(schedule?.headers()["cache-control"]).toBe("no-store");
    const token = (await page.content()).match(/\/calendar\/([A-Za-z0-9_-]{20,})\.ics/)?.[1];
    expect(token, "the page shows the feed address").toBeTruthy();
    // Give the service worker time to do whatever it does with the response.
    await page.waitForTimeout(1500);
    const stored = await page.evaluate(async (secret) => {
      const found: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          const body = await (await cache.match(request))!.text();
          if (body.includes(secret)) found.push(`${name} ${request.url}`);
        }
      }
      return found;
    }, token!);
    expect(stored).toEqual([]);
    // The stored My schedule (from the offline bundle) is there, without the address.
    const keys = await page.evaluate(async () => {
      const all: string[] = [];
      for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) all.push(r.url);
      return all;
    });
    expect(keys.some((k) => k.includes("/schedule"))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  } finally {
    await server.dispose();
  }
});
