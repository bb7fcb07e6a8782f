// The endpoints of the HTTP API, version 1 (issue 13): each says its method, path, what access it needs,
// the schemas of its inputs and answer, and its handler. Handlers ask the access policy and call the
// domain's views and commands, like the pages do; server/api.ts is only the transport (tokens, parsing,
// problems, limits, idempotency, the access log) and app/api/openapi.server.ts documents this table.
import { z } from "zod";
import type { Kdb } from "../db/database.server";
import type { FileStorage } from "../files/storage.server";
import type { Locale } from "../i18n/i18n";
import { DomainError, NotFound } from "../lib/errors";
import * as S from "./schemas";
import { assertCanSeeDossier, roleInCall, type CallRole } from "../domain/access/policy.server";
import type { TokenIdentity } from "../domain/access/tokens.server";
import { findCallById, formDefinition } from "../domain/calls/calls.server";
import { featuresOf } from "../domain/calls/call-content";
import { instructionList, encodeCursor, decodeCursor, type InstructionFilters } from "../domain/calls/instruction.server";
import { isField, localized } from "../forms/definition";
import { answersSchema, typedAnswers } from "../forms/typed-values.server";
import { logicOf } from "../forms/types/registry.server";
import { saveReview } from "../domain/review/reviews.server";
import { addLabel, addNote, labelsOf, removeLabel } from "../domain/review/collaboration.server";
import { applyOrganiserTransition } from "../domain/applications/dossiers.server";
import { communityAccess, membersOf } from "../domain/community/community.server";
import { callOfEvent, eventsOf, registrations } from "../domain/community/events.server";
import { sheetsFor } from "../domain/community/sheets.server";
import { communityTotals, indicatorRows } from "../domain/community/indicators.server";
import { isTwoFactorRequired } from "../domain/privacy/team-security.server";
import type { DossierProfile } from "../domain/applications/profile";
import { submissionProfile } from "../domain/applications/profile.server";
import { attachmentOfDossier } from "../domain/applications/attachments.server";

export interface ApiContext {
  db: Kdb;
  storage: FileStorage;
  appUrl: string;
  locale: Locale;
  identity: TokenIdentity;
  now: Date;
  /** What the request touched, for the access log (the transport writes one line per request). */
  touched: { callId?: string; dossierId?: string; role?: string };
}

export interface BinaryAnswer {
  binary: { data: Buffer; mime: string; filename: string };
}

export interface Endpoint<P extends z.ZodObject = z.ZodObject, Q extends z.ZodObject = z.ZodObject, B extends z.ZodType = z.ZodType> {
  id: string;
  method: "get" | "post" | "put";
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: "read" | "write";
  params?: P;
  query?: Q;
  body?: B;
  /** The answer's schema (JSON), or "binary" for a file. */
  response: z.ZodType | "binary";
  status?: number;
  handle(ctx: ApiContext, input: { params: z.infer<P>; query: z.infer<Q>; body: z.infer<B> }): Promise<unknown>;
}

/** An endpoint, its handler typed by its own schemas; the table holds them alike (the transport parses with those schemas). */
const define = <P extends z.ZodObject, Q extends z.ZodObject, B extends z.ZodType>(e: Endpoint<P, Q, B>): Endpoint =>
  e as unknown as Endpoint;

// ——— Access, through the policy ———

/** The token names the call, and its holder has a role on it now (roles change; tokens do not widen them). */
async function teamRole(ctx: ApiContext, callId: string, allowed: CallRole[] = ["organiser", "reviewer", "expert"]): Promise<CallRole> {
  if (!ctx.identity.token.callIds.includes(callId)) throw new NotFound();
  const role = await roleInCall(ctx.db, ctx.identity.user.id, callId);
  if (!role || !allowed.includes(role)) throw new NotFound();
  await assertTwoFactor(ctx, callId);
  ctx.touched = { ...ctx.touched, callId, role };
  return role;
}

/** A call whose team must use two-factor authentication refuses the tokens of members without it. */
async function assertTwoFactor(ctx: ApiContext, callId: string) {
  if (ctx.identity.user.twoFactorEnabled) return;
  if (await isTwoFactorRequired(ctx.db, callId)) throw new DomainError("api.twoFactorRequired", 403);
}

