// The HTTP API's inputs and outputs as zod schemas (issue 13): the server parses every request with them,
// and the OpenAPI document (app/api/openapi.server.ts) is generated from the same objects, so the document
// cannot drift from what the server does. Registered schemas become named components of the document.
import { z } from "zod";
import { NoteInput as SharedNoteInput, ReviewInput as SharedReviewInput } from "../domain/review/inputs.server";

export const components = z.registry<{ id: string; description?: string }>();
const named = <T extends z.ZodType>(id: string, description: string, schema: T): T => {
  components.add(schema, { id, description });
  return schema;
};

const instant = z.string().describe("Instant ISO 8601 en UTC, par exemple 2026-03-15T10:30:00.000Z");
const civilDate = z.string().describe("Date civile à Paris, AAAA-MM-JJ");
const id = z.string().min(1).max(64);

// ——— Problems (RFC 9457) ———
export const Problem = named(
  "Problem",
  "Une erreur, au format RFC 9457 (application/problem+json). « errors » détaille les paramètres refusés.",
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ name: z.string(), in: z.enum(["path", "query", "body", "header"]), detail: z.string() })).optional(),
  }),
);

// ——— Calls and forms ———
const CallRole = z.enum(["organiser", "reviewer", "expert", "member"]);
export const CallSummary = named(
  "CallSummary",
  "Un appel auquel le jeton donne accès, avec le rôle de son titulaire.",
  z.object({
    id,
    slug: z.string(),
    title: z.string(),
    status: z.enum(["draft", "published", "archived"]),
    role: CallRole,
    opens_at: instant,
    closes_at: instant,
  }),
);
export const Call = named(
  "Call",
  "Un appel : textes principaux, calendrier et critères d’évaluation.",
  z.object({
    id,
    slug: z.string(),
    title: z.string(),
    subtitle: z.string(),
    status: z.enum(["draft", "published", "archived"]),
    role: CallRole,
    opens_at: instant,
    closes_at: instant,
    timeline: z.object({
      opens: civilDate,
      deadline: civilDate,
      deadline_time: z.string().nullable(),
      answers: civilDate,
      community_start: civilDate,
      community_end: civilDate,
    }),
    features: z.object({ charter: z.boolean(), community: z.boolean() }),
    criteria: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        description: z.string(),
        min: z.number().int(),
        max: z.number().int(),
        weight: z.number(),
      }),
    ),
    form_version_id: z.string(),
  }),
);
export const FormField = named(
  "FormField",
  "Une question du formulaire ; value_schema décrit la valeur typée de sa réponse dans les dossiers.",
  z.object({
    key: z.string(),
    type: z.string(),
    label: z.string(),
    help: z.string().nullable(),
    required: z.boolean(),
    conditional: z.boolean().describe("La question n’est posée que sous une condition"),
    filterable: z.boolean(),
    meaning: z.string().nullable().describe("Ce que la question signifie pour la plateforme (nom, commune, secteurs…)"),
    options: z.array(z.object({ value: z.string(), label: z.string() })).nullable(),
    value_schema: z.record(z.string(), z.unknown()).describe("Schéma JSON (2020-12) de la valeur"),
  }),
);
export const Form = named(
  "Form",
  "Le formulaire en vigueur d’un appel, par parties.",
  z.object({
    id: z.string(),
    version: z.number().int(),
    sections: z.array(z.object({ key: z.string(), title: z.string(), fields: z.array(FormField) })),
    answers_schema: z.record(z.string(), z.unknown()).describe("Schéma JSON de l’objet « answers » d’un dossier de cet appel"),
  }),
);

