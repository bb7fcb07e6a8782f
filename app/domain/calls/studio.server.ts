// The call studio (issue 10): organisers create a call blank or from another one, edit its texts, timeline,
// form, review grid, letters and settings, see every problem named, and publish it. Every change names the
// revision it started from: a change made meanwhile by a colleague is refused with who and when, and the
// page keeps what the person typed (ADR 025).
import type { Kdb } from "../../db/database.server";
import type { FormDefinition } from "../../forms/definition";
import { DomainError, NotFound } from "../../lib/errors";
import { newId, nowIso } from "../../lib/ids";
import { addDays, formatParisClock, parisToday } from "../../lib/paris-time";
import type { CallContent, CallTimeline } from "./call-content";
import { callInstants, forgetCachedCall } from "./calls.server";
import { checkCall, type CallProblem } from "./call-checks";
import { roleInCall } from "../access/policy.server";
import { letterTemplates } from "../decisions/answers.server";
import { DECISIONS, GENERIC_TEMPLATES, type Decision } from "../decisions/letters";
import { slugify } from "../applications/receipt.server";
import { readCallFile, toCallFile, type CallFile } from "./call-file";

export interface Editable {
  content: CallContent;
  timeline: CallTimeline;
  form: FormDefinition;
}

export interface StudioCall extends Editable {
  id: string;
  slug: string;
  status: "draft" | "published" | "archived";
  revision: number;
  updatedBy: string | null;
  updatedAt: string;
  publishedAt: string | null;
  /** The form being edited differs from the one applicants fill (a published call's pending changes). */
  formPending: boolean;
  /** The version applicants fill now (0 before publication). */
  formVersion: number;
  dossiers: number;
}

/** Only the call's organisers (and platform organisers) open its studio; anyone else: not found. */
export async function assertCallOrganiser(db: Kdb, actorId: string, callId: string): Promise<void> {
  if ((await roleInCall(db, actorId, callId)) !== "organiser") throw new NotFound();
}

export async function assertMayCreateCalls(db: Kdb, actorId: string): Promise<void> {
  const user = await db.selectFrom("user").select("role").where("id", "=", actorId).executeTakeFirst();
  if (user?.role !== "organiser") throw new NotFound();
}

export async function studioCall(db: Kdb, callId: string, actorId: string): Promise<StudioCall> {
  await assertCallOrganiser(db, actorId, callId);
  const row = await db
    .selectFrom("call")
    .leftJoin("form_version", "form_version.id", "call.current_form_version_id")
    .leftJoin("user", "user.id", "call.updated_by")
    .select([
      "call.id",
      "call.slug",
      "call.status",
      "call.content_json",
      "call.timeline_json",
      "call.revision",
      "call.updated_at",
      "call.published_at",
      "call.draft_form_json",
      "form_version.definition_json",
      "user.name as updated_by_name",
    ])
    .where("call.id", "=", callId)
    .executeTakeFirst();
  if (!row) throw new NotFound();
  const count = await db.selectFrom("dossier").select(db.fn.countAll().as("n")).where("call_id", "=", callId).executeTakeFirstOrThrow();
  const form = JSON.parse(row.draft_form_json ?? row.definition_json ?? "null") as FormDefinition | null;
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    content: JSON.parse(row.content_json),
    timeline: JSON.parse(row.timeline_json),
    form: form ?? { version: 1, sections: [] },
    revision: row.revision,
    updatedBy: row.updated_by_name ?? null,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    formPending: row.draft_form_json !== null && row.definition_json !== null && !sameForm(row.draft_form_json, row.definition_json),
    formVersion: row.definition_json ? (JSON.parse(row.definition_json) as FormDefinition).version : 0,
    dossiers: Number(count.n),
  };
}

/** Two definitions that differ only by their version number are the same form. */
function sameForm(a: string, b: string): boolean {
  const strip = (s: string) => JSON.stringify({ ...(JSON.parse(s) as FormDefinition), version: 0 });
  return strip(a) === strip(b);
}

/** A blank call: one part, one question (the project's name), no charter, no community; opening in a week. */
export function blankCall(title: string, contact: { name: string; email: string }, today: string): Editable {
  const opens = addDays(today, 7);
  const deadline = addDays(opens, 35);
  const answers = addDays(deadline, 28);
  return {
    content: {
      title: { fr: title },
      subtitle: { fr: "" },
      organiser: "",
      presentation: { fr: "" },
      conditions: [],
      conditionsNote: { fr: "" },
      commitmentsIntro: { fr: "" },
      commitments: [],
      howToApply: { fr: "Complétez le formulaire en ligne d’ici le {deadline}. Vous recevrez une réponse motivée d’ici le {answers}." },
      parts: [],
      contact: { name: contact.name, role: "", organisation: "", email: contact.email, phone: "" },
      targetSelection: 10,
      closingThanks: { fr: "" },
      criteria: [],
      features: { charter: false, community: false },
    },
    timeline: { opens, deadline, answers, communityStart: addDays(answers, 7), communityEnd: addDays(answers, 372), deadlineTime: "23:59" },
    form: {
      version: 1,
      sections: [
        {
          key: "projet",
          title: { fr: "Le projet" },
          items: [{ type: "text", key: "nom_du_projet", label: { fr: "Nom du projet" }, required: true, meaning: "applicantName" }],
        },
      ],
    },
  };
}