async function dossierRole(ctx: ApiContext, dossierId: string): Promise<{ role: CallRole; callId: string }> {
  const seen = await assertCanSeeDossier(ctx.db, ctx.identity.user.id, dossierId);
  if (!ctx.identity.token.callIds.includes(seen.callId)) throw new NotFound();
  await assertTwoFactor(ctx, seen.callId);
  ctx.touched = { callId: seen.callId, dossierId, role: seen.role };
  return seen;
}

async function communityRole(ctx: ApiContext, callId: string) {
  if (!ctx.identity.token.callIds.includes(callId)) throw new NotFound();
  const access = await communityAccess(ctx.db, ctx.identity.user.id, callId);
  ctx.touched = { ...ctx.touched, callId, role: access.role === "organiser" ? "organiser" : "member" };
  return access;
}

async function tokenRole(ctx: ApiContext, callId: string): Promise<"organiser" | "reviewer" | "expert" | "member" | null> {
  const team = await roleInCall(ctx.db, ctx.identity.user.id, callId);
  if (team) return team;
  return communityAccess(ctx.db, ctx.identity.user.id, callId).then(
    () => "member" as const,
    () => null,
  );
}

// ——— Views ———

const text = (v: Parameters<typeof localized>[0], locale: Locale) => localized(v, locale);

function profileOut(p: DossierProfile): z.infer<typeof S.Profile> {
  return {
    name: p.name,
    carrier: p.carrier,
    commune_code: p.communeCode,
    sectors: p.sectors,
    stage: p.stage,
    operational: p.operational,
    operating_since: p.operatingSince,
    wants_charter: p.wantsCharter,
    hosts_visit: p.hostsVisit,
    summary: p.summary,
    amount_requested: p.amountRequested,
    contact: p.contact,
    siret: p.siret,
  };
}

type StoredFile = { id: string; field_key: string; safe_name: string; mime: string; size: number; sha256?: string };

async function latestSubmission(db: Kdb, dossierId: string) {
  return db
    .selectFrom("submission")
    .innerJoin("dossier", "dossier.id", "submission.dossier_id")
    .select([
      "submission.number",
      "submission.submitted_at",
      "submission.form_version_id",
      "submission.answers_json",
      "submission.attachments_json",
      "submission.profile_json",
    ])
    .where("submission.dossier_id", "=", dossierId)
    .whereRef("submission.number", "=", "dossier.submission_count")
    .executeTakeFirst();
}

/** A dossier's overall score as the API gives it (PostgreSQL returns numbers of aggregates as text). */
const scoreOut = (r: { overall: number | null; reviewers: number | null; disagreement: number | null }) => ({
  overall: r.overall === null ? null : Number(r.overall),
  reviewers: Number(r.reviewers ?? 0),
  disagreement: Number(r.disagreement ?? 0),
});

const downloadPath = (dossierId: string, fileId: string) => `/api/v1/dossiers/${dossierId}/attachments/${fileId}`;

async function submissionOut(
  ctx: ApiContext,
  dossierId: string,
  s: { number: number; submitted_at: string; form_version_id: string; answers_json: string; attachments_json: string },
) {
  const def = await formDefinition(ctx.db, s.form_version_id);
  const files = JSON.parse(s.attachments_json) as StoredFile[];
  return {
    number: Number(s.number),
    submitted_at: s.submitted_at,
    form_version_id: s.form_version_id,
    answers: typedAnswers(def, JSON.parse(s.answers_json), {
      attachments: files.map((f) => ({ id: f.id, field_key: f.field_key, name: f.safe_name, mime: f.mime, size: Number(f.size) })),
    }),
    attachments: files.map((f) => ({
      id: f.id,
      field_key: f.field_key,
      name: f.safe_name,
      mime: f.mime,
      size: Number(f.size),
      sha256: f.sha256 ?? "",
      download: downloadPath(dossierId, f.id),
    })),
  };
}