// ——— Dossiers ———
const DossierState = z.enum(["submitted", "under_review", "returned_for_changes", "accepted", "declined", "waitlisted"]);
export const DossierSummary = named(
  "DossierSummary",
  "Un dossier dans la liste de l’appel.",
  z.object({
    id,
    call_id: z.string(),
    organisation: z.object({ id: z.string(), name: z.string() }),
    name: z.string(),
    state: DossierState,
    submitted_at: instant.nullable(),
    updated_at: instant,
    region: z.string().nullable(),
    departement: z.string().nullable(),
    stage: z.string().nullable(),
    sectors: z.array(z.string()),
    labels: z.array(z.string()),
    score: z.object({ overall: z.number().nullable(), reviewers: z.number().int(), disagreement: z.number() }).nullable(),
  }),
);
export const DossierList = named(
  "DossierList",
  "Une page de dossiers. Suivre « next_cursor » tant qu’il n’est pas null.",
  z.object({
    data: z.array(DossierSummary),
    next_cursor: z.string().nullable(),
    total: z.number().int().describe("Nombre de dossiers correspondants (plafonné, voir total_capped)"),
    total_capped: z.boolean(),
    not_yet_searchable: z
      .number()
      .int()
      .describe(
        "Avec q : dossiers déposés à l’instant que la recherche ne trouve pas encore (ni ne compte) ; ils y seront dans quelques secondes. 0 sans q.",
      ),
  }),
);
export const Profile = named(
  "DossierProfile",
  "Ce que le dossier signifie pour la plateforme, lu d’après le sens des questions (indépendant des clés d’un appel).",
  z.object({
    name: z.string().nullable(),
    carrier: z.string().nullable(),
    commune_code: z.string().nullable(),
    sectors: z.array(z.string()),
    stage: z.string().nullable(),
    operational: z.boolean().nullable(),
    operating_since: z.number().int().nullable(),
    wants_charter: z.boolean().nullable(),
    hosts_visit: z.boolean().nullable(),
    summary: z.string().nullable(),
    amount_requested: z.number().nullable(),
    contact: z.object({
      name: z.string().nullable(),
      role: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
    }),
    siret: z.string().nullable(),
  }),
);
export const Dossier = named(
  "Dossier",
  "Un dossier tel que l’équipe le lit : sa dernière version déposée, réponses typées par clé de question.",
  z.object({
    id,
    call_id: z.string(),
    organisation: z.object({ id: z.string(), name: z.string() }),
    state: DossierState,
    submission_count: z.number().int(),
    submitted_at: instant.nullable(),
    updated_at: instant,
    form_version_id: z.string(),
    profile: Profile,
    answers: z.record(z.string(), z.unknown()).describe("Valeurs typées par clé de question : voir value_schema dans le formulaire"),
    labels: z.array(z.string()),
  }),
);
export const SubmissionSummary = named(
  "SubmissionSummary",
  "Une version déposée d’un dossier.",
  z.object({ number: z.number().int(), submitted_at: instant, form_version_id: z.string() }),
);
export const Submission = named(
  "Submission",
  "Une version déposée, avec ses réponses typées et ses pièces jointes.",
  z.object({
    number: z.number().int(),
    submitted_at: instant,
    form_version_id: z.string(),
    answers: z.record(z.string(), z.unknown()),
    attachments: z.array(
      z.object({
        id: z.string(),
        field_key: z.string(),
        name: z.string(),
        mime: z.string(),
        size: z.number().int(),
        sha256: z.string(),
        download: z.string(),
      }),
    ),
  }),
);
export const Review = named(
  "Review",
  "Une évaluation : notes par critère, commentaire et avis.",
  z.object({
    reviewer: z.object({ id: z.string(), name: z.string() }),
    scores: z.record(z.string(), z.number().int()),
    comment: z.string(),
    opinion: z.string().nullable(),
    updated_at: instant,
  }),
);
export const ReviewList = named(
  "ReviewList",
  "Les évaluations d’un dossier que le jeton peut lire (les siennes pour un évaluateur, toutes pour un organisateur) et la note d’ensemble.",
  z.object({
    data: z.array(Review),
    score: z.object({ overall: z.number().nullable(), reviewers: z.number().int(), disagreement: z.number() }).nullable(),
  }),
);
export const ReviewInput = named(
  "ReviewInput",
  "Une évaluation à enregistrer : une note entière par critère dans son échelle (le même schéma que le formulaire de la page).",
  SharedReviewInput,
);
export const NoteInput = named(
  "NoteInput",
  "Une note d’équipe sur un dossier (le même schéma que le formulaire de la page).",
  SharedNoteInput,
);
export const TransitionInput = named(
  "TransitionInput",
  "Une étape décidée par un organisateur : mise en instruction, retour pour compléments (la note dit ce qui manque), liste d’attente, retenu, non retenu. La réponse au candidat part ensuite depuis la page « Réponses ».",
  z.object({
    event: z.enum(["start_review", "return_for_changes", "waitlist", "accept", "decline"]),
    note: z.string().max(20000).default(""),
  }),
);
export const Transition = named("Transition", "L’état du dossier après l’étape.", z.object({ state: z.string() }));
export const LabelsInput = named(
  "LabelsInput",
  "Les étiquettes d’équipe du dossier, toutes : celles qui manquent sont ajoutées, les autres retirées.",
  z.object({ labels: z.array(z.string().trim().min(1).max(80)).max(50) }),
);
export const Labels = named("Labels", "Les étiquettes d’équipe du dossier.", z.object({ labels: z.array(z.string()) }));
export const Note = named(
  "Note",
  "Une note d’équipe.",
  z.object({ id: z.string(), author: z.object({ id: z.string(), name: z.string() }), body: z.string(), created_at: instant }),
);
export const Decision = named(
  "Decision",
  "Une décision prise sur un dossier, et sa réponse si elle a été envoyée.",
  z.object({
    decision: z.enum(["accepted", "declined", "waitlisted"]),
    decided_at: instant,
    note: z.string().nullable(),
    answer: z.object({ sent_at: instant, subject: z.string(), reasons: z.string(), letter: z.string() }).nullable(),
  }),
);

