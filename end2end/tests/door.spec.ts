import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Browser, BrowserContext, Page, chromium } from "@playwright/test";
import { collectErrors, expect, test } from "./fixtures";
import { OwnServer } from "./own-server";

// The door with a real camera pipeline: Chromium's fake camera plays a video of the QR code that
// the delegate's /me shows, the door page reads it (jsQR here: Linux Chromium has no
// BarcodeDetector), checks it offline and shows the verdict. The server is stopped for the
// scans: the verdicts come from the device alone, and the queue reaches the server once it is back.

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "en-GB" };
const WIDTH = 640;
const HEIGHT = 480;

async function register(page: Page, path: string) {
  await page.goto(path);
  await page.getByLabel("Organisation *").fill("Garde nationale");
  await page.getByLabel("Country or delegation *").fill("Tunisia");
  await page.getByLabel("Preferred working language *").selectOption("en");
  await page.getByLabel(/I agree/).check();
  await page.getByRole("button", { name: "Send registration" }).tap();
  await expect(page).toHaveURL(/\/me$/);
}

/** Confirms the person with `email`, through the API, from the organiser's page. */
async function confirm(organiser: Page, email: string) {
  const status = await organiser.evaluate(async (email) => {
    const people = await (await fetch("/api/v1/people")).json();
    const person = people.find((p: { email: string }) => p.email === email);
    return (await fetch(`/api/v1/people/${person.id}/confirm`, { method: "POST" })).status;
  }, email);
  expect(status).toBe(200);
}

/** The QR of the pass as /me draws it, on white, as a Y4M video for Chromium's fake camera. */
async function passVideo(me: Page, file: string) {
  const luma: string = await me.evaluate(
    async ([width, height]) => {
      const svg = document.querySelector(".pass-qr svg")!.outerHTML;
      const image = new Image();
      image.src = `data:image/svg+xml;base64,${btoa(svg)}`;
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext("2d")!;
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, width, height);
      const side = height - 40;
      context.drawImage(image, (width - side) / 2, 20, side, side);
      const rgba = context.getImageData(0, 0, width, height).data;
      let out = "";
      for (let i = 0; i < rgba.length; i += 4) out += String.fromCharCode(rgba[i]);
      return btoa(out);
    },
    [WIDTH, HEIGHT],
  );
  const y = Buffer.from(luma, "base64");
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2), 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), y, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(file, Buffer.concat([header, ...Array(5).fill(frame)]));
}

