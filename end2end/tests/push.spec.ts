import { ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { Page } from "@playwright/test";
import { collectErrors, expect, test, waitForHydration } from "./fixtures";
import { OwnServer } from "./own-server";

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "en-GB" };
const MOCK_PORT = 3950;
const mockUrl = `http://127.0.0.1:${MOCK_PORT}`;

async function startMockPush(): Promise<ChildProcess> {
  const child = spawn(resolve("../target/debug/mock-push"), [String(MOCK_PORT)], { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${mockUrl}/messages`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("mock push service did not start");
}

async function register(page: Page, path: string) {
  await page.goto(path);
  await page.getByLabel("Organisation *").fill("Police aux frontières");
  await page.getByLabel("Country or delegation *").fill("Tunisie");
  await page.getByLabel("Preferred working language *").selectOption("fr");
  await page.getByLabel(/I agree/).check();
  await page.getByRole("button", { name: "Send registration" }).tap();
  await expect(page).toHaveURL(/\/me$/);
}

test("a delegate turns on notifications, an organiser moves their session, the phone shows it in French", async ({ browser }) => {
  test.setTimeout(90_000);
  const mock = await startMockPush();
  const server = new OwnServer(3103, undefined, {
    COMPANION_PUSH_ALLOW_INSECURE_HOSTS: `127.0.0.1:${MOCK_PORT}`,
    COMPANION_PUSH_COALESCE_MS: "500",
  });
  await server.start();
  try {
    // The browser's own push service is out of reach here: pushManager.subscribe hands out a
    // subscription of the mock push service instead, which really receives and decrypts.
    const subscription = await (await fetch(`${mockUrl}/subscribe`, { method: "POST" })).json();
    const delegate = await browser.newContext({ ...phone, baseURL: server.url });
    await delegate.grantPermissions(["notifications"], { origin: server.url });
    await delegate.addInitScript((sub) => {
      const fake = {
        endpoint: sub.endpoint,
        expirationTime: null,
        toJSON: () => ({ endpoint: sub.endpoint, expirationTime: null, keys: sub.keys }),
        unsubscribe: async () => (localStorage.removeItem("test-subscribed"), true),
      };
      PushManager.prototype.subscribe = async function (options) {
        (window as any).__applicationServerKey = Array.from(new Uint8Array(options.applicationServerKey));
        localStorage.setItem("test-subscribed", "1");
        return fake as unknown as PushSubscription;
      };
      PushManager.prototype.getSubscription = async function () {
        return (localStorage.getItem("test-subscribed") ? fake : null) as unknown as PushSubscription;
      };
    }, subscription);
    const page = await delegate.newPage();
    const errors = collectErrors(page);
    await register(page, server.invite("delegate", "nadia@interieur.gov.tn"));

    await page.goto("/?lang=fr&day=2024-11-27");
    await waitForHydration(page);
    const star = page.locator("button[data-star=d1-side-digital][data-ready]");
    await star.tap();
    await expect(star).toHaveAttribute("aria-pressed", "true");
    await expect(star).not.toHaveAttribute("data-pending", "true");

    // Permission is asked only after the tap.
    await page.goto("/me");
    const panel = page.locator("#push-panel");
    await expect(panel.locator("[data-push=on]")).toBeVisible();
    await panel.getByRole("button", { name: "Activer les notifications" }).tap();
    await expect(panel.locator("form[data-push=settings]")).toBeVisible();
    await expect(panel.getByLabel("Changements de mes sessions")).toBeChecked();
    const key = await page.evaluate(async () => (await (await fetch("/api/v1/push/key")).json()).public_key);
    const sent = await page.evaluate(() => (window as any).__applicationServerKey as number[]);
    expect(Buffer.from(sent).toString("base64url")).toBe(key);
    const mine = await page.evaluate(async () => (await fetch("/api/v1/me/push-subscriptions")).json());
    expect(mine).toEqual([
      { endpoint: subscription.endpoint, lang: "fr", notify_changes: true, notify_announcements: true, reminder_minutes: 10 },
    ]);
    await panel.getByLabel("Rappel avant mes sessions").selectOption("15");
    await expect(panel.locator("[data-push=saved]")).toBeVisible();

    // The organiser moves the session, on the console.
    const organiserContext = await browser.newContext({ ...phone, baseURL: server.url });
    const organiser = await organiserContext.newPage();
    const organiserErrors = collectErrors(organiser);
    await organiser.goto(server.invite("organiser", "protocol@icmpd.org"));
    await organiser.getByRole("button", { name: "Sign in on this device" }).tap();
    await organiser.getByRole("link", { name: "Programme changes" }).tap();
    const form = organiser.locator("#session-d1-side-digital");
    await form.getByLabel("Room").selectOption("hannibal");
    await form.getByRole("button", { name: "Save and notify" }).tap();
    const progress = organiser.locator("[data-notification]");
    await expect(progress).toHaveAttribute("data-done", "true", { timeout: 15_000 });
    await expect(progress).toHaveText("Notified: 1 sent · 0 failed · 0 pending of 1");

    // What the mock push service received, decrypted: one message, in French.
    const messages = await (await fetch(`${mockUrl}/messages?endpoint=${encodeURIComponent(subscription.endpoint)}`)).json();
    expect(messages).toHaveLength(1);
    const message = JSON.parse(messages[0].payload);
    expect(message.title).toBe(
      "Changement de salle : Événement parallèle — Numérique et IA dans la gestion des frontières : les recommandations d’Amman",
    );
    expect(message.body).toBe("Désormais Salle Hannibal (au lieu de Salle Elissa), mercredi 27, 14:30–16:00 (Tunis)");

    // The phone's service worker receives it and shows it.
    const cdp = await delegate.newCDPSession(page);
    const registration = new Promise<string>((resolve) =>
      cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
        const live = registrations.find((r: { isDeleted: boolean }) => !r.isDeleted);
        if (live) resolve(live.registrationId);
      }),
    );
    await cdp.send("ServiceWorker.enable");
    const registrationId = await registration;
    // A push delivered while the worker is still installing (it stores every page first, which
    // takes a while on a cold debug build) is lost: wait until it is active.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await cdp.send("ServiceWorker.deliverPushMessage", { origin: server.url, registrationId, data: messages[0].payload });
    await expect
      .poll(async () =>
        page.evaluate(async () => {
          const reg = await navigator.serviceWorker.ready;
          return (await reg.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: n.data.url }));
        }),
        { timeout: 15_000 },
      )
      .toEqual([{ title: message.title, body: message.body, tag: "session-d1-side-digital", url: "/sessions/d1-side-digital" }]);

    expect(errors).toEqual([]);
    expect(organiserErrors).toEqual([]);
    await delegate.close();
    await organiserContext.close();
  } finally {
    mock.kill("SIGKILL");
    await server.dispose();
  }
});
