// PWA benchmark, against the release build (cargo leptos build --release --precompress):
//   1. first-load transfer (brotli) of the app's own files: wasm + js + css + pwa.js;
//   2. time to the agenda painted on an offline second visit (no network for page or service
//      worker: the server is stopped), headless Chromium, median of 11 (target ≤ 1 s);
//   3. LCP of a first visit under Lighthouse-like mobile throttling (150 ms RTT, 1.6 Mbps down,
//      750 kbps up, 4× CPU slowdown), median of 5 (target ≤ 2.5 s).
// Run: node bench/pwa.mjs
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync } from "node:zlib";

const root = new URL("..", import.meta.url).pathname;
const require = createRequire(join(root, "end2end/package.json"));
const { chromium } = require("@playwright/test");
const PORT = 3360;
const url = `http://127.0.0.1:${PORT}`;
const launch = {
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
};
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: "en-GB" };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = mkdtempSync(join(tmpdir(), "dc-bench-pwa-"));
let server;

async function startServer() {
  server = spawn(join(root, "target/release/server"), [], {
    env: { ...process.env, DATABASE_URL: `sqlite://${dir}/bench.db`, LEPTOS_SITE_ADDR: `127.0.0.1:${PORT}`, LEPTOS_SITE_ROOT: join(root, "target/site"), COMPANION_NOW: "2024-11-27T10:15:00+01:00", RUST_LOG: "warn" },
    stdio: "ignore",
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not start");
}

async function stopServer() {
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGKILL");
  await exited;
}

function transfer() {
  const pkg = join(root, "target/site/pkg");
  const rows = ["companion.wasm", "companion.js", "companion.css"].map((f) => [f, statSync(join(pkg, `${f}.br`)).size]);
  rows.push(["pwa.js", brotliCompressSync(readFileSync(join(root, "public/pwa.js"))).length]);
  const total = rows.reduce((n, [, b]) => n + b, 0);
  console.log("1. first-load transfer, brotli:");
  for (const [f, b] of rows) console.log(`   ${f.padEnd(16)} ${(b / 1024).toFixed(1).padStart(7)} KB`);
  console.log(`   ${"total".padEnd(16)} ${(total / 1024).toFixed(1).padStart(7)} KB`);
}

async function offlineSecondVisit(browser) {
  await startServer();
  const context = await browser.newContext({ ...phone, baseURL: url });
  const page = await context.newPage();
  await page.goto("/");
  await page.locator("html[data-offline-ready]").waitFor({ state: "attached", timeout: 60_000 });
  await stopServer();
  await context.setOffline(true);
  const times = [];
  for (let i = 0; i < 11; i++) {
    const fresh = await context.newPage();
    const t0 = Date.now();
    await fresh.goto("/", { waitUntil: "commit" });
    await fresh.locator(".card").first().waitFor({ state: "visible" });
    times.push(Date.now() - t0);
    await fresh.close();
  }
  await context.close();
  console.log(`2. offline second visit, agenda painted: median ${median(times)} ms (min ${Math.min(...times)}, max ${Math.max(...times)}; target ≤ 1000 ms)`);
}

async function throttledFirstVisit(browser) {
  await startServer();
  const lcps = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext({ ...phone, baseURL: url });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await page.goto("/", { waitUntil: "load" });
    await page.waitForTimeout(1500);
    const lcp = await page.evaluate(
      () =>
        new Promise((resolve) => {
          new PerformanceObserver((list) => {
            const entries = list.getEntries();
            resolve(entries[entries.length - 1].startTime);
          }).observe({ type: "largest-contentful-paint", buffered: true });
        }),
    );
    lcps.push(Math.round(lcp));
    await context.close();
  }
  await stopServer();
  console.log(`3. first visit LCP, 150 ms RTT / 1.6 Mbps / 4× CPU: median ${median(lcps)} ms (runs: ${lcps.join(", ")}; target ≤ 2500 ms)`);
}

try {
  transfer();
  const browser = await chromium.launch(launch);
  await offlineSecondVisit(browser);
  await throttledFirstVisit(browser);
  await browser.close();
} finally {
  if (server && server.exitCode === null) server.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
}
