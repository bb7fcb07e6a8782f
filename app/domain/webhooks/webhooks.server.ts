// Webhooks per call (issue 13): an organiser registers an address and the events it wants; each event
// becomes one delivery per webhook, logged, sent by the job queue (retried with its backoff when the
// receiver fails) and signed as the Standard Webhooks specification says (webhook-id, webhook-timestamp,
// webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">), so receivers can use its libraries.
// A delivery can be replayed from the log. Addresses in private networks are refused unless the platform
// allows them (TRAME_WEBHOOKS_ALLOW_PRIVATE=1), checked again at each connection (no DNS rebinding).
import { createHmac, randomBytes } from "node:crypto";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import http from "node:http";
import https from "node:https";
import { daysBefore, deleteChosenInBatches, type Kdb } from "../../db/database.server";
import { reusableQuery } from "../../db/reusable-query.server";
import { DomainError, NotFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { enqueueAll, MAX_ATTEMPTS } from "../../jobs/queue.server";
import { assertOrganisesCall } from "../access/policy.server";

export const WEBHOOK_EVENTS = ["dossier.submitted", "decision.sent", "charter.signed", "registration.created"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number] | "ping";
export const DELIVER_JOB = "deliver-webhook";
/** Webhooks one call may have. */
const MAX_PER_CALL = 10;
const TIMEOUT_MS = 10_000;

export interface Webhook {
  id: string;
  callId: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: string;
}

/** Loopback, private, link-local, carrier-grade NAT, unique-local and unspecified addresses. */
export function isPrivateAddress(address: string): boolean {
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (isIP(v4) === 4) {
    const [a, b] = v4.split(".").map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  const x = address.toLowerCase();
  return x === "::" || x === "::1" || x.startsWith("fc") || x.startsWith("fd") || x.startsWith("fe80");
}

/** An address Trame may post to: http(s), no credentials in it, https unless private addresses are allowed. */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new DomainError("webhooks.urlInvalid", 400);
  }
  if (raw.length > 2000 || (url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password)
    throw new DomainError("webhooks.urlInvalid", 400);
  if (!allowPrivate) {
    if (url.protocol !== "https:") throw new DomainError("webhooks.httpsOnly", 400);
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (host === "localhost" || host.endsWith(".localhost") || (isIP(host) && isPrivateAddress(host)))
      throw new DomainError("webhooks.privateAddress", 400);
  }
  return url;
}

const toWebhook = (r: { id: string; call_id: string; url: string; events_json: string; active: number; created_at: string }): Webhook => ({
  id: r.id,
  callId: r.call_id,
  url: r.url,
  events: JSON.parse(r.events_json) as string[],
  active: Number(r.active) === 1,
  createdAt: r.created_at,
});

export async function webhooksOf(db: Kdb, input: { callId: string; actorId: string }): Promise<Webhook[]> {
  await assertOrganisesCall(db, input.actorId, input.callId);
  const rows = await db.selectFrom("webhook").selectAll().where("call_id", "=", input.callId).orderBy("created_at").execute();
  return rows.map(toWebhook);
}

/** Registers a webhook; its signing secret is in the answer, shown once. */
export async function createWebhook(
  db: Kdb,
  input: { callId: string; actorId: string; url: string; events: string[]; allowPrivate: boolean; now?: Date },
): Promise<{ webhook: Webhook; secret: string }> {
  await assertOrganisesCall(db, input.actorId, input.callId);
  const url = checkWebhookUrl(input.url, input.allowPrivate);
  const events = [...new Set(input.events)].filter((e): e is (typeof WEBHOOK_EVENTS)[number] =>
    (WEBHOOK_EVENTS as readonly string[]).includes(e),
  );
  if (!events.length) throw new DomainError("webhooks.eventsRequired", 400);
  const count = await db
    .selectFrom("webhook")
    .select(db.fn.countAll<number>().as("n"))
    .where("call_id", "=", input.callId)
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_PER_CALL) throw new DomainError("webhooks.tooMany", 400, { max: MAX_PER_CALL });
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  const row = {
    id: newId(),
    call_id: input.callId,
    url: url.toString(),
    secret,
    events_json: JSON.stringify(events),
    active: 1,
    created_by: input.actorId,
    created_at: (input.now ?? new Date()).toISOString(),
  };
  await db.insertInto("webhook").values(row).execute();
  return { webhook: toWebhook(row), secret };
}