async function uniqueSlug(db: Kdb, title: string): Promise<string> {
  const base = slugify(title).slice(0, 50) || "appel";
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await db.selectFrom("call").select("id").where("slug", "=", slug).executeTakeFirst())) return slug;
  }
}

/** Moves a timeline by whole years until it opens today or later: last year's call becomes this year's. */
export function nextYearsTimeline(t: CallTimeline, today: string): CallTimeline {
  let shifted = { ...t };
  const byYear = (d: string) => `${Number(d.slice(0, 4)) + 1}${d.slice(4)}`.replace(/-02-29$/, "-02-28");
  while (shifted.opens < today) {
    shifted = {
      ...shifted,
      opens: byYear(shifted.opens),
      deadline: byYear(shifted.deadline),
      answers: byYear(shifted.answers),
      communityStart: byYear(shifted.communityStart),
      communityEnd: byYear(shifted.communityEnd),
    };
  }
  return shifted;
}

/** Inserts a draft call (blank, duplicated or imported) and returns its id. */
export async function insertDraftCall(
  db: Kdb,
  input: { editable: Editable; actorId: string; now?: Date; letters?: { decision: string; subject: string; body: string }[] },
): Promise<string> {
  const { content, timeline, form } = input.editable;
  const id = newId();
  const now = nowIso(input.now);
  const slug = await uniqueSlug(db, content.title.fr);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("call")
      .values({
        id,
        slug,
        status: "draft",
        default_locale: "fr",
        content_json: JSON.stringify(content),
        timeline_json: JSON.stringify(timeline),
        ...callInstants(timeline),
        current_form_version_id: null,
        created_at: now,
        updated_at: now,
        revision: 0,
        updated_by: input.actorId,
        draft_form_json: JSON.stringify({ ...form, version: 1 }),
        published_at: null,
      })
      .execute();
    for (const l of input.letters ?? []) {
      if (!(DECISIONS as readonly string[]).includes(l.decision)) continue;
      await trx
        .insertInto("letter_template")
        .values({
          call_id: id,
          decision: l.decision as Decision,
          subject: l.subject,
          body: l.body,
          updated_by: input.actorId,
          updated_at: now,
        })
        .execute();
    }
    // The person who creates a call organises it.
    await trx
      .insertInto("call_member")
      .values({ call_id: id, user_id: input.actorId, role: "organiser", invited_by: input.actorId, created_at: now })
      .execute();
  });
  return id;
}

export async function createCall(db: Kdb, input: { actorId: string; title: string; fromCallId?: string; now?: Date }): Promise<string> {
  await assertMayCreateCalls(db, input.actorId);
  const title = input.title.trim().slice(0, 200);
  if (!title) throw new DomainError("studio.titleRequired", 400);
  const today = parisToday(input.now);
  if (!input.fromCallId) {
    const user = await db.selectFrom("user").select(["name", "email"]).where("id", "=", input.actorId).executeTakeFirstOrThrow();
    const letters = DECISIONS.map((decision) => ({ decision, ...GENERIC_TEMPLATES[decision] }));
    return insertDraftCall(db, { editable: blankCall(title, user, today), actorId: input.actorId, now: input.now, letters });
  }
  const source = await studioCall(db, input.fromCallId, input.actorId);
  const letters = await db.selectFrom("letter_template").select(["decision", "subject", "body"]).where("call_id", "=", source.id).execute();
  return insertDraftCall(db, {
    editable: {
      content: { ...source.content, title: { ...source.content.title, fr: title } },
      timeline: nextYearsTimeline(source.timeline, today),
      form: source.form,
    },
    actorId: input.actorId,
    now: input.now,
    letters,
  });
}

/**
 * Applies one change made in the studio, from the revision the page showed. A colleague's change made
 * meanwhile refuses it (409, with their name and the time), and nothing is written.
 */
export async function saveStudio(
  db: Kdb,
  input: { callId: string; actorId: string; revision: number; change: (e: Editable) => Editable; now?: Date },
): Promise<number> {
  const current = await studioCall(db, input.callId, input.actorId);
  if (current.status === "archived") throw new DomainError("studio.archived", 409);
  if (current.revision !== input.revision) throw conflict(current);
  const next = input.change({ content: current.content, timeline: current.timeline, form: current.form });
  const at = nowIso(input.now);
  const formJson = JSON.stringify(next.form);
  const moved = await db
    .updateTable("call")
    .set({
      content_json: JSON.stringify(next.content),
      timeline_json: JSON.stringify(next.timeline),
      ...callInstants(next.timeline),
      draft_form_json: formJson,
      revision: input.revision + 1,
      updated_by: input.actorId,
      updated_at: at,
    })
    .where("id", "=", input.callId)
    .where("revision", "=", input.revision)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw conflict(await studioCall(db, input.callId, input.actorId));
  await forgetCachedCall(db, input.callId);
  return input.revision + 1;
}

