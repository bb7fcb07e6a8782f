// Configuration from the environment, with the embedded defaults: SQLite file, local files and captured
// e-mail under TRAME_DATA_DIR. Never name a variable BASE_URL (Vitest sets it): the app URL is APP_URL.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { DEFAULT_LIMITS, type UploadLimits } from "./domain/applications/attachments.server";
import { parseTrustedProxies } from "./security/client-address";

export interface Config {
  port: number;
  appUrl: string;
  dataDir: string;
  databaseUrl?: string;
  smtpUrl?: string;
  mailFrom: string;
  secret: string;
  secureCookies: boolean;
  uploadLimits: UploadLimits;
  callTimeline: "shifted" | "original";
  runWorker: boolean;
  logLevel: string;
  organiserEmail: string;
  organiserPassword?: string;
  /** Reverse proxies whose X-Forwarded-For is believed (IPs, CIDR ranges, "loopback"…); none by default. */
  trustedProxies: string[];
  /** S3-compatible object storage for uploaded files and exports (several app servers); local disk when absent. */
  s3?: S3Config;
  /** Every periodic task's period, for tests and trials only (normally a quarter of an hour). */
  periodicMs?: number;
  /** Webhooks may post to private-network addresses and plain http (trials and tests; never on a public platform). */
  webhooksAllowPrivate: boolean;
}

export interface S3Config {
  bucket: string;
  /** Another provider than AWS (MinIO, Garage, Scaleway, OVHcloud, Outscale…): its URL. */
  endpoint?: string;
  region: string;
  /** Keys under this prefix only (several instances in one bucket). */
  prefix: string;
  /** Path-style addressing (bucket in the path), which most S3-compatible servers want. */
  forcePathStyle: boolean;
  /** Credentials; when absent, the AWS SDK's usual chain (AWS_ACCESS_KEY_ID…, instance role). */
  accessKeyId?: string;
  secretAccessKey?: string;
}

function s3FromEnv(env: NodeJS.ProcessEnv): S3Config | undefined {
  const bucket = env.TRAME_S3_BUCKET;
  if (!bucket) return undefined;
  const endpoint = env.TRAME_S3_ENDPOINT || undefined;
  return {
    bucket,
    endpoint,
    region: env.TRAME_S3_REGION || "us-east-1",
    prefix: (env.TRAME_S3_PREFIX ?? "").replace(/^\/+|\/+$/g, ""),
    forcePathStyle: env.TRAME_S3_PATH_STYLE ? env.TRAME_S3_PATH_STYLE === "1" : Boolean(endpoint),
    accessKeyId: env.TRAME_S3_ACCESS_KEY_ID || undefined,
    secretAccessKey: env.TRAME_S3_SECRET_ACCESS_KEY || undefined,
  };
}

function persistentSecret(dataDir: string): string {
  const file = join(dataDir, "secret.key");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  const dataDir = resolve(env.TRAME_DATA_DIR ?? "data");
  mkdirSync(dataDir, { recursive: true });
  const appUrl = (env.APP_URL ?? `http://localhost:${port}`).replace(/\/$/, "");
  const mb = (v: string | undefined, d: number) => (v ? Number(v) * 1024 * 1024 : d);
  return {
    port,
    appUrl,
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? "Trame <ne-pas-repondre@trame.local>",
    secret: env.TRAME_SECRET ?? env.BETTER_AUTH_SECRET ?? persistentSecret(dataDir),
    // Secure cookies whenever served over HTTPS; TRAME_SECURE_COOKIES=1 forces them (browsers accept them on localhost).
    secureCookies: env.TRAME_SECURE_COOKIES ? env.TRAME_SECURE_COOKIES === "1" : appUrl.startsWith("https://"),
    uploadLimits: {
      maxFileBytes: mb(env.TRAME_MAX_FILE_MB, DEFAULT_LIMITS.maxFileBytes),
      maxDossierBytes: mb(env.TRAME_MAX_DOSSIER_MB, DEFAULT_LIMITS.maxDossierBytes),
    },
    callTimeline: env.TRAME_CALL_DATES === "original" ? "original" : "shifted",
    runWorker: env.TRAME_WORKER !== "0",
    logLevel: env.LOG_LEVEL ?? "info",
    organiserEmail: env.TRAME_ORGANISER_EMAIL ?? "organisation@trame.local",
    organiserPassword: env.TRAME_ORGANISER_PASSWORD || undefined,
    trustedProxies: parseTrustedProxies(env.TRAME_TRUSTED_PROXIES),
    s3: s3FromEnv(env),
    periodicMs: env.TRAME_PERIODIC_MS ? Math.max(100, Number(env.TRAME_PERIODIC_MS)) : undefined,
    webhooksAllowPrivate: env.TRAME_WEBHOOKS_ALLOW_PRIVATE === "1",
  };
}
