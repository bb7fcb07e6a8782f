// End-to-end support: the built server in its own process (as `npm start` runs it), Debian's chromium
// through playwright-core (never a downloaded browser), and an axe scan of each page.
import { SERVER_NODE_ARGS } from "../../server/node-args";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { chromium, type Browser, type Page } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { afterAll, beforeAll, expect } from "vitest";
import { freePort } from "./server";
import { plain } from "./text";

export interface AppProcess {
  url: string;
  dataDir: string;
  proc: ChildProcess;
  db(): Database.Database;
  stop(): Promise<void>;
}

export async function startApp(env: Record<string, string> = {}): Promise<AppProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "trame-e2e-"));
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(process.execPath, [...SERVER_NODE_ARGS, "server/start.js"], {
    env: { ...process.env, PORT: String(port), APP_URL: url, TRAME_DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  proc.stdout?.on("data", (d) => (output += d));
  proc.stderr?.on("data", (d) => (output += d));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${url}/`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (proc.exitCode !== null) throw new Error(`Trame exited: ${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  let handle: Database.Database | null = null;
  return {
    url,
    dataDir,
    proc,
    db() {
      handle ??= new Database(join(dataDir, "trame.sqlite"), { readonly: true });
      return handle;
    },
    async stop() {
      handle?.close();
      proc.kill("SIGTERM");
      await new Promise((r) => proc.once("exit", r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      "--disable-quic",
    ],
  });
}

let scanner: { browser: Browser; page: Page } | null = null;

/**
 * axe (WCAG 2.1 A/AA rules): no serious or critical violation on this page. A page shown without
 * JavaScript is scanned as it is: its exact HTML is copied into a scanning tab on the same origin
 * (axe itself needs JavaScript to run).
 */
export async function expectAccessible(page: Page, where: string, options: { jsDisabled?: boolean } = {}): Promise<void> {
  let target = page;
  if (options.jsDisabled) {
    const browser = page.context().browser()!;
    if (!scanner || scanner.browser !== browser) {
      const ctx = await browser.newContext({ bypassCSP: true });
      scanner = { browser, page: await ctx.newPage() };
    }
    const origin = new URL(page.url()).origin;
    if (!scanner.page.url().startsWith(origin)) await scanner.page.goto(`${origin}/accessibilite`);
    await scanner.page.setContent(await page.content(), { waitUntil: "load" });
    target = scanner.page;
  }
  const result = await new AxeBuilder({ page: target }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    `axe on ${where}`,
  ).toEqual([]);
}

/** Waits for an e-mail to an address whose subject starts with `subject`, captured by the app. */
export async function waitForEmail(app: AppProcess, to: string, subject: string, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    // Subjects are written with French no-break spaces; the test names them with ordinary spaces.
    const rows = app.db().prepare("select * from email where to_addr = ? order by created_at desc").all(to) as {
      text_body: string;
      attachments_json: string;
      subject: string;
    }[];
    const row = rows.find((r) => plain(r.subject).startsWith(subject));
    if (row) return row;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`No e-mail « ${subject} » to ${to}`);
}

/**
 * One app process and one chromium for a test file: registers beforeAll/afterAll and returns getters.
 */
export function appAndBrowser(env: Record<string, string> = {}): { app: () => AppProcess; browser: () => Browser } {
  let app: AppProcess | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    app = await startApp(env);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  return { app: () => app!, browser: () => browser! };
}

/** A new browser context (French), signed in through the sign-in page. */
export async function signInPage(
  browser: Browser,
  url: string,
  email: string,
  password: string,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR", javaScriptEnabled: options.javaScriptEnabled ?? true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${url}/connexion`);
  await page.locator("#input-email").fill(email);
  await page.locator("#input-password").fill(password);
  await page.getByRole("button", { name: "Se connecter", exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/connexion"));
  return page;
}
