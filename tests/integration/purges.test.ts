// What the platform records as it works is kept for a while, then purged by the quarter-hourly clean-up
// (issue 11, ADR 048 and 049), on both databases: the record of each e-mail sent (90 days, its attachments
// with it), each webhook delivery finished (30 days), each line of the access log (a year), sessions and
// e-mailed links once expired, and invitations never accepted (30 days after they lapsed). All were kept
// forever, with the addresses, texts, payloads, readings and devices they hold, and grew with every e-mail,
// every event, every dossier opened, every sign-in and every invitation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createVerifiedUser, DATABASES, testEnv, type TestEnv } from "../support/services";
import { sessionCookie } from "../support/server";
import { createMailer, purgeSentEmails } from "../../app/email/mailer.server";
import { purgeOldDeliveries } from "../../app/domain/webhooks/webhooks.server";
import { findCallBySlug } from "../../app/domain/calls/calls.server";
import { purgeOldAccessLog, recordAccess } from "../../app/security/access-log.server";
import { purgeExpiredSessions } from "../../app/auth/sessions.server";
import { purgeLapsedInvitations } from "../../app/domain/privacy/lapsed-invitations.server";

describe.each(DATABASES)("purges of what the platform records, on %s", (kind) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(kind);
  });
  afterAll(async () => env?.close());

  const now = new Date("2026-12-01T10:00:00Z");
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();

  it("deletes the e-mails sent over 90 days ago with their attachments, and keeps the others", async () => {
    const { db, storage } = env.services;
    const mailer = createMailer({ db, storage, from: "trame@example.org" });
    const sent: Record<string, string> = {};
    for (const [label, days] of [
      ["long ago", 91],
      ["lately", 89],
    ] as const) {
      const { id } = await mailer.send({
        to: `purge-${label.replace(" ", "-")}@example.org`,
        subject: `Décision (${label})`,
        text: "Votre dossier n’a pas été retenu.",
        attachments: [{ filename: "lettre.pdf", content: Buffer.from("%PDF-1.7 lettre"), contentType: "application/pdf" }],
      });
      await db
        .updateTable("email")
        .set({ created_at: daysAgo(days) })
        .where("id", "=", id)
        .execute();
      sent[label] = id;
    }
    const keyOf = async (id: string) =>
      (
        JSON.parse(
          (await db.selectFrom("email").select("attachments_json").where("id", "=", id).executeTakeFirstOrThrow()).attachments_json,
        ) as {
          storageKey: string;
        }[]
      )[0].storageKey;
    const oldKey = await keyOf(sent["long ago"]);
    const recentKey = await keyOf(sent.lately);

    expect(await purgeSentEmails(db, storage, now)).toBe(1);
    const left = await db.selectFrom("email").select("id").where("id", "in", Object.values(sent)).execute();
    expect(left.map((e) => e.id)).toEqual([sent.lately]);
    await expect(storage.get(oldKey)).rejects.toThrow();
    expect((await storage.get(recentKey)).toString()).toBe("%PDF-1.7 lettre");
    expect(await purgeSentEmails(db, storage, now)).toBe(0);
  });

  it("deletes the webhook deliveries finished over 30 days ago, and keeps those still to be tried", async () => {
    const { db } = env.services;
    const call = (await findCallBySlug(db, "ptce-emploi-2015"))!;
    const webhookId = randomUUID();
    await db
      .insertInto("webhook")
      .values({
        id: webhookId,
        call_id: call.id,
        url: "https://example.org/hook",
        secret: "s",
        events_json: "[]",
        active: 1,
        created_by: "someone",
        created_at: daysAgo(400),
      })
      .execute();
    const delivery = async (label: string, state: "pending" | "delivered" | "failed", days: number, n = 1) =>
      db
        .insertInto("webhook_delivery")
        .values(
          Array.from({ length: n }, () => ({
            id: randomUUID(),
            webhook_id: webhookId,
            event: "dossier.submitted",
            payload: JSON.stringify({ label }),
            state,
            attempts: 1,
            created_at: daysAgo(days),
          })),
        )
        .execute();
    // More than a batch (500) of an old surge's deliveries.
    await delivery("delivered long ago", "delivered", 31, 700);
    await delivery("failed long ago", "failed", 31);
    await delivery("delivered lately", "delivered", 29);
    await delivery("still to be tried", "pending", 60);

    expect(await purgeOldDeliveries(db, now)).toBe(701);
    const left = await db.selectFrom("webhook_delivery").select("payload").where("webhook_id", "=", webhookId).execute();
    expect(left.map((d) => (JSON.parse(d.payload) as { label: string }).label).sort()).toEqual(["delivered lately", "still to be tried"]);
    expect(await purgeOldDeliveries(db, now)).toBe(0);
  });

  it("deletes the sessions and the e-mailed links that have expired, and keeps those still valid", async () => {
    const { db } = env.services;
    const userId = randomUUID();
    const created = daysAgo(40);
    await db
      .insertInto("user")
      .values({
        id: userId,
        name: "Camille Expirée",
        email: `expiree-${userId}@example.org`,
        emailVerified: kind === "postgres" ? true : 1,
        role: "applicant",
        locale: "fr",
        createdAt: created,
        updatedAt: created,
      } as never)
      .execute();
    const session = (label: string, expiresAt: string) => ({
      id: `${label}-${randomUUID()}`,
      token: randomUUID(),
      userId,
      expiresAt,
      createdAt: created,
      updatedAt: created,
      ipAddress: "203.0.113.7",
      userAgent: label,
    });
    // More than a batch (500) of sessions left behind, and one that ends in a minute.
    await db
      .insertInto("session")
      .values(Array.from({ length: 520 }, () => session("ended", daysAgo(1))) as never)
      .execute();
    await db
      .insertInto("session")
      .values(session("valid", new Date(now.getTime() + 60_000).toISOString()) as never)
      .execute();
    const link = (label: string, expiresAt: string) =>
      ({
        id: `${label}-${randomUUID()}`,
        identifier: `reset-password:${userId}`,
        value: label,
        expiresAt,
        createdAt: created,
        updatedAt: created,
      }) as never;
    await db
      .insertInto("verification")
      .values([link("never followed", daysAgo(2)), link("still valid", new Date(now.getTime() + 15 * 60_000).toISOString())])
      .execute();

    expect(await purgeExpiredSessions(db, now)).toBe(521);
    const sessions = await db.selectFrom("session").select("userAgent").where("userId", "=", userId).execute();
    expect(sessions.map((x) => x.userAgent)).toEqual(["valid"]);
    const links = await db.selectFrom("verification").select("value").where("identifier", "=", `reset-password:${userId}`).execute();
    expect(links.map((x) => x.value)).toEqual(["still valid"]);
    expect(await purgeExpiredSessions(db, now)).toBe(0);

    // A session as better-auth itself writes it (its own date format on each database): kept while it is
    // valid, deleted once its 30 days are over.
    const person = await createVerifiedUser(env.services);
    await sessionCookie(env.services, person.email, person.password);
    const sessionsOfPerson = () => db.selectFrom("session").select("id").where("userId", "=", person.id).execute();
    expect(await sessionsOfPerson()).toHaveLength(1);
    await purgeExpiredSessions(db, new Date());
    expect(await sessionsOfPerson()).toHaveLength(1);
    await purgeExpiredSessions(db, new Date(Date.now() + 31 * 86_400_000));
    expect(await sessionsOfPerson()).toHaveLength(0);
  });

  it("deletes the invitations never accepted a month after they lapsed, and keeps the others", async () => {
    const { db } = env.services;
    const call = (await findCallBySlug(db, "ptce-emploi-2015"))!;
    const organizationId = randomUUID();
    await db
      .insertInto("organization")
      .values({ id: organizationId, name: "PTCE des Invitations", created_by: "someone", created_at: daysAgo(90) })
      .execute();
    const invitation = (label: string, lapsedDaysAgo: number, accepted = false) => ({
      id: randomUUID(),
      email: `${label.replace(/ /g, "-")}@example.org`,
      token_hash: randomUUID(),
      invited_by: "someone",
      created_at: daysAgo(lapsedDaysAgo + 14),
      expires_at: daysAgo(lapsedDaysAgo),
      accepted_at: accepted ? daysAgo(lapsedDaysAgo + 1) : null,
      accepted_by: accepted ? "someone-else" : null,
    });
    await db
      .insertInto("invitation")
      .values([
        { ...invitation("org lapsed long ago", 31), organization_id: organizationId },
        { ...invitation("org lapsed lately", 29), organization_id: organizationId },
        { ...invitation("org accepted", 200, true), organization_id: organizationId },
      ])
      .execute();
    // More than a batch (500) of a call team's invitations never accepted.
    await db
      .insertInto("call_invitation")
      .values([
        ...Array.from({ length: 510 }, () => ({ ...invitation("team lapsed long ago", 31), call_id: call.id, role: "reviewer" as const })),
        { ...invitation("team lapsed lately", 29), call_id: call.id, role: "reviewer" as const },
        { ...invitation("team accepted", 200, true), call_id: call.id, role: "reviewer" as const },
      ])
      .execute();

    expect(await purgeLapsedInvitations(db, now)).toBe(511);
    const orgLeft = await db.selectFrom("invitation").select("email").where("organization_id", "=", organizationId).execute();
    expect(orgLeft.map((i) => i.email).sort()).toEqual(["org-accepted@example.org", "org-lapsed-lately@example.org"]);
    const teamLeft = await db.selectFrom("call_invitation").select("email").where("email", "like", "team-%").execute();
    expect(teamLeft.map((i) => i.email).sort()).toEqual(["team-accepted@example.org", "team-lapsed-lately@example.org"]);
    expect(await purgeLapsedInvitations(db, now)).toBe(0);
  });

  it("deletes the access log's lines after a year, and keeps the year's", async () => {
    const { db } = env.services;
    const call = (await findCallBySlug(db, "ptce-emploi-2015"))!;
    const actorId = randomUUID();
    const organizationId = randomUUID();
    const access = async (detail: string, days: number, n = 1) => {
      for (let i = 0; i < n; i++)
        await recordAccess(db, {
          actorId,
          role: "organiser",
          action: "view",
          callId: call.id,
          organizationId,
          detail,
          now: new Date(daysAgo(days)),
        });
    };
    // More than a batch (500) of a selection's readings, a year and a day ago.
    await access("a year and a day ago", 366, 620);
    await access("a year ago less a day", 364);
    await access("today", 0);

    expect(await purgeOldAccessLog(db, now)).toBe(620);
    const left = await db.selectFrom("access_log").select("detail").where("actor_id", "=", actorId).execute();
    expect(left.map((l) => l.detail).sort()).toEqual(["a year ago less a day", "today"]);
    expect(await purgeOldAccessLog(db, now)).toBe(0);
  });
});
