// The deployment guide's example, run (issue 11): docs/deployment/nginx.conf in front of two app servers
// started with docs/deployment/trame.env.example (only addresses and secrets replaced by this machine's),
// on PostgreSQL, an S3-protocol server and an SMTP server. TLS with a certificate made here; the HTTP
// port redirects; the client's X-Forwarded-For is replaced by nginx; /metrics stays inside; stopping one
// app server (as systemd does, SIGTERM) loses no request.
import { SERVER_NODE_ARGS } from "../../server/node-args";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";
import { configFromEnv } from "../../app/config.server";
import { startServices, type Services } from "../../app/services.server";
import { enqueue } from "../../app/jobs/queue.server";
import { createTestDatabase } from "../support/postgres";
import { startS3, type RunningS3 } from "../support/s3";
import { freePort } from "../support/server";
import { startTrameProcesses, type TrameProcess } from "../support/process";
import { createVerifiedUser } from "../support/services";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request over HTTPS to nginx (its certificate is made here: not checked). */
function call(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
  tls = true,
): Promise<Answer> {
  return new Promise((resolveAnswer, reject) => {
    const send = tls ? httpsRequest : httpRequest;
    const req = send(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        headers: { ...headers, ...(body ? { "content-length": String(Buffer.byteLength(body)) } : {}) },
        rejectUnauthorized: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolveAnswer({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** KEY=VALUE lines of an environment file (comments and blank lines left out). */
function envFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}

describe("the deployment guide's example: nginx with TLS, two app servers, PostgreSQL, S3 and SMTP", () => {
  const dir = mkdtempSync(join(tmpdir(), "trame-deploy-"));
  let s3: RunningS3;
  let pgdb: Awaited<ReturnType<typeof createTestDatabase>>;
  let smtp: SMTPServer;
  const mails: ParsedMail[] = [];
  let admin: Services;
  let servers: TrameProcess[] = [];
  let nginx: ChildProcess;
  let https = 0;
  let http = 0;
  let appUrl = "";
  let example: Record<string, string>;

  beforeAll(async () => {
    example = envFile(readFileSync(resolve("docs/deployment/trame.env.example"), "utf8"));
    s3 = await startS3();
    pgdb = await createTestDatabase();
    const smtpPort = await freePort();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((m) => (mails.push(m), callback()))
          .catch(callback);
      },
    });
    await new Promise<void>((r) => smtp.listen(smtpPort, "127.0.0.1", () => r()));
    https = await freePort();
    http = await freePort();
    appUrl = `https://127.0.0.1:${https}`;
    // The guide's environment file, with this machine's addresses and fresh secrets.
    const env: Record<string, string> = {
      ...example,
      APP_URL: appUrl,
      TRAME_SECRET: randomBytes(32).toString("base64"),
      DATABASE_URL: pgdb.url,
      TRAME_S3_ENDPOINT: s3.endpoint,
      TRAME_S3_BUCKET: s3.bucket,
      TRAME_S3_REGION: "us-east-1",
      TRAME_S3_ACCESS_KEY_ID: "S3RVER",
      TRAME_S3_SECRET_ACCESS_KEY: "S3RVER",
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      LOG_LEVEL: "warn",
    };
    delete env.TRAME_DATA_DIR; // each server its own (as the unit's TRAME_DATA_DIR=/var/lib/trame/%i)
    const adminDir = mkdtempSync(join(dir, "admin-"));
    admin = await startServices(configFromEnv({ ...env, TRAME_DATA_DIR: adminDir, TRAME_WORKER: "0" }), { quiet: true });
    servers = await startTrameProcesses(2, "sqlite", env);

    // A certificate for 127.0.0.1, and the guide's nginx site with this machine's ports and paths.
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    const site = readFileSync(resolve("docs/deployment/nginx.conf"), "utf8")
      .replace("127.0.0.1:3001", `127.0.0.1:${servers[0].port}`)
      .replace("127.0.0.1:3002", `127.0.0.1:${servers[1].port}`)
      .replace("listen 80;", `listen 127.0.0.1:${http};`)
      .replace("listen 443 ssl http2;", `listen 127.0.0.1:${https} ssl http2;`)
      .replace(/ssl_certificate +\S+;/, `ssl_certificate ${join(dir, "cert.pem")};`)
      .replace(/ssl_certificate_key +\S+;/, `ssl_certificate_key ${join(dir, "key.pem")};`);
    expect(site).not.toContain("3001");
    expect(site).not.toContain("letsencrypt");
    mkdirSync(join(dir, "nginx"), { recursive: true });
    writeFileSync(join(dir, "nginx", "site.conf"), site);
    writeFileSync(
      join(dir, "nginx", "main.conf"),
      `worker_processes 1;
pid ${join(dir, "nginx", "nginx.pid")};
error_log ${join(dir, "nginx", "error.log")} warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${join(dir, "nginx", "body")};
  proxy_temp_path ${join(dir, "nginx", "proxy")};
  fastcgi_temp_path ${join(dir, "nginx", "fastcgi")};
  uwsgi_temp_path ${join(dir, "nginx", "uwsgi")};
  scgi_temp_path ${join(dir, "nginx", "scgi")};
  include ${join(dir, "nginx", "site.conf")};
}
`,
    );
    nginx = spawn("nginx", ["-p", join(dir, "nginx"), "-c", join(dir, "nginx", "main.conf"), "-g", "daemon off;"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let nginxErr = "";
    nginx.stderr!.on("data", (c: Buffer) => (nginxErr += c.toString()));
    for (let i = 0; i < 50; i++) {
      const ok = await call(https, "GET", "/healthz").then(
        (a) => a.status === 200,
        () => false,
      );
      if (ok) break;
      if (nginx.exitCode !== null) throw new Error(`nginx exited: ${nginxErr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    nginx?.kill("SIGQUIT");
    await Promise.all(servers.map((s) => s.stop()));
    await admin?.stop();
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
    await pgdb?.drop();
    await s3?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("documents every setting it relies on in the example environment file", () => {
    for (const key of [
      "APP_URL",
      "TRAME_SECRET",
      "TRAME_SECURE_COOKIES",
      "DATABASE_URL",
      "PG_POOL_MAX",
      "TRAME_S3_BUCKET",
      "TRAME_S3_ENDPOINT",
      "TRAME_S3_REGION",
      "TRAME_S3_ACCESS_KEY_ID",
      "TRAME_S3_SECRET_ACCESS_KEY",
      "SMTP_URL",
      "MAIL_FROM",
      "TRAME_TRUSTED_PROXIES",
      "TRAME_METRICS_TOKEN",
      "TRAME_DATA_DIR",
    ]) {
      expect(example, key).toHaveProperty(key);
    }
    const unit = readFileSync(resolve("docs/deployment/trame@.service"), "utf8");
    expect(unit).toContain("EnvironmentFile=/etc/trame/trame.env");
    // The server runs with its heap capped (ADR 037), the same figure everywhere it is started.
    const args = SERVER_NODE_ARGS.join(" ");
    expect(unit).toContain(`ExecStart=/usr/bin/node ${args} server/start.js`);
    const scripts = (JSON.parse(readFileSync(resolve("package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toContain(`node ${args} server/start.js`);
    expect(scripts.serve).toContain(`node ${args} server/start.js`);
    expect(readFileSync(resolve("README.md"), "utf8")).toContain(`ExecStart=/usr/bin/node ${args} server/start.js`);
    expect(unit).toMatch(/KillSignal=SIGTERM/);
  });

  it("redirects HTTP to HTTPS and serves the call over TLS, ready, with HSTS", async () => {
    const plainHttp = await call(http, "GET", "/appels/ptce-emploi-2015", {}, undefined, false);
    expect(plainHttp.status).toBe(301);
    expect(plainHttp.headers.location).toMatch(/^https:\/\/127\.0\.0\.1\/appels\/ptce-emploi-2015$/);
    const ready = await call(https, "GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: "ready", checks: { database: "ok", migrations: "ok", storage: "ok" } });
    expect(ready.headers["strict-transport-security"]).toContain("max-age=");
    const page = await call(https, "GET", "/appels/ptce-emploi-2015");
    expect(page.status).toBe(200);
    expect(page.body).toContain("PTCE");
    expect((await call(https, "GET", "/metrics")).status).toBe(404);
  });

  it("signs in with a Secure cookie, and records nginx's address for the client, not the one it claimed", async () => {
    const user = await createVerifiedUser(admin, "Camille Déploiement");
    const form = new URLSearchParams({ email: user.email, password: user.password, redirectTo: "/espace" }).toString();
    const signIn = await call(
      https,
      "POST",
      "/connexion",
      { origin: appUrl, "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "198.51.100.66" },
      form,
    );
    expect(signIn.status).toBe(303);
    const setCookies = [signIn.headers["set-cookie"] ?? []].flat();
    const session = setCookies.find((c) => c.includes("session_token"));
    expect(session).toMatch(/^__Secure-better-auth\.session_token=/);
    expect(session).toMatch(/; Secure/i);
    const cookie = setCookies.map((c) => c.split(";")[0]).join("; ");
    const space = await call(https, "GET", "/espace", { cookie });
    expect(space.status).toBe(200);
    expect(space.body).toContain("Camille Déploiement");
    const rows = await admin.db.selectFrom("session").select("ipAddress").where("userId", "=", user.id).execute();
    expect(rows.map((r) => r.ipAddress)).toEqual(["127.0.0.1"]);
  });

  it("sends e-mail through SMTP from one server's worker, once", async () => {
    await enqueue(admin.db, "send-mail", { to: "partenaire@example.org", subject: "Déploiement vérifié", text: "Bonjour" });
    for (let i = 0; i < 100 && !mails.some((m) => m.subject === "Déploiement vérifié"); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1000));
    expect(mails.filter((m) => m.subject === "Déploiement vérifié")).toHaveLength(1);
  });

  it("loses no request while one app server stops (SIGTERM, as systemd stops it)", async () => {
    const answers: number[] = [];
    let running = true;
    const load = (async () => {
      while (running) answers.push((await call(https, "GET", "/appels/ptce-emploi-2015")).status);
    })();
    await new Promise((r) => setTimeout(r, 500));
    await servers[0].stop();
    await new Promise((r) => setTimeout(r, 1500));
    running = false;
    await load;
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.filter((s) => s !== 200)).toEqual([]);
    // It finished what it had and ended by itself, cleanly (not killed after the grace period).
    expect(servers[0].child.exitCode).toBe(0);
  });
});