async function cameraBrowser(launch: object, video: string): Promise<Browser> {
  const options = launch as { args?: string[] };
  return chromium.launch({
    ...options,
    args: [
      ...(options.args ?? []),
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
}

test("the door reads the pass from the camera, admits once, works with the server down and syncs later", async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const server = new OwnServer(3141);
  await server.start();
  let doorBrowser: Browser | undefined;
  try {
    const contexts: BrowserContext[] = [];
    const open = async (b: Browser) => {
      const context = await b.newContext({ ...phone, baseURL: server.url, permissions: [] });
      contexts.push(context);
      return context.newPage();
    };
    const organiser = await open(browser);
    await organiser.goto(server.invite("organiser", "org@icmpd.org"));
    await organiser.getByRole("button", { name: "Sign in on this device" }).tap();
    await expect(organiser).toHaveURL(/\/organiser$/);

    // The delegate registers, is confirmed and sees the pass on /me.
    const delegate = await open(browser);
    await register(delegate, server.invite("delegate", "amina@icmpd.org"));
    await confirm(organiser, "amina@icmpd.org");
    await delegate.goto("/me");
    await expect(delegate.locator(".pass-qr svg")).toBeVisible();
    const video = join(server.dir, "pass.y4m");
    await passVideo(delegate, video);

    // Door staff, on a device whose camera sees the pass.
    doorBrowser = await cameraBrowser(testInfo.project.use.launchOptions!, video);
    const doorContext = await doorBrowser.newContext({ ...phone, baseURL: server.url, permissions: ["camera"] });
    // The door's clock inside the conference (the pass is valid on its days only), running.
    await doorContext.clock.install({ time: new Date("2024-11-27T08:20:00+01:00") });
    const door = await doorContext.newPage();
    const errors = collectErrors(door);
    await register(door, server.invite("door", "gate@icmpd.org"));
    await confirm(organiser, "gate@icmpd.org");
    await door.goto("/door");
    await expect(door.locator("h1")).toHaveText("Door check");
    const scanner = door.locator("[data-door-page]");
    await expect(scanner).toHaveAttribute("data-roster", /\d+/);
    await expect(scanner).toHaveAttribute("data-decoder", "ready");
    // The service worker keeps the door page for a reload without a network.
    await door.locator("html[data-offline-ready]").waitFor({ state: "attached", timeout: 30_000 });
    // (Made door staff after registering: the stored pages are refreshed for the new role.)
    for (let i = 0; i < 30; i++) {
      if (await door.evaluate(async () => Boolean(await caches.match(`${location.origin}/__page/en/door`)))) break;
      await door.waitForTimeout(1000);
    }
    expect(await door.evaluate(async () => Boolean(await caches.match(`${location.origin}/__page/en/door`)))).toBe(true);

    // The Wi-Fi goes: the server is unreachable.
    await server.stop();
    await door.getByRole("button", { name: "Start the camera" }).tap();
    const verdict = door.locator("[data-verdict]");
    await expect(verdict).toHaveAttribute("data-result", "admitted", { timeout: 15_000 });
    await expect(verdict).toContainText("ADMIT");
    await expect(verdict).toContainText("Test delegate");
    await expect(scanner).toHaveAttribute("data-queued", "1");
    // The same phone again, a few seconds later: this device remembers.
    await expect(verdict).toHaveAttribute("data-result", "already_admitted", { timeout: 15_000 });
    await expect(verdict).toContainText("ALREADY ADMITTED");
    await expect(verdict).toContainText(/First admitted at \d\d:\d\d, door main/);
    await door.getByRole("button", { name: "Next" }).tap();
    await door.getByRole("button", { name: "Stop the camera" }).tap();
    await expect(scanner).toHaveAttribute("data-queued", "2");

    // Reloaded without a network: the page, the roster and the queue are all still there.
    await door.reload();
    await expect(scanner).toHaveAttribute("data-ready", "true");
    await expect(scanner).toHaveAttribute("data-queued", "2");
    await door.getByLabel("Name or organisation").fill("test del");
    await expect(door.locator("[data-matches] li")).toHaveCount(1);
    await door.locator("[data-matches]").getByRole("button", { name: "Admit" }).tap();
    await expect(verdict).toHaveAttribute("data-result", "already_admitted");
    await door.getByRole("button", { name: "Next" }).tap();

    // The network is back: the queue goes to the server, which agrees.
    await server.start();
    await door.getByRole("button", { name: "Send now" }).tap();
    await expect(scanner).toHaveAttribute("data-queued", "0", { timeout: 15_000 });
    const attendance = await organiser.evaluate(async () => (await fetch("/api/v1/attendance.csv")).text());
    const amina = attendance.split("\n").find((line) => line.startsWith("Test delegate,"));
    expect(amina).toMatch(/,2024-11-27T08:2\d\+01:00,main,d-[0-9a-f]{12},scan$/);
    await organiser.goto("/organiser/arrivals");
    await expect(organiser.locator(".arrived-count")).toHaveAttribute("data-arrived", "1");

    // Revoked by the organisers: the door's next roster refuses the same pass.
    const revoked = await organiser.evaluate(async () => {
      const people = await (await fetch("/api/v1/people")).json();
      const person = people.find((p: { email: string }) => p.email === "amina@icmpd.org");
      return (await fetch(`/api/v1/people/${person.id}/revoke`, { method: "POST" })).status;
    });
    expect(revoked).toBe(200);
    await door.getByRole("button", { name: "Send now" }).tap();
    await door.getByRole("button", { name: "Start the camera" }).tap();
    await expect(verdict).toHaveAttribute("data-result", "revoked", { timeout: 15_000 });
    await expect(verdict).toContainText("REVOKED");
    await expect(verdict).not.toContainText("Test delegate");
    // Only the requests the stopped server could not answer failed.
    expect(errors.filter((e) => !e.includes("Failed to load resource") && !e.includes("ERR_CONNECTION_REFUSED"))).toEqual([]);
    for (const context of contexts) await context.close();
  } finally {
    await doorBrowser?.close();
    await server.stop();
  }
});