async function ownWebhook(db: Kdb, input: { webhookId: string; actorId: string }) {
  const row = await db.selectFrom("webhook").selectAll().where("id", "=", input.webhookId).executeTakeFirst();
  if (!row) throw new NotFound();
  await assertOrganisesCall(db, input.actorId, row.call_id);
  return row;
}

export async function setWebhookActive(db: Kdb, input: { webhookId: string; actorId: string; active: boolean }): Promise<void> {
  await ownWebhook(db, input);
  await db
    .updateTable("webhook")
    .set({ active: input.active ? 1 : 0 })
    .where("id", "=", input.webhookId)
    .execute();
}

/** Removes a webhook; its deliveries go with it (their jobs find nothing and end). */
export async function deleteWebhook(db: Kdb, input: { webhookId: string; actorId: string }): Promise<void> {
  await ownWebhook(db, input);
  await db.deleteFrom("webhook_delivery").where("webhook_id", "=", input.webhookId).execute();
  await db.deleteFrom("webhook").where("id", "=", input.webhookId).execute();
}

/** How long a finished delivery (delivered, or failed for good) is kept in its webhook's log. */
export const DELIVERIES_KEPT_DAYS = 30;

/**
 * Deletes the deliveries finished more than 30 days ago, webhook by webhook, a batch at a time; those still
 * to be tried are kept. Returns how many went. Each event's payload (a dossier's organisation, its number)
 * was kept forever, and the log grew with every event (issue 11).
 */
export async function purgeOldDeliveries(db: Kdb, now = new Date()): Promise<number> {
  const before = daysBefore(now, DELIVERIES_KEPT_DAYS);
  let purged = 0;
  for (const hook of await db.selectFrom("webhook").select("id").execute())
    purged += await deleteChosenInBatches(db, "webhook_delivery", (limit) =>
      db
        .selectFrom("webhook_delivery")
        .select("id")
        .where("webhook_id", "=", hook.id)
        .where("created_at", "<", before)
        .where("state", "in", ["delivered", "failed"])
        .limit(limit),
    );
  return purged;
}

export async function deliveriesOf(db: Kdb, input: { webhookId: string; actorId: string; limit?: number }) {
  await ownWebhook(db, input);
  return db
    .selectFrom("webhook_delivery")
    .select(["id", "event", "state", "attempts", "last_status", "last_error", "created_at", "last_attempt_at", "delivered_at", "replay_of"])
    .where("webhook_id", "=", input.webhookId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(input.limit ?? 50)
    .execute();
}

async function queueDeliveries(
  db: Kdb,
  deliveries: { webhookId: string; event: string; payload: string; replayOf?: string }[],
  now: Date,
): Promise<string[]> {
  if (!deliveries.length) return [];
  const rows = deliveries.map((d) => ({
    id: newId(),
    webhook_id: d.webhookId,
    event: d.event,
    payload: d.payload,
    state: "pending" as const,
    attempts: 0,
    last_status: null,
    last_error: null,
    created_at: now.toISOString(),
    last_attempt_at: null,
    delivered_at: null,
    replay_of: d.replayOf ?? null,
  }));
  await db.insertInto("webhook_delivery").values(rows).execute();
  await enqueueAll(
    db,
    rows.map((r) => ({ type: DELIVER_JOB, payload: { deliveryId: r.id } })),
  );
  return rows.map((r) => r.id);
}

/**
 * An event of a call, for every active webhook of the call that asked for it. The payload is the same
 * for all: { id, type, created_at, call_id, data }. Costs one indexed read when the call has no webhook.
 */
// Asked at every submission, in its transaction: compiled once (reusable-query.server.ts).
const activeWebhooks = reusableQuery((db: Kdb, callId: string) =>
  db.selectFrom("webhook").select(["id", "events_json"]).where("call_id", "=", callId).where("active", "=", 1),
);

export async function emitWebhookEvent(
  db: Kdb,
  input: { callId: string; type: (typeof WEBHOOK_EVENTS)[number]; data: Record<string, unknown>; now?: Date },
): Promise<number> {
  const hooks = (await activeWebhooks(db, input.callId)).rows;
  const wanted = hooks.filter((h) => (JSON.parse(h.events_json) as string[]).includes(input.type));
  if (!wanted.length) return 0;
  const now = input.now ?? new Date();
  const payload = JSON.stringify({ id: newId(), type: input.type, created_at: now.toISOString(), call_id: input.callId, data: input.data });
  return (
    await queueDeliveries(
      db,
      wanted.map((h) => ({ webhookId: h.id, event: input.type, payload })),
      now,
    )
  ).length;
}

/** A test event, to check the receiver from the webhooks page. */
export async function pingWebhook(db: Kdb, input: { webhookId: string; actorId: string; now?: Date }): Promise<void> {
  const row = await ownWebhook(db, input);
  const now = input.now ?? new Date();
  const payload = JSON.stringify({ id: newId(), type: "ping", created_at: now.toISOString(), call_id: row.call_id, data: {} });
  await queueDeliveries(db, [{ webhookId: row.id, event: "ping", payload }], now);
}

/** Sends a logged delivery again, as a new delivery with the same payload (same event id). */
export async function replayDelivery(db: Kdb, input: { deliveryId: string; actorId: string; now?: Date }): Promise<string> {
  const d = await db
    .selectFrom("webhook_delivery")
    .select(["id", "webhook_id", "event", "payload"])
    .where("id", "=", input.deliveryId)
    .executeTakeFirst();
  if (!d) throw new NotFound();
  await ownWebhook(db, { webhookId: d.webhook_id, actorId: input.actorId });
  const [id] = await queueDeliveries(
    db,
    [{ webhookId: d.webhook_id, event: d.event, payload: d.payload, replayOf: d.id }],
    input.now ?? new Date(),
  );
  return id;
}

/** The Standard Webhooks signature of a delivery. */
export function signDelivery(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/** A DNS lookup that refuses private addresses: the check holds for the address actually connected to. */
function guardedLookup(allowPrivate: boolean) {
  return (
    hostname: string,
    options: object,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      const bad = !allowPrivate && list.some((a) => isPrivateAddress(a.address));
      if (bad || !list.length) return callback(Object.assign(new Error("address refused"), { code: "EWEBHOOKPRIVATE" }), []);
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

function post(url: URL, body: string, headers: Record<string, string>, allowPrivate: boolean): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host) && !allowPrivate && isPrivateAddress(host)) return reject(new Error("address refused"));
    const request = (url.protocol === "https:" ? https : http).request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: guardedLookup(allowPrivate) as never,
        timeout: TIMEOUT_MS,
      },
      (res) => {
        res.resume(); // the receiver's answer is not kept: only its status
        res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
        res.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    request.on("error", reject);
    request.end(body);
  });
}

