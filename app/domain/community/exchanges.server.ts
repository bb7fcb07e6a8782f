// Remote exchanges (issue 3): discussion threads by theme (or about a visit or meeting), replies with
// attachments and @mentions, e-mail notifications by each member's preference — at once, in a daily
// digest, or none (mentions are always sent unless "none") — and members' participation over the period.
import { frenchOrder } from "../../db/collation.server";
import { writeOnce, type Kdb } from "../../db/database.server";
import { indexDocument, searchDocuments } from "../../db/text-search.server";
import type { FileStorage } from "../../files/storage.server";
import { isLocale, t } from "../../i18n/i18n";
import { enqueue } from "../../jobs/queue.server";
import { DomainError, NotFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { formatParisDateTime, parisClock, parisToday } from "../../lib/paris-time";
import { sanitiseFileName, sniffType, type UploadLimits } from "../applications/attachments.server";
import { communityDossiers } from "../applications/lifecycle.server";
import { communityAccess } from "./community.server";
import { THEMES } from "./sheets.server";
import { THREAD_LEVELS, type ThreadLevel } from "./thread-levels";

export type NotificationMode = "immediate" | "digest" | "none";

/** Everybody in the community: members of accepted organisations and the call's organisers. */
export async function communityPeople(db: Kdb, callId: string) {
  const members = await db
    .selectFrom("membership")
    .innerJoin("dossier", "dossier.organization_id", "membership.organization_id")
    .innerJoin("user", "user.id", "membership.user_id")
    .select(["user.id", "user.name", "user.email", "user.locale"])
    .where("dossier.call_id", "=", callId)
    .where("dossier.state", "=", "accepted")
    .where("dossier.id", "in", communityDossiers(db))
    .distinct()
    .execute();
  const organisers = await db
    .selectFrom("user")
    .leftJoin("call_member", (j) => j.onRef("call_member.user_id", "=", "user.id").on("call_member.call_id", "=", callId))
    .select(["user.id", "user.name", "user.email", "user.locale"])
    .where((eb) => eb.or([eb("user.role", "=", "organiser"), eb("call_member.role", "=", "organiser")]))
    .execute();
  const all = new Map<string, (typeof members)[number]>();
  for (const p of [...members, ...organisers]) all.set(p.id, p);
  return [...all.values()];
}

/** People named « @Prénom Nom » in a text (longest names first, so « @Anne Claire » wins over « @Anne »). */
export function findMentions(body: string, people: { id: string; name: string }[]): string[] {
  const text = body.normalize("NFC").toLowerCase();
  const found = new Set<string>();
  const taken = new Set<number>(); // positions of « @ » already given to a longer name
  for (const p of [...people].sort((a, b) => b.name.length - a.name.length)) {
    const at = `@${p.name.normalize("NFC").toLowerCase()}`;
    let i = text.indexOf(at);
    while (i >= 0) {
      const after = text[i + at.length];
      const before = i > 0 ? text[i - 1] : undefined;
      const wordEnds = after === undefined || !/[\p{L}\p{N}]/u.test(after);
      const wordStarts = before === undefined || !/[\p{L}\p{N}.]/u.test(before);
      if (wordEnds && wordStarts && !taken.has(i)) {
        found.add(p.id);
        taken.add(i);
      }
      i = text.indexOf(at, i + 1);
    }
  }
  return [...found];
}

export async function createThread(
  db: Kdb,
  storage: FileStorage,
  input: {
    callId: string;
    userId: string;
    theme: string;
    title: string;
    body: string;
    eventId?: string | null;
    files: { name: string; data: Buffer }[];
    limits: UploadLimits;
    appUrl: string;
    now?: Date;
  },
): Promise<string> {
  await communityAccess(db, input.userId, input.callId);
  const title = input.title.trim();
  if (title.length < 3 || title.length > 200) throw new DomainError("exchanges.titleInvalid", 400);
  if (!(THEMES as readonly string[]).includes(input.theme) && input.theme !== "general")
    throw new DomainError("exchanges.themeInvalid", 400);
  if (input.eventId) {
    const e = await db.selectFrom("community_event").select("call_id").where("id", "=", input.eventId).executeTakeFirst();
    if (!e || e.call_id !== input.callId) throw new NotFound();
  }
  // The same discussion posted twice within a minute (a double click) is the same discussion.
  const at = (input.now ?? new Date()).toISOString();
  const id = newId();
  const twin = await writeOnce(
    db,
    `thread:${input.callId}:${input.userId}`,
    (trx, since) =>
      trx
        .selectFrom("thread")
        .select("id")
        .where("call_id", "=", input.callId)
        .where("created_by", "=", input.userId)
        .where("title", "=", title)
        .where("created_at", ">", since)
        .executeTakeFirst(),
    (trx) =>
      trx
        .insertInto("thread")
        .values({
          id,
          call_id: input.callId,
          event_id: input.eventId ?? null,
          theme: input.theme,
          title,
          created_by: input.userId,
          created_at: at,
          last_post_at: at,
        })
        .execute(),
    input.now,
  );
  if (twin) return twin;
  // The people registered for the event follow its discussion from its first message.
  if (input.eventId) {
    const registered = await db
      .selectFrom("event_registration")
      .select("user_id")
      .where("event_id", "=", input.eventId)
      .where("status", "!=", "cancelled")
      .execute();
    for (const r of registered) await followThread(db, { threadId: id, userId: r.user_id, now: input.now });
  }
  await reply(db, storage, {
    threadId: id,
    userId: input.userId,
    body: input.body,
    files: input.files,
    limits: input.limits,
    appUrl: input.appUrl,
    now: input.now,
    isFirst: true,
  });
  return id;
}

export async function reply(
  db: Kdb,
  storage: FileStorage,
  input: {
    threadId: string;
    userId: string;
    body: string;
    files: { name: string; data: Buffer }[];
    limits: UploadLimits;
    appUrl: string;
    now?: Date;
    isFirst?: boolean;
  },
): Promise<string> {
  const thread = await db.selectFrom("thread").selectAll().where("id", "=", input.threadId).executeTakeFirst();
  if (!thread) throw new NotFound();
  const access = await communityAccess(db, input.userId, thread.call_id);
  const body = input.body.trim();
  if (!body) throw new DomainError("messages.empty", 400);
  if (body.length > 20000) throw new DomainError("team.textTooLong", 400, { max: 20000 });
  if (input.files.length > 5) throw new DomainError("messages.tooManyFiles", 400, { max: 5 });
  const checked: { name: string; data: Buffer; mime: string }[] = [];
  for (const f of input.files) {
    if (f.data.length > input.limits.maxFileBytes)
      throw new DomainError("upload.tooLarge", 413, { max: Math.round(input.limits.maxFileBytes / 1048576) });
    const mime = await sniffType(f.data);
    if (!mime) throw new DomainError("upload.badType", 415);
    checked.push({ ...f, mime });
  }
  const id = newId();
  const files: { id: string; name: string; mime: string; size: number; storageKey: string }[] = [];
  for (const [i, f] of checked.entries()) {
    const key = `posts/${thread.id}/${id}/${i}`;
    await storage.put(key, f.data);
    files.push({ id: String(i), name: sanitiseFileName(f.name, f.mime), mime: f.mime, size: f.data.length, storageKey: key });
  }
  const people = await communityPeople(db, thread.call_id);
  const mentions = findMentions(body, people).filter((p) => p !== input.userId);
  const at = (input.now ?? new Date()).toISOString();
  // The same reply posted twice within a minute (a double click) is kept once.
  const twin = await writeOnce(
    db,
    `post:${thread.id}:${input.userId}`,
    (trx, since) =>
      trx
        .selectFrom("post")
        .select("id")
        .where("thread_id", "=", thread.id)
        .where("author_id", "=", input.userId)
        .where("body", "=", body)
        .where("created_at", ">", since)
        .executeTakeFirst(),
    async (trx) => {
      await trx
        .insertInto("post")
        .values({
          id,
          thread_id: thread.id,
          author_id: input.userId,
          organization_id: access.organizationIds[0] ?? null,
          body,
          attachments_json: JSON.stringify(files),
          mentions_json: JSON.stringify(mentions),
          created_at: at,
        })
        .execute();
      await trx.updateTable("thread").set({ last_post_at: at }).where("id", "=", thread.id).execute();
    },
    input.now,
  );
  if (twin) {
    for (const f of files) await storage.remove(f.storageKey);
    return twin;
  }
  await indexDocument(db, { kind: "post", refId: id, scopeId: thread.call_id, content: `${thread.title}\n${body}` });
  // Notifications, by preference.
  const author = people.find((p) => p.id === input.userId);
  const prefs = await db.selectFrom("notification_pref").select(["user_id", "mode"]).where("call_id", "=", thread.call_id).execute();
  const levels = new Map(
    (await db.selectFrom("thread_subscription").select(["user_id", "level"]).where("thread_id", "=", thread.id).execute()).map((l) => [
      l.user_id,
      l.level,
    ]),
  );
  const link = `${input.appUrl}/communaute/${thread.call_id}/echanges/${thread.id}`;
  for (const p of people) {
    if (p.id === input.userId) continue;
    const mode = prefs.find((x) => x.user_id === p.id)?.mode ?? "immediate";
    const mentioned = mentions.includes(p.id);
    if (!notifiesAtOnce(levels.get(p.id) ?? "normal", mode, mentioned)) continue;
    const L = isLocale(p.locale) ? p.locale : "fr";
    await enqueue(db, "send-mail", {
      to: p.email,
      subject: t(L, mentioned ? "mail.exchange.mention.subject" : "mail.exchange.post.subject", {
        author: author?.name ?? "",
        title: thread.title,
      }),
      text: t(L, "mail.exchange.post.body", {
        name: p.name,
        author: author?.name ?? "",
        title: thread.title,
        excerpt: body.length > 800 ? `${body.slice(0, 800)}…` : body,
        link,
      }),
    });
  }
  return id;
}

export { THREAD_LEVELS, type ThreadLevel } from "./thread-levels";

/**
 * Who is e-mailed at once about a new message: a muted discussion never writes; a watched one always
 * does (even when the person reads the rest in a digest); otherwise the person's choice for the
 * community, where a mention always writes unless they chose no e-mail at all.
 */
export function notifiesAtOnce(level: ThreadLevel, mode: NotificationMode, mentioned: boolean): boolean {
  if (level === "mute") return false;
  if (level === "watch") return true;
  return mode === "immediate" || (mode === "digest" && mentioned);
}

/** A person's level on one discussion: watch (every message at once), normal (as their community setting), mute. */
export async function setThreadLevel(db: Kdb, input: { threadId: string; userId: string; level: ThreadLevel; now?: Date }): Promise<void> {
  const thread = await db.selectFrom("thread").select("call_id").where("id", "=", input.threadId).executeTakeFirst();
  if (!thread) throw new NotFound();
  await communityAccess(db, input.userId, thread.call_id);
  if (!THREAD_LEVELS.includes(input.level)) throw new DomainError("error.badRequest", 400);
  const at = (input.now ?? new Date()).toISOString();
  await db
    .insertInto("thread_subscription")
    .values({ thread_id: input.threadId, user_id: input.userId, level: input.level, updated_at: at })
    .onConflict((oc) => oc.columns(["thread_id", "user_id"]).doUpdateSet({ level: input.level, updated_at: at }))
    .execute();
}

export async function threadLevel(db: Kdb, threadId: string, userId: string): Promise<ThreadLevel> {
  return (
    (
      await db
        .selectFrom("thread_subscription")
        .select("level")
        .where("thread_id", "=", threadId)
        .where("user_id", "=", userId)
        .executeTakeFirst()
    )?.level ?? "normal"
  );
}

/** Registering for an event follows its discussion — unless the person chose a level for it already. */
export async function followThread(db: Kdb, input: { threadId: string; userId: string; now?: Date }): Promise<void> {
  await db
    .insertInto("thread_subscription")
    .values({ thread_id: input.threadId, user_id: input.userId, level: "watch", updated_at: (input.now ?? new Date()).toISOString() })
    .onConflict((oc) => oc.columns(["thread_id", "user_id"]).doNothing())
    .execute();
}

export async function threadsOf(db: Kdb, input: { callId: string; userId: string; theme?: string; q?: string; eventId?: string }) {
  await communityAccess(db, input.userId, input.callId);
  let q = db
    .selectFrom("thread")
    .innerJoin("user", "user.id", "thread.created_by")
    .select([
      "thread.id",
      "thread.title",
      "thread.theme",
      "thread.event_id",
      "thread.last_post_at",
      "thread.created_at",
      "user.name as author",
    ])
    .select((eb) => eb.selectFrom("post").select(eb.fn.countAll().as("n")).whereRef("post.thread_id", "=", "thread.id").as("posts"))
    .where("thread.call_id", "=", input.callId);
  if (input.theme) q = q.where("thread.theme", "=", input.theme);
  if (input.eventId) q = q.where("thread.event_id", "=", input.eventId);
  if (input.q && input.q.trim()) {
    const postIds = await searchDocuments(db, { kind: "post", scopeId: input.callId, query: input.q });
    if (postIds.length === 0) return [];
    q = q.where("thread.id", "in", db.selectFrom("post").select("post.thread_id").where("post.id", "in", postIds));
  }
  return q.orderBy("thread.last_post_at", "desc").limit(200).execute();
}

export async function threadFor(db: Kdb, input: { threadId: string; userId: string }) {
  const thread = await db.selectFrom("thread").selectAll().where("id", "=", input.threadId).executeTakeFirst();
  if (!thread) throw new NotFound();
  await communityAccess(db, input.userId, thread.call_id);
  const posts = await db
    .selectFrom("post")
    .innerJoin("user", "user.id", "post.author_id")
    .leftJoin("organization", "organization.id", "post.organization_id")
    .select(["post.id", "post.body", "post.attachments_json", "post.created_at", "user.name", "organization.name as organisation"])
    .where("post.thread_id", "=", thread.id)
    .orderBy("post.created_at")
    .execute();
  return {
    thread,
    posts: posts.map((p) => ({
      ...p,
      files: (JSON.parse(p.attachments_json) as { id: string; name: string; size: number }[]).map(({ id, name, size }) => ({
        id,
        name,
        size,
      })),
    })),
  };
}

export async function postFile(db: Kdb, input: { postId: string; fileId: string; userId: string }) {
  const post = await db
    .selectFrom("post")
    .innerJoin("thread", "thread.id", "post.thread_id")
    .select(["post.attachments_json", "thread.call_id"])
    .where("post.id", "=", input.postId)
    .executeTakeFirst();
  if (!post) throw new NotFound();
  await communityAccess(db, input.userId, post.call_id);
  const file = (JSON.parse(post.attachments_json) as { id: string; name: string; mime: string; storageKey: string }[]).find(
    (f) => f.id === input.fileId,
  );
  if (!file) throw new NotFound();
  return file;
}

/** `digest_sent_on` holds the instant the last digest covered up to (at first, when the digest was chosen). */
export async function setNotificationMode(
  db: Kdb,
  input: { callId: string; userId: string; mode: NotificationMode; now?: Date },
): Promise<void> {
  await communityAccess(db, input.userId, input.callId);
  if (!["immediate", "digest", "none"].includes(input.mode)) throw new DomainError("error.badRequest", 400);
  const since = (input.now ?? new Date()).toISOString();
  const current = await notificationMode(db, input.userId, input.callId);
  await db
    .insertInto("notification_pref")
    .values({ user_id: input.userId, call_id: input.callId, mode: input.mode, digest_sent_on: since })
    .onConflict((oc) =>
      oc
        .columns(["user_id", "call_id"])
        .doUpdateSet(input.mode === "digest" && current !== "digest" ? { mode: input.mode, digest_sent_on: since } : { mode: input.mode }),
    )
    .execute();
}

export async function notificationMode(db: Kdb, userId: string, callId: string): Promise<NotificationMode> {
  return (
    (await db.selectFrom("notification_pref").select("mode").where("user_id", "=", userId).where("call_id", "=", callId).executeTakeFirst())
      ?.mode ?? "immediate"
  );
}

/**
 * A digest that reads well (Decidim #14899): grouped by discussion, the discussion with the newest
 * message first, its messages newest first, each discussion with its link once.
 */
export function digestText(
  posts: { thread_id: string; title: string; name: string; created_at: string; body: string }[],
  locale: "fr" | "en",
  link: (threadId: string) => string,
): string {
  const threads = new Map<string, typeof posts>();
  for (const p of [...posts].sort((a, b) => b.created_at.localeCompare(a.created_at)))
    threads.set(p.thread_id, [...(threads.get(p.thread_id) ?? []), p]);
  return [...threads.values()]
    .map((ps) => {
      const head = `■ ${ps[0].title} (${t(locale, "digest.messages", { n: ps.length })})`;
      const lines = ps.map(
        (p) =>
          `  – ${p.name}, ${formatParisDateTime(p.created_at, locale)} : ${p.body.slice(0, 160).replace(/\s+/g, " ")}${p.body.length > 160 ? "…" : ""}`,
      );
      return [head, ...lines, `  ${link(ps[0].thread_id)}`].join("\n");
    })
    .join("\n\n");
}

/** Daily digests: once a day after 7 a.m. Paris time, the posts since the last digest (others' only). An
 * instant compares below a later day's date string ("2026-11-28T08:00…" < "2026-11-29"), so one per day. */
export async function sendDigests(db: Kdb, appUrl: string, now: Date = new Date()): Promise<number> {
  const hour = parisClock(now).hour;
  if (hour < 7) return 0;
  const today = parisToday(now);
  const due = await db
    .selectFrom("notification_pref")
    .innerJoin("user", "user.id", "notification_pref.user_id")
    .select([
      "notification_pref.user_id",
      "notification_pref.call_id",
      "notification_pref.digest_sent_on",
      "user.email",
      "user.name",
      "user.locale",
    ])
    .where("notification_pref.mode", "=", "digest")
    .where((eb) => eb.or([eb("notification_pref.digest_sent_on", "is", null), eb("notification_pref.digest_sent_on", "<", today)]))
    .execute();
  let sent = 0;
  for (const d of due) {
    const claimed = await db
      .updateTable("notification_pref")
      .set({ digest_sent_on: now.toISOString() })
      .where("user_id", "=", d.user_id)
      .where("call_id", "=", d.call_id)
      .where((eb) => (d.digest_sent_on === null ? eb("digest_sent_on", "is", null) : eb("digest_sent_on", "=", d.digest_sent_on)))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const since = d.digest_sent_on ?? new Date(now.getTime() - 86400000).toISOString();
    const muted = db.selectFrom("thread_subscription").select("thread_id").where("user_id", "=", d.user_id).where("level", "=", "mute");
    const posts = await db
      .selectFrom("post")
      .innerJoin("thread", "thread.id", "post.thread_id")
      .innerJoin("user", "user.id", "post.author_id")
      .select(["thread.id as thread_id", "thread.title", "user.name", "post.created_at", "post.body"])
      .where("thread.call_id", "=", d.call_id)
      .where("post.created_at", ">", since)
      .where("post.author_id", "!=", d.user_id)
      .where("thread.id", "not in", muted)
      .orderBy("post.created_at", "desc")
      .execute();
    if (posts.length === 0) continue;
    const L = isLocale(d.locale) ? d.locale : "fr";
    const list = digestText(posts, L, (threadId) => `${appUrl}/communaute/${d.call_id}/echanges/${threadId}`);
    await enqueue(db, "send-mail", {
      to: d.email,
      subject: t(L, "mail.exchange.digest.subject", { n: posts.length }),
      text: t(L, "mail.exchange.digest.body", { name: d.name, list }),
    });
    sent++;
  }
  return sent;
}

/** Each member's participation over the commitment period, and who seems to be drifting away. */
export async function participation(db: Kdb, input: { callId: string; userId: string; now?: Date }) {
  const access = await communityAccess(db, input.userId, input.callId);
  if (access.role !== "organiser") throw new NotFound();
  const now = (input.now ?? new Date()).toISOString();
  const orgs = await db
    .selectFrom("dossier")
    .innerJoin("dossier_fact", "dossier_fact.dossier_id", "dossier.id")
    .select(["dossier.organization_id", "dossier_fact.name"])
    .where("dossier.call_id", "=", input.callId)
    .where("dossier.state", "=", "accepted")
    .where("dossier.id", "in", communityDossiers(db))
    .orderBy(frenchOrder(db, "dossier_fact.name"))
    .execute();
  const past = await db
    .selectFrom("community_event")
    .select(["id", "kind", "host_org_id", "starts_at"])
    .where("call_id", "=", input.callId)
    .where("status", "=", "published")
    .where("starts_at", "<", now)
    .orderBy("starts_at")
    .execute();
  const attended = past.length
    ? await db
        .selectFrom("event_registration")
        .select(["event_id", "organization_id"])
        .where(
          "event_id",
          "in",
          past.map((e) => e.id),
        )
        .where("attended", "=", 1)
        .execute()
    : [];
  const posts = await db
    .selectFrom("post")
    .innerJoin("thread", "thread.id", "post.thread_id")
    .select(["post.organization_id", "post.created_at"])
    .where("thread.call_id", "=", input.callId)
    .execute();
  const sheets = await db.selectFrom("sheet").select(["organization_id", "updated_at"]).where("call_id", "=", input.callId).execute();
  const lastTwo = past.slice(-2).map((e) => e.id);
  const sixMonthsAgo = new Date(new Date(now).getTime() - 183 * 86400000).toISOString();
  return orgs.map((o) => {
    const went = new Set(attended.filter((a) => a.organization_id === o.organization_id).map((a) => a.event_id));
    const contributions =
      posts.filter((p) => p.organization_id === o.organization_id).length +
      sheets.filter((s) => s.organization_id === o.organization_id).length;
    const recent =
      posts.some((p) => p.organization_id === o.organization_id && p.created_at > sixMonthsAgo) ||
      sheets.some((s) => s.organization_id === o.organization_id && s.updated_at > sixMonthsAgo);
    const missedLastTwo = lastTwo.length === 2 && lastTwo.every((id) => !went.has(id));
    return {
      organizationId: o.organization_id,
      name: o.name,
      visitsHosted: past.filter((e) => e.kind === "visit" && e.host_org_id === o.organization_id).length,
      visitsAttended: past.filter((e) => e.kind === "visit" && went.has(e.id)).length,
      meetingsAttended: past.filter((e) => e.kind === "meeting" && went.has(e.id)).length,
      contributions,
      drifting: missedLastTwo && !recent,
    };
  });
}

/** A discussion post's file and its bytes, for the community's members and organisers. NotFound otherwise. */
export async function postFileDownload(
  services: { db: Kdb; storage: FileStorage },
  input: { postId: string; fileId: string; userId: string },
) {
  const file = await postFile(services.db, input);
  return { file: { mime: file.mime, name: file.name }, data: await services.storage.get(file.storageKey) };
}
