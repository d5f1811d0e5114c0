import { ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { collectErrors, expect, test } from "./fixtures";
import { OwnServer } from "./own-server";

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "en-GB" };
const PORT = 3310;
const publicUrl = `http://127.0.0.1:${PORT}`;
const amina = { name: "أمينة بن صالح", email: "amina@example.org" };

type Mail = { subject: string; to: string; message_id: string; text: string; html: string };

/** The real SMTP sink of the server's own tests (aiosmtpd): it binds a free port itself and
 * says which, so no port is guessed; each accepted mail lands in `dir` as parsed JSON. */
async function startSink(dir: string): Promise<{ child: ChildProcess; port: number }> {
  const python = resolve("../target/fuzz/venv/bin/python");
  const child = spawn(python, [resolve("../server/tests/support/smtp_sink.py"), "--dir", dir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error("SMTP sink did not say READY")), 10_000);
    let out = "";
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      const ready = out.match(/READY (\d+)/);
      if (ready) (clearTimeout(timer), ok(Number(ready[1])));
    });
    child.once("exit", (code) => fail(new Error(`SMTP sink exited (${code}) before READY`)));
  });
  return { child, port };
}

/** The mails the sink accepted for `email`, oldest first. The organiser's own invitation (from
 * `server invite`) is mailed too, so mails are told apart by recipient, not by count. */
function mailsTo(dir: string, email: string): Mail[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(dir, name), "utf8")) as Mail)
    .filter((mail) => mail.to.includes(email));
}

test("an Arabic invitation by mail opens the form in Arabic, and after the deadline the closed page", async ({ browser }) => {
  test.setTimeout(90_000);
  const sinkDir = mkdtempSync(join(tmpdir(), "dc-e2e-mail-"));
  const sink = await startSink(sinkDir);
  // Links in mails use the public URL: here the test server's own, so the mailed link opens.
  const server = new OwnServer(PORT, undefined, {
    COMPANION_SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    COMPANION_MAIL_FROM: "IBMC 2024 <ibmc@icmpd.org>",
    COMPANION_PUBLIC_URL: publicUrl,
    COMPANION_NOW: "2024-11-06T10:00:00+01:00", // three weeks before the conference
  });
  await server.start();
  try {
    // The organiser signs in with a CLI-made link, as in access.spec.ts.
    const organiser = await browser.newContext({ ...phone, baseURL: server.url });
    const page = await organiser.newPage();
    const errors = collectErrors(page);
    await page.goto(server.invite("organiser", "protocol@icmpd.org"));
    await page.getByRole("button", { name: "Sign in on this device" }).tap();
    await expect(page).toHaveURL(/\/organiser$/);
    await expect(page.getByText("Invitations, reminders and answers are mailed automatically.")).toBeVisible();

    // Deadline, typed in venue time (Tunis) through the plain form.
    await page.getByLabel("Registration deadline").fill("2024-11-20T23:59");
    await page.getByRole("button", { name: "Save the deadline" }).tap();
    await expect(page.getByRole("status")).toHaveText("Deadline saved.");
    // Once set, the deadline section is folded: open it to read what was saved.
    await page.locator("details.deadline > summary").tap();
    await expect(page.locator(".deadline-now")).toHaveText(
      "Registration closes on 20 November 2024, 23:59 (Tunis time, UTC+01:00).",
    );

    // The organiser's console is in English; the invitation is to be in Arabic.
    await page.locator("summary", { hasText: "Invite someone" }).tap();
    await page.getByLabel("Name *").fill(amina.name);
    await page.getByLabel("E-mail *").fill(amina.email);
    await page.getByLabel("Organisation").first().fill("الحرس الوطني");
    await page.getByLabel("Country or delegation").first().fill("تونس");
    await page.getByLabel("Language of the invitation").selectOption("ar");
    await page.getByRole("button", { name: "Create the invitation" }).tap();
    const shownLink = await page.locator(".created-links input.link").inputValue();
    const token = shownLink.match(/\/invite\/([A-Za-z0-9_-]{43})/)![1];

    // The mail reaches a real SMTP server; Python's parser reads it as a mail client would.
    await expect
      .poll(() => mailsTo(sinkDir, amina.email).length, { timeout: 15_000, message: "invitation mailed" })
      .toBe(1);
    const mail = mailsTo(sinkDir, amina.email)[0];
    expect(mail.to).toContain(amina.name);
    expect(mail.subject).toMatch(/^دعوة/);
    expect(mail.html).toContain('dir="rtl"');
    expect(mail.text).toContain("20 نوفمبر 2024، الساعة 23:59");
    const link = mail.text.match(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+\?lang=ar/)?.[0];
    // The same single-use link the organiser was shown, on the public URL, in Arabic.
    expect(link).toBe(`${publicUrl}/invite/${token}?lang=ar`);

    // Amina's phone: no cookies, an English browser; the link alone makes the page Arabic.
    const first = await browser.newContext(phone);
    const invitee = await first.newPage();
    const inviteeErrors = collectErrors(invitee);
    const opened = await invitee.goto(link!);
    expect(opened!.status()).toBe(200);
    await expect(invitee.locator("html")).toHaveAttribute("lang", "ar");
    await expect(invitee.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(invitee.getByRole("heading", { level: 1 })).toHaveText("التسجيل");
    await expect(invitee.locator("form input[name=full_name]")).toHaveValue(amina.name);
    expect(inviteeErrors, "console errors on the registration form").toEqual([]);
    await first.close();

    // The console tells the organiser the mail went out. The sink writes its files before it
    // answers 250, and the server records "sent" after that answer: reload until it shows.
    const sent = page.locator(
      `li.card.person[data-person="${amina.email}"] details.mails li.mail[data-kind="invitation"][data-status="sent"]`,
    );
    await expect(async () => {
      await page.goto("/organiser");
      await expect(sent).toHaveCount(1, { timeout: 500 });
    }).toPass({ timeout: 15_000 });
    await page.locator(`li.card.person[data-person="${amina.email}"] details.mails > summary`).tap();
    await expect(sent).toContainText("Invitation");
    await expect(sent).toContainText("(AR)");
    expect(errors, "console errors on the organiser's console").toEqual([]);
    await organiser.close();

    // The day after the deadline: same database, the server's clock moved on.
    await server.stop();
    server.extraEnv.COMPANION_NOW = "2024-11-21T09:00:00+01:00";
    await server.start();
    const later = await browser.newContext(phone);
    const closed = await later.newPage();
    const response = await closed.goto(link!);
    expect(response!.status()).toBe(410);
    await expect(closed.locator("html")).toHaveAttribute("lang", "ar");
    await expect(closed.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(closed.getByRole("heading", { name: "التسجيل مغلق" })).toBeVisible();
    await expect(closed.getByRole("alert")).toContainText("20 نوفمبر 2024، الساعة 23:59");
    await expect(closed.locator("form input[name=full_name]")).toHaveCount(0);
    await later.close();
  } finally {
    await server.dispose();
    sink.child.kill("SIGTERM");
    rmSync(sinkDir, { recursive: true, force: true });
  }
});
