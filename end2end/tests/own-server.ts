import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const binary = resolve("../target/debug/server");
export const builtSite = resolve("../target/site");

/** A server of the test's own, on its own port and database, that the test can stop and start
 * again: the only honest way to cut a service worker's network too, and to swap builds. */
export class OwnServer {
  private child?: ChildProcess;
  readonly dir = mkdtempSync(join(tmpdir(), "dc-e2e-"));

  constructor(
    readonly port: number,
    public siteRoot = builtSite,
    readonly extraEnv: Record<string, string> = {},
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  private get env() {
    return {
      ...process.env,
      DATABASE_URL: `sqlite://${this.dir}/companion.db`,
      LEPTOS_SITE_ROOT: this.siteRoot,
      LEPTOS_SITE_ADDR: `127.0.0.1:${this.port}`,
      COMPANION_NOW: "2024-11-27T10:15:00+01:00",
      COMPANION_AGENDA_POLL_MS: "200",
      RUST_LOG: "warn",
      ...this.extraEnv,
    };
  }

  async start() {
    this.child = spawn(binary, [], { env: this.env, stdio: "ignore" });
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${this.url}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`server on ${this.port} did not start`);
  }

  async stop() {
    const child = this.child;
    // Killed by a signal, a child has no exit code but a signal code: stopped all the same.
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  }

  /** Runs a `server` subcommand (import, invite) on this server's database. */
  cli(...args: string[]) {
    return execFileSync(binary, args, { env: this.env }).toString();
  }

  /** A single-use invitation link's path, made as an organiser would with `server invite`. */
  invite(role: string, email: string) {
    const link = this.cli("invite", "--role", role, "--name", `Test ${role}`, "--email", email).trim();
    return new URL(link).pathname;
  }

  /** A copy of the built site with one file changed: another build, as a deploy would bring. */
  newBuild(marker: string) {
    const root = join(this.dir, `site-${marker}`);
    cpSync(builtSite, root, { recursive: true });
    rmSync(join(root, "pkg", "companion.css.br"), { force: true });
    rmSync(join(root, "pkg", "companion.css.gz"), { force: true });
    execFileSync("sh", ["-c", `printf '\\n/* build ${marker} */\\n' >> "${join(root, "pkg", "companion.css")}"`]);
    return root;
  }

  async dispose() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
