// The application's parts, built once per process from the configuration and shared by every request.
import { InFlight } from "./ops/in-flight.server";
import { sendIndicatorReminders } from "./domain/community/indicator-model.server";
import { sendCaptureReminders } from "./domain/community/event-follow-up.server";
import { announceVacancy, VACANCY_JOB } from "./domain/decisions/reserve.server";
import { sendReviewReminders } from "./domain/review/assignment-flow.server";
import { purgeIdempotencyKeys } from "./api/idempotency.server";
import { DELIVER_JOB, deliverWebhook, purgeOldDeliveries } from "./domain/webhooks/webhooks.server";
import { join } from "node:path";
import { hostname } from "node:os";
import { writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { getMigrations } from "better-auth/db/migration";
import pino, { type Logger } from "pino";
import type { Config } from "./config.server";
import { migrateToLatest, openDatabase, refreshPlannerStatistics, type Database_, type Kdb } from "./db/database.server";
import { authConfig, createAuth, type Auth } from "./auth/auth.server";
import { createMailer, purgeSentEmails, type Mailer } from "./email/mailer.server";
import { localStorage, type FileStorage } from "./files/storage.server";
import { s3Storage } from "./files/s3-storage.server";
import { purgeFinishedJobs, startWorker, type JobHandler } from "./jobs/queue.server";
import { purgeScheduleClaims, startScheduler, type PeriodicTask } from "./jobs/scheduler.server";
import { listenForForgets, purgeCacheEvents } from "./ops/shared-cache.server";
import { periodicRuns } from "./ops/metrics.server";
import { recountStates } from "./domain/applications/state-counts.server";
import { loadCallPackage } from "./domain/calls/calls.server";
import { sendReceipt } from "./domain/applications/receipt.server";
import { sendDraftReminders } from "./domain/applications/reminders.server";
import { runScheduledAnswers, sendDecisionLetter } from "./domain/decisions/answers.server";
import { runExport } from "./domain/exports/exports.server";
import { INDEX_JOB, indexLatestSubmission, stopCatchingUp } from "./domain/applications/search.server";
import { sendEventReminders } from "./domain/community/events.server";
import { sendDigests } from "./domain/community/exchanges.server";
import { ptceEmploi2015 } from "../content/calls/ptce-emploi-2015/call";
import type { OutgoingMail } from "./email/mailer.server";
import { runRetentionOncePerDay } from "./domain/privacy/retention.server";
import { purgeThrottles } from "./security/throttle.server";
import { purgeOldAccessLog } from "./security/access-log.server";
import { purgeExpiredSessions } from "./auth/sessions.server";
import { purgeLapsedInvitations } from "./domain/privacy/lapsed-invitations.server";

export interface Services {
  config: Config;
  database: Database_;
  db: Kdb;
  auth: Auth;
  mailer: Mailer;
  storage: FileStorage;
  log: Logger;
  jobHandlers: Record<string, JobHandler>;
  /** Set when the process is shutting down: /readyz answers 503 so the proxy sends no new requests. */
  draining: boolean;
  /** The work of requests under way (pages, autosaves, the API, files), which a stop waits for. */
  requests: InFlight;
  /**
   * Waits for the requests' work under way, stops the job worker, the scheduler and the searches' index
   * catch-ups (waiting for what they are running), then closes the pools.
   */
  stop(): Promise<void>;
}

let current: Services | null = null;

export function services(): Services {
  if (!current) throw new Error("Services are not started");
  return current;
}

export async function startServices(config: Config, options: { quiet?: boolean } = {}): Promise<Services> {
  const log = pino({ level: options.quiet ? "warn" : config.logLevel });
  const database = openDatabase({
    url: config.databaseUrl,
    sqlitePath: join(config.dataDir, "trame.sqlite"),
    // Not in the in-process test servers (hundreds of them); the server processes and the bench have it.
    checkpointInBackground: process.env.NODE_ENV !== "test",
  });
  const db = database.db;
  await migrateToLatest(db);
  await refreshPlannerStatistics(db, { atStart: true });
  const authOptions = {
    db,
    dialect: database.dialect,
    kind: database.kind,
    appUrl: config.appUrl,
    secret: config.secret,
    secureCookies: config.secureCookies,
  };
  const { runMigrations } = await getMigrations(authConfig(authOptions));
  await runMigrations();
  const auth = createAuth(authOptions);
  const storage = config.s3 ? s3Storage(config.s3) : localStorage(join(config.dataDir, "files"));
  const mailer = createMailer({ db, storage, from: config.mailFrom, smtpUrl: config.smtpUrl });
  const jobHandlers: Record<string, JobHandler> = {
    // Queued mails are JSON: attachments travel base64-encoded.
    "send-mail": async (p) => {
      const { attachments, ...mail } = p as Omit<OutgoingMail, "attachments"> & {
        attachments?: { filename: string; contentBase64: string; contentType: string }[];
      };
      await mailer.send({
        ...mail,
        attachments: attachments?.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: Buffer.from(a.contentBase64, "base64"),
        })),
      });
    },
    "send-receipt": (p) => sendReceipt(db, mailer, config.appUrl, p as { submissionId: string; locale: "fr" | "en" }),
    "send-decision-letter": (p) => sendDecisionLetter(db, mailer, p as { transitionId: string }),
    "send-answers": (p) => runScheduledAnswers(db, config.appUrl, p as { callId: string; actorId: string }),
    export: (p) => runExport(db, storage, p as { exportId: string; locale: "fr" | "en" }),
    [INDEX_JOB]: (p) => indexLatestSubmission(db, p as { dossierId: string }),
    [VACANCY_JOB]: async (p) =>
      void (await announceVacancy(db, { ...(p as { callId: string; dossierId: string }), appUrl: config.appUrl })),
    [DELIVER_JOB]: (p) => deliverWebhook(db, p as { deliveryId: string }, { allowPrivate: config.webhooksAllowPrivate }),
  };
  const loaded = await loadCallPackage(db, ptceEmploi2015, { timeline: config.callTimeline });
  if (loaded.created) log.info({ callId: loaded.callId }, "default call loaded");
  await ensureOrganiser(database, auth, config, log);
  const stopJobs = config.runWorker ? startWorker(db, jobHandlers, 500, (e) => log.error({ err: e }, "job worker")) : async () => {};
  // Periodic tasks: each slot runs on one process only, whatever the number of servers (ADR 027).
  const every = (ms: number) => config.periodicMs ?? ms;
  const tasks: PeriodicTask[] = [
    { name: "draft-reminders", everyMs: every(15 * 60_000), run: () => sendDraftReminders(db, config.appUrl) },
    { name: "event-reminders", everyMs: every(15 * 60_000), run: () => sendEventReminders(db, config.appUrl) },
    { name: "indicator-reminders", everyMs: every(15 * 60_000), run: () => sendIndicatorReminders(db, config.appUrl) },
    { name: "capture-reminders", everyMs: every(15 * 60_000), run: () => sendCaptureReminders(db, config.appUrl) },
    { name: "review-reminders", everyMs: every(15 * 60_000), run: () => sendReviewReminders(db, config.appUrl) },
    { name: "daily-digests", everyMs: every(15 * 60_000), run: () => sendDigests(db, config.appUrl) },
    {
      name: "retention",
      everyMs: every(15 * 60_000),
      run: async () => {
        const n = await runRetentionOncePerDay(db, storage);
        if (n) log.info({ purged: n }, "retention: dossiers purged");
      },
    },
    // Counters of attempts idle for a day, cache events read long ago, old claims, jobs run and webhook
    // deliveries finished a month ago, e-mails sent three months ago, the access log's lines after a year,
    // expired sessions and e-mailed links, invitations never accepted a month after they lapsed: dropped.
    {
      name: "clean-up",
      everyMs: every(15 * 60_000),
      run: async () => (
        await purgeThrottles(db),
        await purgeCacheEvents(db),
        await purgeScheduleClaims(db),
        await purgeIdempotencyKeys(db),
        await purgeFinishedJobs(db),
        await purgeSentEmails(db, storage),
        await purgeOldDeliveries(db),
        await purgeOldAccessLog(db),
        await purgeExpiredSessions(db),
        await purgeLapsedInvitations(db)
      ),
    },
    // The list's per-state counts, recounted from the dossiers: no drift outlives a quarter of an hour.
    { name: "recount-states", everyMs: every(15 * 60_000), run: () => recountStates(db) },
    // SQLite's planner statistics, refreshed where the data has changed much (PostgreSQL: autovacuum).
    { name: "planner-statistics", everyMs: every(60 * 60_000), run: () => refreshPlannerStatistics(db, { atStart: false }) },
  ];
  const stopScheduler = config.runWorker
    ? startScheduler(db, tasks, {
        by: `${hostname()}:${process.pid}`,
        tickMs: config.periodicMs ? Math.max(50, Math.floor(config.periodicMs / 5)) : 30_000,
        onError: (task, e) => log.error({ err: e, task }, "periodic task"),
        onRun: (task) => periodicRuns.inc({ task }),
      })
    : async () => {};
  const requests = new InFlight();
  const stopListening = listenForForgets(db, { onError: (e) => log.warn({ err: e }, "shared cache events") });
  current = {
    config,
    database,
    db,
    auth,
    mailer,
    storage,
    log,
    jobHandlers,
    draining: false,
    requests,
    async stop() {
      await requests.settled();
      stopListening();
      await Promise.all([stopJobs(), stopScheduler(), stopCatchingUp(db)]);
      await database.close();
      if (current?.database === database) current = null;
    },
  };
  return current;
}

