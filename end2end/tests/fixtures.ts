import { test as base, expect, Page } from "@playwright/test";

/** Fails a test on any console error or uncaught page error (hydration errors included).
 * A request failing because the test took the browser offline is expected, not an error. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors = collectErrors(page);
    await use(errors);
    expect(errors, "console errors").toEqual([]);
  },
});

export { expect };

/** Console errors and uncaught exceptions of `page`, for pages of contexts a test makes itself. */
export function collectErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && !msg.text().includes("net::ERR_INTERNET_DISCONNECTED")) errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

/** The live-filter island sets this from an Effect once it has hydrated. */
export async function waitForHydration(page: Page) {
  await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });
}

/** Marks the current document; a full reload or navigation loses the mark. */
export async function markDocument(page: Page) {
  await page.evaluate(() => ((window as any).__sameDocument = true));
}

export async function isSameDocument(page: Page) {
  return page.evaluate(() => (window as any).__sameDocument === true);
}