function filtersOf(q: z.infer<typeof S.DossierQuery>, reader: { userId: string; role: CallRole }): InstructionFilters {
  return {
    state: q.state,
    region: q.region,
    departement: q.departement,
    stage: q.stage,
    sector: q.sector,
    charter: q.charter,
    hostVisit: q.hosts_visits,
    minYears: q.min_years,
    reviewer: q.reviewer,
    scoreMin: q.score_min,
    scoreMax: q.score_max,
    label: q.label,
    q: q.q,
    updatedSince: q.updated_since ? new Date(q.updated_since).toISOString() : undefined,
    sort: q.sort ?? (q.updated_since ? "updated" : "name"),
    after: decodeCursor(q.cursor),
    readableBy: reader,
  };
}

/**
 * One page of a community list, by keyset on a stable key (the row's id, then what breaks ties): the cursor
 * names the last key sent, so rows added or removed meanwhile never shift a page. These lists are read whole
 * by the domain (a community has hundreds of members, events and sheets at most), then paged here.
 */
export function pageOf<T>(rows: T[], keyOf: (row: T) => string, q: { cursor?: string; limit?: number }) {
  const limit = q.limit ?? 100;
  let after: string | null = null;
  if (q.cursor) {
    try {
      const v = JSON.parse(Buffer.from(q.cursor, "base64url").toString("utf8")) as unknown;
      if (typeof v === "string") after = v;
    } catch {
      after = null; // a forged cursor reads as the first page, as on the dossiers' list
    }
  }
  const sorted = rows.map((r) => ({ r, k: keyOf(r) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  const rest = after === null ? sorted : sorted.filter((x) => x.k > after!);
  const page = rest.slice(0, limit);
  const next = rest.length > limit ? Buffer.from(JSON.stringify(page[page.length - 1].k)).toString("base64url") : null;
  return { rows: page.map((x) => x.r), next_cursor: next };
}

// ——— The endpoints ———

export const endpoints: Endpoint[] = [
  define({
    id: "listCalls",
    method: "get",
    path: "/calls",
    tag: "Appels",
    summary: "Les appels du jeton",
    description: "Les appels que le jeton nomme et sur lesquels son titulaire a toujours un rôle.",
    access: "read",
    response: S.list(S.CallSummary),
    async handle(ctx) {
      const data = [];
      for (const callId of ctx.identity.token.callIds) {
        const call = await findCallById(ctx.db, callId);
        const role = call ? await tokenRole(ctx, callId) : null;
        if (!call || !role) continue;
        data.push({
          id: call.id,
          slug: call.slug,
          title: text(call.content.title, ctx.locale),
          status: call.status,
          role,
          opens_at: call.opensAt.toISOString(),
          closes_at: call.closesAt.toISOString(),
        });
      }
      return { data };
    },
  }),
  define({
    id: "getCall",
    method: "get",
    path: "/calls/{callId}",
    tag: "Appels",
    summary: "Un appel",
    access: "read",
    params: S.CallPath,
    response: S.Call,
    async handle(ctx, { params }) {
      if (!ctx.identity.token.callIds.includes(params.callId)) throw new NotFound();
      const role = await tokenRole(ctx, params.callId);
      const call = await findCallById(ctx.db, params.callId);
      if (!call || !role) throw new NotFound();
      ctx.touched = { callId: call.id, role };
      const tl = call.timeline;
      const features = featuresOf(call.content);
      return {
        id: call.id,
        slug: call.slug,
        title: text(call.content.title, ctx.locale),
        subtitle: text(call.content.subtitle, ctx.locale),
        status: call.status,
        role,
        opens_at: call.opensAt.toISOString(),
        closes_at: call.closesAt.toISOString(),
        timeline: {
          opens: tl.opens,
          deadline: tl.deadline,
          deadline_time: tl.deadlineTime ?? null,
          answers: tl.answers,
          community_start: tl.communityStart,
          community_end: tl.communityEnd,
        },
        features: { charter: features.charter, community: features.community },
        criteria: call.content.criteria.map((c) => ({
          key: c.key,
          label: text(c.label, ctx.locale),
          description: text(c.description, ctx.locale),
          min: c.scale.min,
          max: c.scale.max,
          weight: c.weight ?? 1,
        })),
        form_version_id: call.formVersionId,
      };
    },
  }),
  define({
    id: "getForm",
    method: "get",
    path: "/calls/{callId}/form",
    tag: "Appels",
    summary: "Le formulaire en vigueur d’un appel",
    description:
      "Chaque question avec sa clé, son type et le schéma JSON de sa valeur typée ; answers_schema décrit l’objet « answers » des dossiers.",
    access: "read",
    params: S.CallPath,
    response: S.Form,
    async handle(ctx, { params }) {
      await teamRole(ctx, params.callId);
      const call = await findCallById(ctx.db, params.callId);
      if (!call) throw new NotFound();
      const def = await formDefinition(ctx.db, call.formVersionId);
      const version = await ctx.db.selectFrom("form_version").select("version").where("id", "=", call.formVersionId).executeTakeFirst();
      return {
        id: call.formVersionId,
        version: Number(version?.version ?? 1),
        sections: def.sections.map((s) => ({
          key: s.key,
          title: text(s.title, ctx.locale),
          fields: s.items.filter(isField).map((f) => ({
            key: f.key,
            type: f.type,
            label: text(f.label, ctx.locale),
            help: f.help ? text(f.help, ctx.locale) : null,
            required: Boolean(f.required),
            conditional: Boolean(f.showIf || s.showIf || f.requiredIf),
            filterable: Boolean(f.filterable),
            meaning: f.meaning ?? null,
            options:
              "options" in f && Array.isArray(f.options)
                ? f.options.map((o) => ({ value: o.value, label: text(o.label, ctx.locale) }))
                : null,
            value_schema: logicOf(f).dataSchema(f),
          })),
        })),
        answers_schema: answersSchema(def),
      };
    },
  }),
  define({
    id: "listDossiers",
    method: "get",
    path: "/calls/{callId}/dossiers",
    tag: "Dossiers",
    summary: "Les dossiers déposés d’un appel",
    description:
      "Les mêmes filtres que la liste des organisateurs ; un évaluateur ne voit que les dossiers qui lui sont confiés. Pages de 50, par curseur. Pour synchroniser : updated_since, puis suivre next_cursor jusqu’à null.",
    access: "read",
    params: S.CallPath,
    query: S.DossierQuery,
    response: S.DossierList,
    async handle(ctx, { params, query }) {
      const role = await teamRole(ctx, params.callId);
      const list = await instructionList(ctx.db, params.callId, filtersOf(query, { userId: ctx.identity.user.id, role }), ctx.now, {
        pageSize: query.limit,
      });
      return {
        data: list.rows.map((r) => ({
          id: r.id,
          call_id: params.callId,
          organisation: { id: r.organization_id, name: r.name },
          name: r.name,
          state: r.state as z.infer<typeof S.DossierSummary>["state"],
          submitted_at: r.last_submitted_at,
          updated_at: r.updated_at,
          region: r.region,
          departement: r.departement,
          stage: r.stage,
          sectors: (r.sectors ?? "").split(",").filter(Boolean),
          labels: r.labels,
          score: r.overall === null || r.overall === undefined ? null : scoreOut(r),
        })),
        next_cursor: list.next ? encodeCursor(list.next) : null,
        total: list.total,
        total_capped: list.capped,
        not_yet_searchable: list.notYetSearchable,
      };
    },
  }),
  define({
    id: "getDossier",
    method: "get",
    path: "/dossiers/{dossierId}",
    tag: "Dossiers",
    summary: "Un dossier",
    description: "La dernière version déposée : le profil du dossier et les réponses typées par clé de question.",
    access: "read",
    params: S.DossierPath,
    response: S.Dossier,
    async handle(ctx, { params }) {
      await dossierRole(ctx, params.dossierId);
      const d = await ctx.db
        .selectFrom("dossier")
        .innerJoin("organization", "organization.id", "dossier.organization_id")
        .select([
          "dossier.id",
          "dossier.call_id",
          "dossier.state",
          "dossier.submission_count",
          "dossier.last_submitted_at",
          "dossier.updated_at",
          "organization.id as org_id",
          "organization.name as org_name",
        ])
        .where("dossier.id", "=", params.dossierId)
        .executeTakeFirst();
      const s = await latestSubmission(ctx.db, params.dossierId);
      if (!d || !s) throw new NotFound();
      const labels = await ctx.db.selectFrom("dossier_label").select("label").where("dossier_id", "=", d.id).orderBy("label").execute();
      const version = await submissionOut(ctx, d.id, s);
      return {
        id: d.id,
        call_id: d.call_id,
        organisation: { id: d.org_id, name: d.org_name },
        state: d.state as z.infer<typeof S.Dossier>["state"],
        submission_count: Number(d.submission_count),
        submitted_at: d.last_submitted_at,
        updated_at: d.updated_at,
        form_version_id: s.form_version_id,
        profile: profileOut(await submissionProfile(ctx.db, s)),
        answers: version.answers,
        labels: labels.map((l) => l.label),
      };
    },
  }),
  define({
    id: "listSubmissions",
    method: "get",
    path: "/dossiers/{dossierId}/submissions",
    tag: "Dossiers",
    summary: "Les versions déposées d’un dossier",
    access: "read",
    params: S.DossierPath,
    response: S.list(S.SubmissionSummary),
    async handle(ctx, { params }) {
      await dossierRole(ctx, params.dossierId);
      const rows = await ctx.db
        .selectFrom("submission")
        .select(["number", "submitted_at", "form_version_id"])
        .where("dossier_id", "=", params.dossierId)
        .orderBy("number")
        .execute();
      return { data: rows.map((r) => ({ number: Number(r.number), submitted_at: r.submitted_at, form_version_id: r.form_version_id })) };
    },
  }),
  define({
    id: "getSubmission",
    method: "get",
    path: "/dossiers/{dossierId}/submissions/{number}",
    tag: "Dossiers",
    summary: "Une version déposée",
    access: "read",
    params: S.SubmissionPath,
    response: S.Submission,
    async handle(ctx, { params }) {
      await dossierRole(ctx, params.dossierId);
      const s = await ctx.db
        .selectFrom("submission")
        .select(["number", "submitted_at", "form_version_id", "answers_json", "attachments_json"])
        .where("dossier_id", "=", params.dossierId)
        .where("number", "=", params.number)
        .executeTakeFirst();
      if (!s) throw new NotFound();
      return submissionOut(ctx, params.dossierId, s);
    },
  }),
  define({
    id: "downloadAttachment",
    method: "get",
    path: "/dossiers/{dossierId}/attachments/{attachmentId}",
    tag: "Dossiers",
    summary: "Télécharger une pièce jointe",
    description: "Le fichier tel que déposé (son type vérifié au dépôt). Chaque téléchargement est inscrit au journal des accès.",
    access: "read",
    params: S.AttachmentPath,
    response: "binary",
    async handle(ctx, { params }): Promise<BinaryAnswer> {
      await dossierRole(ctx, params.dossierId);
      const file = await attachmentOfDossier(ctx.db, params.dossierId, params.attachmentId);
      return { binary: { data: await ctx.storage.get(file.storage_key), mime: file.mime, filename: file.safe_name } };
    },
  }),
  define({
    id: "listReviews",
    method: "get",
    path: "/dossiers/{dossierId}/reviews",
    tag: "Évaluation",
    summary: "Les évaluations d’un dossier",
    description: "Un organisateur lit toutes les évaluations ; un évaluateur ou un expert, la sienne.",
    access: "read",
    params: S.DossierPath,
    response: S.ReviewList,
    async handle(ctx, { params }) {
      const { role } = await dossierRole(ctx, params.dossierId);
      let q = ctx.db
        .selectFrom("review")
        .innerJoin("user", "user.id", "review.reviewer_id")
        .select(["review.reviewer_id", "user.name", "review.scores_json", "review.comment", "review.opinion", "review.updated_at"])
        .where("review.dossier_id", "=", params.dossierId);
      if (role !== "organiser") q = q.where("review.reviewer_id", "=", ctx.identity.user.id);
      const rows = await q.orderBy("review.updated_at").execute();
      const score =
        role === "organiser"
          ? await ctx.db
              .selectFrom("dossier_score")
              .select(["overall", "reviewers", "disagreement"])
              .where("dossier_id", "=", params.dossierId)
              .executeTakeFirst()
          : undefined;
      return {
        data: rows.map((r) => ({
          reviewer: { id: r.reviewer_id, name: r.name },
          scores: JSON.parse(r.scores_json) as Record<string, number>,
          comment: r.comment,
          opinion: r.opinion,
          updated_at: r.updated_at,
        })),
        score: score ? scoreOut(score) : null,
      };
    },
  }),
  define({
    id: "putMyReview",
    method: "put",
    path: "/dossiers/{dossierId}/reviews/mine",
    tag: "Évaluation",
    summary: "Enregistrer son évaluation",
    description: "Crée ou remplace l’évaluation du titulaire du jeton (qui doit être chargé du dossier). Jeton en écriture.",
    access: "write",
    params: S.DossierPath,
    body: S.ReviewInput,
    response: S.Review,
    async handle(ctx, { params, body }) {
      await dossierRole(ctx, params.dossierId);
      await saveReview(ctx.db, {
        dossierId: params.dossierId,
        reviewerId: ctx.identity.user.id,
        scores: body.scores,
        comment: body.comment,
        opinion: body.opinion,
        now: ctx.now,
      });
      const r = await ctx.db
        .selectFrom("review")
        .select(["scores_json", "comment", "opinion", "updated_at"])
        .where("dossier_id", "=", params.dossierId)
        .where("reviewer_id", "=", ctx.identity.user.id)
        .executeTakeFirstOrThrow();
      return {
        reviewer: { id: ctx.identity.user.id, name: ctx.identity.user.name },
        scores: JSON.parse(r.scores_json) as Record<string, number>,
        comment: r.comment,
        opinion: r.opinion,
        updated_at: r.updated_at,
      };
    },
  }),
  define({
    id: "createNote",
    method: "post",
    path: "/dossiers/{dossierId}/notes",
    tag: "Évaluation",
    summary: "Ajouter une note d’équipe",
    description:
      "Une note que seule l’équipe de l’appel lit. Envoyez un en-tête Idempotency-Key pour pouvoir répéter la requête sans doublon.",
    access: "write",
    params: S.DossierPath,
    body: S.NoteInput,
    response: S.Note,
    status: 201,
    async handle(ctx, { params, body }) {
      const { role } = await dossierRole(ctx, params.dossierId);
      if (role === "expert") throw new NotFound(); // as on the page: experts give an opinion, not team notes
      const id = await addNote(ctx.db, { dossierId: params.dossierId, authorId: ctx.identity.user.id, body: body.body, now: ctx.now });
      const note = await ctx.db.selectFrom("dossier_note").select(["body", "created_at"]).where("id", "=", id).executeTakeFirstOrThrow();
      return { id, author: { id: ctx.identity.user.id, name: ctx.identity.user.name }, body: note.body, created_at: note.created_at };
    },
  }),
  define({
    id: "createTransition",
    method: "post",
    path: "/dossiers/{dossierId}/transitions",
    tag: "Décisions",
    summary: "Faire avancer un dossier",
    description:
      "Pour les organisateurs de l’appel, comme le bouton de la page du dossier : les mêmes règles (une étape possible depuis l’état actuel, une note obligatoire pour un retour). Envoyez un en-tête Idempotency-Key pour pouvoir répéter la requête.",
    access: "write",
    params: S.DossierPath,
    body: S.TransitionInput,
    response: S.Transition,
    status: 201,
    async handle(ctx, { params, body }) {
      const { role } = await dossierRole(ctx, params.dossierId);
      if (role !== "organiser") throw new NotFound();
      const state = await applyOrganiserTransition(ctx.db, {
        dossierId: params.dossierId,
        event: body.event,
        actorId: ctx.identity.user.id,
        note: body.note,
        appUrl: ctx.appUrl,
        now: ctx.now,
      });
      return { state };
    },
  }),
  define({
    id: "putLabels",
    method: "put",
    path: "/dossiers/{dossierId}/labels",
    tag: "Évaluation",
    summary: "Poser les étiquettes d’un dossier",
    description:
      "Pour l’équipe de l’appel (pas les experts). Le corps donne toutes les étiquettes voulues ; répéter la requête ne change rien.",
    access: "write",
    params: S.DossierPath,
    body: S.LabelsInput,
    response: S.Labels,
    async handle(ctx, { params, body }) {
      const { role } = await dossierRole(ctx, params.dossierId);
      if (role === "expert") throw new NotFound(); // as on the page: labels are the team's
      const wanted = [...new Set(body.labels)];
      const current = await labelsOf(ctx.db, params.dossierId);
      for (const label of current)
        if (!wanted.includes(label)) await removeLabel(ctx.db, { dossierId: params.dossierId, label, actorId: ctx.identity.user.id });
      for (const label of wanted)
        if (!current.includes(label))
          await addLabel(ctx.db, { dossierId: params.dossierId, label, actorId: ctx.identity.user.id, now: ctx.now });
      return { labels: await labelsOf(ctx.db, params.dossierId) };
    },
  }),
  define({
    id: "listDecisions",
    method: "get",
    path: "/dossiers/{dossierId}/decisions",
    tag: "Décisions",
    summary: "Les décisions et réponses d’un dossier",
    description: "Pour les organisateurs de l’appel : chaque décision prise, et la réponse envoyée au candidat quand elle l’a été.",
    access: "read",
    params: S.DossierPath,
    response: S.list(S.Decision),
    async handle(ctx, { params }) {
      const { role } = await dossierRole(ctx, params.dossierId);
      if (role !== "organiser") throw new NotFound();
      const rows = await ctx.db
        .selectFrom("dossier_transition")
        .leftJoin("decision_answer", "decision_answer.transition_id", "dossier_transition.id")
        .select([
          "dossier_transition.id",
          "dossier_transition.to_state",
          "dossier_transition.at",
          "dossier_transition.note",
          "decision_answer.sent_at",
          "decision_answer.subject",
          "decision_answer.reasons",
        ])
        .where("dossier_transition.dossier_id", "=", params.dossierId)
        .where("dossier_transition.to_state", "in", ["accepted", "declined", "waitlisted"])
        .orderBy("dossier_transition.at")
        .execute();
      return {
        data: rows.map((r) => ({
          decision: r.to_state as "accepted" | "declined" | "waitlisted",
          decided_at: r.at,
          note: r.note,
          answer: r.sent_at
            ? {
                sent_at: r.sent_at,
                subject: r.subject ?? "",
                reasons: r.reasons ?? "",
                letter: `${ctx.appUrl}/dossiers/${params.dossierId}/decisions/${r.id}/lettre.pdf`,
              }
            : null,
        })),
      };
    },
  }),
  define({
    id: "listMembers",
    method: "get",
    path: "/calls/{callId}/community/members",
    tag: "Communauté",
    summary: "Les membres de la communauté",
    description: "Pour les membres et les organisateurs d’un appel qui a une communauté.",
    access: "read",
    params: S.CallPath,
    query: S.PageQuery,
    response: S.paged(S.Member),
    async handle(ctx, { params, query }) {
      await communityRole(ctx, params.callId);
      const page = pageOf(await membersOf(ctx.db, params.callId), (m) => m.organizationId, query);
      return {
        next_cursor: page.next_cursor,
        data: page.rows.map((m) => ({
          organisation: { id: m.organizationId, name: m.name },
          commune: m.commune,
          departement: m.departement,
          region: m.region,
          description: m.description,
          hosts_visits: m.hosts,
          visit_experiences: m.hostExperiences,
          host_from: m.hostFrom,
          host_to: m.hostTo,
        })),
      };
    },
  }),
  define({
    id: "listEvents",
    method: "get",
    path: "/calls/{callId}/community/events",
    tag: "Communauté",
    summary: "Les visites et rencontres",
    access: "read",
    params: S.CallPath,
    query: S.PageQuery,
    response: S.paged(S.Event),
    async handle(ctx, { params, query }) {
      const access = await communityRole(ctx, params.callId);
      const events = (await eventsOf(ctx.db, params.callId)).filter((e) => access.role === "organiser" || e.status !== "planned");
      // In time order (then by id), as the community's pages list them.
      const page = pageOf(events, (e) => `${e.starts_at}\u0000${e.id}`, query);
      return {
        next_cursor: page.next_cursor,
        data: page.rows.map((e) => ({
          id: e.id,
          kind: e.kind,
          status: e.status,
          title: e.title,
          starts_at: e.starts_at,
          ends_at: e.ends_at,
          address: e.address,
          capacity: Number(e.capacity),
          host: e.host_name,
          report_at: e.report_at,
          sequence: Number(e.sequence),
        })),
      };
    },
  }),
  define({
    id: "listRegistrations",
    method: "get",
    path: "/events/{eventId}/registrations",
    tag: "Communauté",
    summary: "Les inscrits à un événement",
    description: "Pour les organisateurs de l’appel.",
    access: "read",
    params: S.EventPath,
    query: S.PageQuery,
    response: S.paged(S.Registration),
    async handle(ctx, { params, query }) {
      const access = await communityRole(ctx, await callOfEvent(ctx.db, params.eventId));
      if (access.role !== "organiser") throw new NotFound();
      const page = pageOf(await registrations(ctx.db, params.eventId), (r) => `${r.registered_at}\u0000${r.user_id}`, query);
      return {
        next_cursor: page.next_cursor,
        data: page.rows.map((r) => ({
          person: { id: r.user_id, name: r.name, email: r.email },
          organisation: r.organisation,
          status: r.status,
          registered_at: r.registered_at,
          attended: r.attended === null ? null : Boolean(r.attended),
        })),
      };
    },
  }),
  define({
    id: "listSheets",
    method: "get",
    path: "/calls/{callId}/community/sheets",
    tag: "Communauté",
    summary: "Les fiches d’expérience",
    description: "Celles que le titulaire du jeton peut lire : publiées, et celles de son organisation (toutes pour un organisateur).",
    access: "read",
    params: S.CallPath,
    query: S.SheetQuery,
    response: S.paged(S.Sheet),
    async handle(ctx, { params, query }) {
      await communityRole(ctx, params.callId);
      const since = query.updated_since ? new Date(query.updated_since).toISOString() : null;
      const rows = (await sheetsFor(ctx.db, { callId: params.callId, userId: ctx.identity.user.id, filters: {} })).filter(
        (s) => since === null || s.updated_at >= since,
      );
      // By last change then id: a synchronising client follows the cursors, then asks again with updated_since.
      const page = pageOf(rows, (s) => `${s.updated_at}\u0000${s.id}`, query);
      return {
        next_cursor: page.next_cursor,
        data: page.rows.map((s) => ({
          id: s.id,
          title: s.title,
          status: s.status,
          organisation: s.organisation,
          themes: s.themes.split(",").filter(Boolean),
          territory: s.territory,
          updated_at: s.updated_at,
          published_at: s.published_at,
        })),
      };
    },
  }),
  define({
    id: "getIndicators",
    method: "get",
    path: "/calls/{callId}/community/indicators",
    tag: "Communauté",
    summary: "Les indicateurs d’impact de la communauté",
    access: "read",
    params: S.CallPath,
    response: S.IndicatorTotals,
    async handle(ctx, { params }) {
      await communityRole(ctx, params.callId);
      const rows = await communityTotals(ctx.db, { callId: params.callId, userId: ctx.identity.user.id });
      return {
        data: rows.map((r) => ({
          year: r.year,
          members: r.members,
          jobs_created: r.jobsCreated,
          jobs_secured: r.jobsSecured,
          people_supported: r.peopleSupported,
          trainings: r.trainings,
        })),
        method: "Somme, par année, des valeurs déclarées par les membres ; un membre qui n’a pas déclaré une année n’y compte pas.",
        by_member: (await indicatorRows(ctx.db, { callId: params.callId, userId: ctx.identity.user.id })).map((r) => ({
          organisation: { id: r.organizationId, name: r.name },
          year: r.year,
          declared_at: r.declaredAt,
          jobs_created: r.jobsCreated,
          jobs_secured: r.jobsSecured,
          people_supported: r.peopleSupported,
          trainings: r.trainings,
        })),
      };
    },
  }),
];

/** "/dossiers/{dossierId}" → a matcher of concrete paths, with the parameters' names. */
export function compilePath(path: string): { re: RegExp; names: string[] } {
  const names: string[] = [];
  const re = new RegExp(`^${path.replace(/\{([A-Za-z]+)\}/g, (_m, name: string) => (names.push(name), "([^/]+)"))}$`);
  return { re, names };
}