/**
 * The job: one attempt at a delivery. A 2xx marks it delivered; anything else is logged on the delivery
 * and thrown, so the queue retries it with its backoff; after the last attempt it is marked failed.
 */
export async function deliverWebhook(
  db: Kdb,
  payload: { deliveryId: string },
  options: { allowPrivate: boolean; userAgent?: string; now?: Date },
): Promise<void> {
  const d = await db
    .selectFrom("webhook_delivery")
    .innerJoin("webhook", "webhook.id", "webhook_delivery.webhook_id")
    .select([
      "webhook_delivery.id",
      "webhook_delivery.payload",
      "webhook_delivery.attempts",
      "webhook_delivery.state",
      "webhook.url",
      "webhook.secret",
      "webhook.active",
    ])
    .where("webhook_delivery.id", "=", payload.deliveryId)
    .executeTakeFirst();
  if (!d || d.state === "delivered") return; // webhook deleted, or already delivered
  const now = options.now ?? new Date();
  const attempts = Number(d.attempts) + 1;
  const timestamp = Math.floor(now.getTime() / 1000);
  let status: number | null = null;
  let error: string | null = null;
  try {
    const r = await post(
      new URL(d.url),
      d.payload,
      {
        "content-type": "application/json",
        "user-agent": options.userAgent ?? "Trame-Webhooks/1",
        "webhook-id": d.id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signDelivery(d.secret, d.id, timestamp, d.payload),
      },
      options.allowPrivate,
    );
    status = r.status;
    if (status < 200 || status >= 300) error = `HTTP ${status}`;
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const delivered = error === null;
  await db
    .updateTable("webhook_delivery")
    .set({
      attempts,
      last_status: status,
      last_error: error?.slice(0, 500) ?? null,
      last_attempt_at: now.toISOString(),
      state: delivered ? "delivered" : attempts >= MAX_ATTEMPTS ? "failed" : "pending",
      delivered_at: delivered ? now.toISOString() : null,
    })
    .where("id", "=", d.id)
    .execute();
  if (!delivered) throw new Error(`webhook delivery ${d.id}: ${error}`);
}