// ——— Community ———
export const Member = named(
  "CommunityMember",
  "Un membre de la communauté (organisation retenue).",
  z.object({
    organisation: z.object({ id: z.string(), name: z.string() }),
    commune: z.string().nullable(),
    departement: z.string().nullable(),
    region: z.string().nullable(),
    description: z.string(),
    hosts_visits: z.boolean(),
    visit_experiences: z.string(),
    host_from: z.string().nullable(),
    host_to: z.string().nullable(),
  }),
);
export const Event = named(
  "Event",
  "Une visite ou une rencontre de la communauté.",
  z.object({
    id: z.string(),
    kind: z.enum(["visit", "meeting"]),
    status: z.enum(["planned", "published", "cancelled"]),
    title: z.string(),
    starts_at: instant,
    ends_at: instant,
    address: z.string(),
    capacity: z.number().int(),
    host: z.string().nullable(),
    report_at: instant.nullable(),
    sequence: z.number().int(),
  }),
);
export const Registration = named(
  "Registration",
  "Une inscription à un événement.",
  z.object({
    person: z.object({ id: z.string(), name: z.string(), email: z.string() }),
    organisation: z.string(),
    status: z.enum(["registered", "waitlisted", "cancelled"]),
    registered_at: instant,
    attended: z.boolean().nullable(),
  }),
);
export const Sheet = named(
  "ExperienceSheet",
  "Une fiche d’expérience (capitalisation).",
  z.object({
    id: z.string(),
    title: z.string(),
    status: z.enum(["draft", "reviewed", "published", "public"]),
    organisation: z.string().nullable(),
    themes: z.array(z.string()),
    territory: z.string().nullable(),
    updated_at: instant,
    published_at: instant.nullable(),
  }),
);
const Indicators = z.object({
  jobs_created: z.number().int(),
  jobs_secured: z.number().int(),
  people_supported: z.number().int(),
  trainings: z.number().int(),
});
export const IndicatorTotals = named(
  "IndicatorTotals",
  "Les indicateurs d’impact déclarés : sommes par année sur la communauté (members = nombre de déclarations).",
  z.object({
    data: z.array(Indicators.extend({ year: z.number().int(), members: z.number().int() })),
    method: z.string(),
    by_member: z
      .array(
        Indicators.extend({ organisation: z.object({ id: z.string(), name: z.string() }), year: z.number().int(), declared_at: instant }),
      )
      .describe(
        "Les valeurs déclarées par chaque membre, par année : toutes pour un organisateur, celles de ses organisations pour un membre",
      ),
  }),
);

export const list = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });
/** A page of a list that is not the dossiers': follow « next_cursor » while it is not null. */
export const paged = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), next_cursor: z.string().nullable().describe("Curseur de la page suivante ; null à la dernière") });
/** Paging of the community's lists: an opaque cursor and a page size. */
export const PageQuery = z.object({
  cursor: z.string().max(200).optional().describe("Le « next_cursor » de la page précédente"),
  limit: z.coerce.number().int().min(1).max(200).optional().describe("Éléments par page (100 par défaut, 200 au plus)"),
});
export const SheetQuery = PageQuery.extend({
  updated_since: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("Seulement les fiches modifiées depuis cet instant (synchronisation)"),
});

// ——— Inputs: path and query ———
export const CallPath = z.object({ callId: id });
export const DossierPath = z.object({ dossierId: id });
export const SubmissionPath = z.object({ dossierId: id, number: z.coerce.number().int().min(1).max(100000) });
export const AttachmentPath = z.object({ dossierId: id, attachmentId: id });
export const EventPath = z.object({ eventId: id });

const yesNo = z.enum(["yes", "no"]);
const num = z.coerce.number().finite();
/** The organisers' list's filters, under the same names as its page (« etat », « region »…), in English. */
export const DossierQuery = z.object({
  state: DossierState.optional(),
  region: z.string().max(10).optional(),
  departement: z.string().max(10).optional(),
  stage: z.string().max(64).optional(),
  sector: z.string().max(64).optional(),
  charter: yesNo.optional(),
  hosts_visits: yesNo.optional(),
  min_years: z.coerce.number().int().min(0).max(200).optional(),
  reviewer: z.string().max(64).optional(),
  score_min: num.optional(),
  score_max: num.optional(),
  label: z.string().max(80).optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(["name", "submitted", "updated", "score"]).optional(),
  updated_since: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("Seulement les dossiers modifiés depuis cet instant (synchronisation) ; trie par dernière modification"),
  cursor: z.string().max(600).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional().describe("Dossiers par page (50 par défaut, 100 au plus)"),
});