/** A colleague saved meanwhile: who, and at what time (the page shows it and keeps what was typed). */
export function conflict(now: StudioCall): DomainError {
  return new DomainError("studio.conflict", 409, { name: now.updatedBy ?? "?", time: formatParisClock(now.updatedAt, "fr") });
}

export async function callProblems(db: Kdb, call: StudioCall): Promise<CallProblem[]> {
  const letters = await letterTemplates(db, call.id);
  return checkCall({ content: call.content, timeline: call.timeline, form: call.form, letters });
}

/**
 * Publishes a draft call: every check must pass; its form becomes version 1 and the call appears on the
 * open calls page (it accepts applications from its opening date).
 */
export async function publishCall(db: Kdb, input: { callId: string; actorId: string; revision: number; now?: Date }): Promise<void> {
  const call = await studioCall(db, input.callId, input.actorId);
  if (call.revision !== input.revision) throw conflict(call);
  if (call.status !== "draft") throw new DomainError("studio.notDraft", 409);
  const problems = await callProblems(db, call);
  if (problems.length > 0) throw new DomainError("studio.publishBlocked", 409, { n: problems.length });
  const at = nowIso(input.now);
  const versionId = newId();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("form_version")
      .values({
        id: versionId,
        call_id: call.id,
        version: 1,
        definition_json: JSON.stringify({ ...call.form, version: 1 }),
        created_at: at,
      })
      .execute();
    const moved = await trx
      .updateTable("call")
      .set({
        status: "published",
        current_form_version_id: versionId,
        draft_form_json: null,
        published_at: at,
        revision: call.revision + 1,
        updated_by: input.actorId,
        updated_at: at,
      })
      .where("id", "=", call.id)
      .where("revision", "=", call.revision)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw conflict(call);
  });
  await forgetCachedCall(db, call.id);
}

/** Archives a published call (it leaves the open calls page for the archive) or brings it back. */
export async function setArchived(db: Kdb, input: { callId: string; actorId: string; archived: boolean; now?: Date }): Promise<void> {
  const call = await studioCall(db, input.callId, input.actorId);
  if (call.status === "draft") throw new DomainError("studio.notPublished", 409);
  await db
    .updateTable("call")
    .set({
      status: input.archived ? "archived" : "published",
      revision: call.revision + 1,
      updated_by: input.actorId,
      updated_at: nowIso(input.now),
    })
    .where("id", "=", call.id)
    .execute();
  await forgetCachedCall(db, call.id);
}

/** The calls a person organises (platform organisers: all), drafts included, newest first. */
export async function organisedCalls(db: Kdb, actorId: string) {
  const user = await db.selectFrom("user").select("role").where("id", "=", actorId).executeTakeFirst();
  let q = db.selectFrom("call").select(["id", "slug", "status", "content_json", "timeline_json", "opens_at", "closes_at", "updated_at"]);
  if (user?.role !== "organiser")
    q = q.where("id", "in", db.selectFrom("call_member").select("call_id").where("user_id", "=", actorId).where("role", "=", "organiser"));
  const rows = await q.orderBy("opens_at", "desc").execute();
  return rows.map((r) => ({
    ...r,
    content: JSON.parse(r.content_json) as CallContent,
    timeline: JSON.parse(r.timeline_json) as CallTimeline,
  }));
}

/** The call as a versioned JSON file: texts, timeline, form (as edited), grid, settings and letters. */
export async function exportCall(db: Kdb, callId: string, actorId: string): Promise<CallFile> {
  const call = await studioCall(db, callId, actorId);
  const letters = await db
    .selectFrom("letter_template")
    .select(["decision", "subject", "body"])
    .where("call_id", "=", call.id)
    .orderBy("decision")
    .execute();
  return toCallFile({ slug: call.slug, content: call.content, timeline: call.timeline, form: call.form, letters });
}

/** A call file becomes a draft call of this instance (dates moved by whole years when it opened in the past). */
export async function importCall(db: Kdb, input: { actorId: string; raw: string; now?: Date }): Promise<string> {
  await assertMayCreateCalls(db, input.actorId);
  const read = readCallFile(input.raw);
  if (!read.ok) throw new DomainError("studio.import.bad", 400, { reason: read.reason });
  const { file } = read;
  return insertDraftCall(db, {
    editable: { content: file.content, timeline: nextYearsTimeline(file.timeline, parisToday(input.now)), form: file.form },
    actorId: input.actorId,
    now: input.now,
    letters: file.letters,
  });
}