/** First start: an organiser account, its credentials printed once and kept in the data folder. */
async function ensureOrganiser(database: Database_, auth: Auth, config: Config, log: Logger): Promise<void> {
  const db = database.db;
  const existing = await db.selectFrom("user").select("id").where("role", "=", "organiser").executeTakeFirst();
  if (existing) return;
  const email = config.organiserEmail;
  const password = config.organiserPassword ?? randomBytes(12).toString("base64url");
  await auth.api.signUpEmail({ body: { name: "Équipe de l’appel", email, password } });
  await db
    .updateTable("user")
    .set({ role: "organiser", emailVerified: database.kind === "postgres" ? true : 1 })
    .where("email", "=", email)
    .execute();
  // The verification e-mail queued by sign-up is pointless for this account.
  await db.deleteFrom("job").where("type", "=", "send-mail").where("payload_json", "like", `%${email}%`).execute();
  const file = join(config.dataDir, "organiser-credentials.txt");
  writeFileSync(file, `E-mail: ${email}\nMot de passe: ${password}\n`, { mode: 0o600 });
  // The password never goes to the log (logs are kept and shipped): it is shown once on an interactive
  // terminal, and otherwise only kept in the file, readable by the server's user alone.
  log.info({ email, credentialsFile: file }, "organiser account created; its password is in the credentials file");
  if (!process.env.VITEST && process.stdout.isTTY)
    console.log(`\n  Organiser account / Compte organisateur\n  e-mail:   ${email}\n  password: ${password}\n  (saved in ${file})\n`);
}
