import { defineConfig } from "@playwright/test";

// The real server binary from `cargo leptos build`, on a fresh SQLite file with the demo
// programme, its clock set inside the conference (10:15 on day one in Tunis).
const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = "../target/e2e";

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    locale: "en-GB",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: `rm -rf ${dataDir} && exec ../target/debug/server`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      DATABASE_URL: `sqlite://${dataDir}/companion.db`,
      LEPTOS_SITE_ROOT: "../target/site",
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      COMPANION_NOW: "2024-11-27T10:15:00+01:00",
      RUST_LOG: "warn",
    },
  },
});
