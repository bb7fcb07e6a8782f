// Webhooks per call (issue 13) on both databases, against a real HTTP receiver on 127.0.0.1: each event
// (dossier submitted, decision sent, charter signed, registration) delivered once, signed as Standard
// Webhooks says; a failing receiver retried with the queue's backoff and logged; a replay; private
// addresses refused at creation and at connection; only the call's organisers manage them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import { DATABASES, createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { acceptIntoCommunity, defaultCall, organiserId, submittedDossier } from "../support/dossiers";
import { runDueJobs } from "../../app/jobs/queue.server";
import {
  createWebhook,
  deleteWebhook,
  deliverWebhook,
  deliveriesOf,
  replayDelivery,
  setWebhookActive,
  webhooksOf,
  DELIVER_JOB,
} from "../../app/domain/webhooks/webhooks.server";
import { addCallMember } from "../../app/domain/review/reviews.server";
import { NotFound } from "../../app/lib/errors";
import { currentCharter, signCharter } from "../../app/domain/charter/charter.server";
import { createEvent, register } from "../../app/domain/community/events.server";

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe.each(DATABASES)("webhooks on %s", (kind) => {
  let env: TestEnv;
  let receiver: Server;
  let url = "";
  let status = 200;
  const received: Received[] = [];
  let organiser = "";
  let callId = "";
  const appUrl = "https://trame.test";

  beforeAll(async () => {
    env = await testEnv(kind, { TRAME_WEBHOOKS_ALLOW_PRIVATE: "1" });
    organiser = await organiserId(env.services);
    callId = (await defaultCall(env.services)).id;
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
        res.statusCode = status;
        res.end("ok");
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
    url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/trame`;
  });
  afterAll(async () => {
    await new Promise((r) => receiver?.close(r));
    await env?.close();
  });
  beforeEach(() => {
    received.length = 0;
    status = 200;
  });

  const deliverAll = (now?: Date) => runDueJobs(env.services.db, env.services.jobHandlers, { limit: 100, now });
  const verify = (secret: string, r: Received) => {
    const id = String(r.headers["webhook-id"]);
    const ts = String(r.headers["webhook-timestamp"]);
    const expected = createHmac("sha256", Buffer.from(secret.replace(/^whsec_/, ""), "base64"))
      .update(`${id}.${ts}.${r.body}`)
      .digest("base64");
    return r.headers["webhook-signature"] === `v1,${expected}` && Math.abs(Date.now() / 1000 - Number(ts)) < 300;
  };

  it("refuses plain http and private addresses on a public platform, and non-organisers", async () => {
    const db = env.services.db;
    const base = { callId, actorId: organiser, events: ["dossier.submitted"] };
    await expect(createWebhook(db, { ...base, url: "http://outil.example.org/x", allowPrivate: false })).rejects.toMatchObject({
      messageKey: "webhooks.httpsOnly",
    });
    await expect(createWebhook(db, { ...base, url: "https://127.0.0.1/x", allowPrivate: false })).rejects.toMatchObject({
      messageKey: "webhooks.privateAddress",
    });
    await expect(createWebhook(db, { ...base, url: "https://[::1]/x", allowPrivate: false })).rejects.toMatchObject({
      messageKey: "webhooks.privateAddress",
    });
    await expect(createWebhook(db, { ...base, url: "https://localhost/x", allowPrivate: false })).rejects.toMatchObject({
      messageKey: "webhooks.privateAddress",
    });
    await expect(createWebhook(db, { ...base, url: "ftp://outil.example.org/x", allowPrivate: true })).rejects.toMatchObject({
      messageKey: "webhooks.urlInvalid",
    });
    await expect(
      createWebhook(db, { ...base, url: "https://outil.example.org/x", events: ["n'importe quoi"], allowPrivate: false }),
    ).rejects.toMatchObject({ messageKey: "webhooks.eventsRequired" });
    const reviewer = await createVerifiedUser(env.services, "Évaluatrice");
    await addCallMember(db, { callId, userId: reviewer.id, role: "reviewer", actorId: organiser });
    await expect(
      createWebhook(db, { ...base, actorId: reviewer.id, url: "https://outil.example.org/x", allowPrivate: false }),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(webhooksOf(db, { callId, actorId: reviewer.id })).rejects.toBeInstanceOf(NotFound);
    // Created with a private address where allowed, a delivery still refuses to connect where it is not.
    const { webhook } = await createWebhook(db, { ...base, url, allowPrivate: true });
    const sub = await submittedDossier(env.services, { name: "PTCE Privé" });
    const delivery = await db.selectFrom("webhook_delivery").select("id").where("webhook_id", "=", webhook.id).executeTakeFirstOrThrow();
    await expect(deliverWebhook(db, { deliveryId: delivery.id }, { allowPrivate: false })).rejects.toThrow(/refused/);
    expect(received).toHaveLength(0);
    expect(sub.id).toBeTruthy();
    await deleteWebhook(db, { webhookId: webhook.id, actorId: organiser });
    await db.deleteFrom("job").where("type", "=", DELIVER_JOB).execute();
  });

  it("delivers each event once, signed, with the submission, the decision, the charter and a registration", async () => {
    const db = env.services.db;
    const { webhook, secret } = await createWebhook(db, {
      callId,
      actorId: organiser,
      url,
      events: ["dossier.submitted", "decision.sent", "charter.signed", "registration.created"],
      allowPrivate: true,
    });
    const d = await submittedDossier(env.services, { name: "PTCE Signal", answers: { charter_sign: "yes" } });
    await deliverAll();
    expect(received).toHaveLength(1);
    expect(verify(secret, received[0])).toBe(true);
    const submitted = JSON.parse(received[0].body) as {
      type: string;
      call_id: string;
      data: { dossier_id: string; organisation: { name: string }; submission_number: number };
    };
    expect(submitted).toMatchObject({ type: "dossier.submitted", call_id: callId, data: { dossier_id: d.id, submission_number: 1 } });
    expect(submitted.data.organisation.name).toBe("Association PTCE Signal");
    expect(received[0].headers["content-type"]).toBe("application/json");

    await acceptIntoCommunity(db, {
      callId,
      actorId: organiser,
      appUrl,
      decisions: [{ dossierId: d.id, decision: "accepted", reasons: "Retenu pour la communauté." }],
    });
    const text = await currentCharter(db);
    await signCharter(db, {
      organizationId: d.org,
      userId: d.owner.id,
      signatoryName: "Camille Martin",
      signatoryRole: "Coprésidente",
      consent: true,
      textVersion: text.version,
      appUrl,
    });
    const day = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);
    const eventId = await createEvent(db, {
      callId,
      actorId: organiser,
      kind: "meeting",
      title: "Rencontre nationale",
      date: day,
      startTime: "09:30",
      endTime: "17:00",
      address: "Paris",
      programme: "Capitalisation",
      capacity: 3,
    });
    await register(db, { eventId, userId: d.owner.id, appUrl });
    await register(db, { eventId, userId: d.owner.id, appUrl }); // a second click: no second event
    await deliverAll();
    const types = received.slice(1).map((r) => (JSON.parse(r.body) as { type: string }).type);
    expect(types.sort()).toEqual(["charter.signed", "decision.sent", "registration.created"]);
    expect(received.every((r) => verify(secret, r))).toBe(true);
    const decision = received
      .map((r) => JSON.parse(r.body) as { type: string; data: { decision?: string; dossier_id?: string } })
      .find((x) => x.type === "decision.sent")!;
    expect(decision.data).toMatchObject({ dossier_id: d.id, decision: "accepted" });
    const log = await deliveriesOf(db, { webhookId: webhook.id, actorId: organiser });
    expect(log.map((l) => l.state)).toEqual(["delivered", "delivered", "delivered", "delivered"]);
    await deleteWebhook(db, { webhookId: webhook.id, actorId: organiser });
  });

  it("retries a failing receiver with backoff, logs each attempt, marks it failed at the end, and replays on request", async () => {
    const db = env.services.db;
    const { webhook, secret } = await createWebhook(db, {
      callId,
      actorId: organiser,
      url,
      events: ["dossier.submitted"],
      allowPrivate: true,
    });
    status = 503;
    await submittedDossier(env.services, { name: "PTCE Panne" });
    await deliverAll();
    expect(received).toHaveLength(1);
    let [delivery] = await deliveriesOf(db, { webhookId: webhook.id, actorId: organiser });
    expect(delivery).toMatchObject({ state: "pending", attempts: 1, last_status: 503, last_error: "HTTP 503" });
    // Not again right away: the queue waits before the next attempt.
    await deliverAll();
    expect(received).toHaveLength(1);
    const job = await db
      .selectFrom("job")
      .select(["run_at", "status"])
      .where("type", "=", DELIVER_JOB)
      .where("status", "=", "pending")
      .executeTakeFirstOrThrow();
    expect(Date.parse(job.run_at)).toBeGreaterThan(Date.now() + 30_000);
    // Later, five more failures: failed for good.
    for (let i = 2; i <= 6; i++) await deliverAll(new Date(Date.now() + i * 3_600_000 * 24));
    [delivery] = await deliveriesOf(db, { webhookId: webhook.id, actorId: organiser });
    expect(delivery).toMatchObject({ state: "failed", attempts: 6 });
    expect(received).toHaveLength(6);
    // The receiver is mended: the organiser replays it, same event, new delivery.
    status = 204;
    await replayDelivery(db, { deliveryId: delivery.id, actorId: organiser });
    await deliverAll();
    expect(received).toHaveLength(7);
    expect(JSON.parse(received[6].body).id).toBe(JSON.parse(received[0].body).id);
    expect(received[6].headers["webhook-id"]).not.toBe(received[0].headers["webhook-id"]);
    expect(verify(secret, received[6])).toBe(true);
    const log = await deliveriesOf(db, { webhookId: webhook.id, actorId: organiser });
    expect(log[0]).toMatchObject({ state: "delivered", replay_of: delivery.id });
    // Paused: nothing is sent.
    await setWebhookActive(db, { webhookId: webhook.id, actorId: organiser, active: false });
    await submittedDossier(env.services, { name: "PTCE Pause" });
    await deliverAll();
    expect(received).toHaveLength(7);
    await deleteWebhook(db, { webhookId: webhook.id, actorId: organiser });
  });
});
