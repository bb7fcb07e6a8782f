// The capitalisation library (issue 3): experience sheets written by members (or the organisers), linked
// to members, visits and meetings, tagged by theme; reviewed, then published to the community, then —
// when the member opted in — to the public. French full-text search and filters; a compiled report (PDF)
// of a period's published sheets, grouped by theme, with a table of contents.
import { writeOnce, type Kdb } from "../../db/database.server";
import { DomainError, NotFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { indexDocument, searchDocuments } from "../../db/text-search.server";
import { formatParisDate } from "../../lib/paris-time";
import { frenchSpacing } from "../../lib/typography";
import { createPdf } from "../applications/dossier-pdf.server";
import { canEditSheet, communityAccess } from "../access/policy.server";
import { interpolate } from "../../i18n/interpolate";

export const THEMES = [
  "insertion",
  "emploi",
  "formation",
  "mobilite",
  "alimentation",
  "reemploi",
  "numerique",
  "cooperation",
  "gouvernance",
  "financement",
] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_LABELS: Record<Theme, string> = {
  insertion: "Insertion par l’activité économique",
  emploi: "Création et consolidation d’emplois",
  formation: "Formation et qualification",
  mobilite: "Mobilité",
  alimentation: "Alimentation et circuits courts",
  reemploi: "Réemploi et économie circulaire",
  numerique: "Numérique",
  cooperation: "Coopération entre acteurs",
  gouvernance: "Gouvernance et pilotage",
  financement: "Financement",
};

export interface SheetContent {
  context: string;
  actors: string;
  actions: string;
  results: string;
  impacts: string;
  jobsCreated: number | null;
  jobsSecured: number | null;
  peopleSupported: number | null;
  trainings: number | null;
  lessons: string;
  contacts: string;
  publicOptIn: boolean;
}

export type SheetStatus = "draft" | "reviewed" | "published" | "public";
export type SheetEvent = "review" | "publish" | "publish_public" | "unpublish";
const TRANSITIONS: Record<SheetEvent, { from: SheetStatus[]; to: SheetStatus }> = {
  review: { from: ["draft"], to: "reviewed" },
  publish: { from: ["reviewed"], to: "published" },
  publish_public: { from: ["published"], to: "public" },
  unpublish: { from: ["published", "public"], to: "reviewed" },
};

export function nextSheetStatus(from: SheetStatus, event: SheetEvent): SheetStatus | null {
  return TRANSITIONS[event].from.includes(from) ? TRANSITIONS[event].to : null;
}

const LABELS: Record<keyof Omit<SheetContent, "publicOptIn" | "jobsCreated" | "jobsSecured" | "peopleSupported" | "trainings">, string> = {
  context: "Contexte",
  actors: "Acteurs",
  actions: "Actions menées",
  results: "Résultats",
  impacts: "Effets sur l’emploi et les parcours",
  lessons: "Enseignements",
  contacts: "Contacts",
};

export function sheetText(title: string, c: SheetContent): string {
  return [title, ...Object.keys(LABELS).map((k) => c[k as keyof typeof LABELS])].join("\n");
}

function cleanContent(raw: Partial<SheetContent>): SheetContent {
  const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");
  const num = (v: unknown) => {
    if (v === null || v === undefined || v === "") return null;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 1_000_000) throw new DomainError("sheets.figure", 400);
    return n;
  };
  const c: SheetContent = {
    context: text(raw.context),
    actors: text(raw.actors),
    actions: text(raw.actions),
    results: text(raw.results),
    impacts: text(raw.impacts),
    jobsCreated: num(raw.jobsCreated),
    jobsSecured: num(raw.jobsSecured),
    peopleSupported: num(raw.peopleSupported),
    trainings: num(raw.trainings),
    lessons: text(raw.lessons),
    contacts: text(raw.contacts),
    publicOptIn: Boolean(raw.publicOptIn),
  };
  for (const k of Object.keys(LABELS))
    if ((c[k as keyof typeof LABELS] as string).length > 10000) throw new DomainError("team.textTooLong", 400, { max: 10000 });
  return c;
}

export interface SheetInput {
  title: string;
  content: Partial<SheetContent>;
  themes: string[];
  organizationId?: string | null;
  eventId?: string | null;
}

export async function saveSheet(
  db: Kdb,
  input: SheetInput & { callId: string; userId: string; sheetId?: string; now?: Date },
): Promise<string> {
  const access = await communityAccess(db, input.userId, input.callId);
  const title = input.title.trim();
  if (title.length < 3 || title.length > 200) throw new DomainError("sheets.titleInvalid", 400);
  const themes = input.themes.filter((t): t is Theme => (THEMES as readonly string[]).includes(t));
  if (themes.length === 0) throw new DomainError("sheets.themesRequired", 400);
  const content = cleanContent(input.content);
  // Members write for their own organisation; organisers for any member (or the community as a whole).
  const org = input.organizationId || (access.organizationIds[0] ?? null);
  if (org && access.role !== "organiser" && !access.organizationIds.includes(org)) throw new NotFound();
  // The sheet's territory is its member's région (for the library's filter).
  const territory = org
    ? ((
        await db
          .selectFrom("dossier")
          .innerJoin("dossier_fact", "dossier_fact.dossier_id", "dossier.id")
          .select("dossier_fact.region")
          .where("dossier.call_id", "=", input.callId)
          .where("dossier.organization_id", "=", org)
          .executeTakeFirst()
      )?.region ?? null)
    : null;
  if (input.eventId) {
    const e = await db.selectFrom("community_event").select("call_id").where("id", "=", input.eventId).executeTakeFirst();
    if (!e || e.call_id !== input.callId) throw new NotFound();
  }
  const at = (input.now ?? new Date()).toISOString();
  let id = input.sheetId;
  if (id) {
    const s = await db.selectFrom("sheet").selectAll().where("id", "=", id).executeTakeFirst();
    if (!s || s.call_id !== input.callId || !(await canEditSheet(db, input.userId, s))) throw new NotFound();
    await db
      .updateTable("sheet")
      .set({
        title,
        content_json: JSON.stringify(content),
        themes: `,${themes.join(",")},`,
        organization_id: org,
        event_id: input.eventId ?? null,
        territory,
        updated_at: at,
      })
      .where("id", "=", id)
      .execute();
  } else {
    // A new sheet posted twice within a minute (a double click) is one sheet.
    const fresh = newId();
    const twin = await writeOnce(
      db,
      `sheet:${input.callId}:${input.userId}`,
      (trx, since) =>
        trx
          .selectFrom("sheet")
          .select("id")
          .where("call_id", "=", input.callId)
          .where("created_by", "=", input.userId)
          .where("title", "=", title)
          .where("created_at", ">", since)
          .executeTakeFirst(),
      (trx) =>
        trx
          .insertInto("sheet")
          .values({
            id: fresh,
            call_id: input.callId,
            organization_id: org,
            event_id: input.eventId ?? null,
            status: "draft",
            title,
            content_json: JSON.stringify(content),
            themes: `,${themes.join(",")},`,
            territory,
            created_by: input.userId,
            created_at: at,
            updated_at: at,
            published_at: null,
          })
          .execute(),
      input.now,
    );
    if (twin) return twin;
    id = fresh;
  }
  await indexDocument(db, { kind: "sheet", refId: id, scopeId: input.callId, content: sheetText(title, content) });
  return id;
}

/** The organisers move a sheet through its workflow; public only when its member opted in. */
export async function moveSheet(db: Kdb, input: { sheetId: string; event: SheetEvent; userId: string; now?: Date }): Promise<SheetStatus> {
  const s = await db.selectFrom("sheet").selectAll().where("id", "=", input.sheetId).executeTakeFirst();
  if (!s) throw new NotFound();
  const access = await communityAccess(db, input.userId, s.call_id);
  if (access.role !== "organiser") throw new NotFound();
  const to = nextSheetStatus(s.status, input.event);
  if (!to) throw new DomainError("sheets.transition", 409);
  if (to === "public" && !(JSON.parse(s.content_json) as SheetContent).publicOptIn) throw new DomainError("sheets.noPublicOptIn", 409);
  const at = (input.now ?? new Date()).toISOString();
  const moved = await db
    .updateTable("sheet")
    .set({ status: to, published_at: to === "published" ? at : s.published_at, updated_at: at })
    .where("id", "=", s.id)
    .where("status", "=", s.status)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw new DomainError("dossier.changedMeanwhile", 409);
  return to;
}

export interface SheetFilters {
  q?: string;
  theme?: string;
  region?: string;
  member?: string;
}

/** Sheets a person may read: published ones, plus drafts of their own organisation (organisers: all). */
export async function sheetsFor(db: Kdb, input: { callId: string; userId: string | null; filters: SheetFilters; publicOnly?: boolean }) {
  let q = db
    .selectFrom("sheet")
    .leftJoin("organization", "organization.id", "sheet.organization_id")
    .select([
      "sheet.id",
      "sheet.title",
      "sheet.status",
      "sheet.themes",
      "sheet.territory",
      "sheet.organization_id",
      "sheet.updated_at",
      "sheet.published_at",
      "organization.name as organisation",
    ])
    .where("sheet.call_id", "=", input.callId);
  if (input.publicOnly || !input.userId) {
    q = q.where("sheet.status", "=", "public");
  } else {
    const access = await communityAccess(db, input.userId, input.callId);
    if (access.role !== "organiser") {
      const mine = access.organizationIds;
      q = q.where((eb) =>
        eb.or([
          eb("sheet.status", "in", ["published", "public"]),
          ...(mine.length ? [eb("sheet.organization_id", "in", mine)] : []),
          eb("sheet.created_by", "=", input.userId!),
        ]),
      );
    }
  }
  const f = input.filters;
  if (f.theme) q = q.where("sheet.themes", "like", `%,${f.theme.replace(/[%_,]/g, "")},%`);
  if (f.region) q = q.where("sheet.territory", "=", f.region);
  if (f.member) q = q.where("sheet.organization_id", "=", f.member);
  if (f.q && f.q.trim()) {
    const ids = await searchDocuments(db, { kind: "sheet", scopeId: input.callId, query: f.q });
    if (ids.length === 0) return [];
    q = q.where("sheet.id", "in", ids);
  }
  return q.orderBy("sheet.updated_at", "desc").limit(500).execute();
}

export async function sheetFor(db: Kdb, input: { sheetId: string; userId: string | null }) {
  const s = await db
    .selectFrom("sheet")
    .leftJoin("organization", "organization.id", "sheet.organization_id")
    .leftJoin("community_event", "community_event.id", "sheet.event_id")
    .selectAll("sheet")
    .select(["organization.name as organisation", "community_event.title as event_title"])
    .where("sheet.id", "=", input.sheetId)
    .executeTakeFirst();
  if (!s) throw new NotFound();
  if (s.status === "public")
    return {
      sheet: s,
      content: JSON.parse(s.content_json) as SheetContent,
      canEdit: input.userId ? await canEditSheet(db, input.userId, s).catch(() => false) : false,
      organiser: false,
    };
  if (!input.userId) throw new NotFound();
  const access = await communityAccess(db, input.userId, s.call_id);
  const own = (s.organization_id !== null && access.organizationIds.includes(s.organization_id)) || s.created_by === input.userId;
  if (s.status !== "published" && access.role !== "organiser" && !own) throw new NotFound();
  return {
    sheet: s,
    content: JSON.parse(s.content_json) as SheetContent,
    canEdit: access.role === "organiser" || own,
    organiser: access.role === "organiser",
  };
}

/** The compiled capitalisation report: published sheets of a period, by theme, with a table of contents. */
export async function capitalisationReport(
  db: Kdb,
  input: { callId: string; userId: string; from: string; to: string; title: string },
): Promise<Buffer> {
  await communityAccess(db, input.userId, input.callId);
  if (input.from > input.to) throw new DomainError("report.periodInverted", 400);
  const rows = await db
    .selectFrom("sheet")
    .leftJoin("organization", "organization.id", "sheet.organization_id")
    .leftJoin("community_event", "community_event.id", "sheet.event_id")
    .select([
      "sheet.id",
      "sheet.title",
      "sheet.content_json",
      "sheet.themes",
      "sheet.published_at",
      "organization.name as organisation",
      "community_event.id as visit_id",
      "community_event.title as visit_title",
      "community_event.starts_at as visit_at",
    ])
    .where("sheet.call_id", "=", input.callId)
    .where("sheet.status", "in", ["published", "public"])
    .where("sheet.published_at", ">=", `${input.from}T00:00:00.000Z`)
    .where("sheet.published_at", "<=", `${input.to}T23:59:59.999Z`)
    .orderBy("sheet.title")
    .execute();
  const groups = THEMES.map((theme) => ({ theme, sheets: rows.filter((r) => r.themes.split(",").filter(Boolean)[0] === theme) })).filter(
    (g) => g.sheets.length,
  );
  const { doc, done } = createPdf({ margin: 56, title: input.title, author: "Trame", bufferPages: true });
  doc.font("bold").fontSize(18).text(frenchSpacing(input.title));
  doc
    .font("regular")
    .fontSize(10)
    .fillColor("#444")
    .text(
      frenchSpacing(
        `Fiches d’expérience publiées du ${formatParisDate(input.from, "fr")} au ${formatParisDate(input.to, "fr")} — ${interpolate("{n} {n|fiche|fiches}", { n: rows.length })}`,
      ),
    );
  doc.moveDown(1).fillColor("#1a1a1a").font("bold").fontSize(13).text("Sommaire");
  // The contents need page numbers that are known only once the sheets are laid out: reserve its lines now.
  const tocStartPage = doc.bufferedPageRange().count - 1;
  const tocY = doc.y + 6;
  const entries = groups.flatMap((g) => [
    { label: THEME_LABELS[g.theme], level: 0, page: 0 },
    ...g.sheets.map((s) => ({ label: s.title, level: 1, page: 0, id: s.id })),
  ]);
  const lineHeight = 15;
  const perPage = Math.floor((doc.page.height - 56 - tocY) / lineHeight);
  const extraTocPages = Math.max(0, Math.ceil((entries.length + 1 - perPage) / Math.floor((doc.page.height - 112) / lineHeight)));
  for (let i = 0; i < extraTocPages; i++) doc.addPage();
  const pageOf = new Map<string, number>();
  for (const g of groups) {
    doc.addPage();
    entries.find((e) => e.level === 0 && e.label === THEME_LABELS[g.theme])!.page = doc.bufferedPageRange().count;
    doc.font("bold").fontSize(16).fillColor("#1a1a1a").text(frenchSpacing(THEME_LABELS[g.theme])).moveDown(0.5);
    for (const s of g.sheets) {
      if (doc.y > doc.page.height - 200) doc.addPage();
      pageOf.set(s.id, doc.bufferedPageRange().count);
      const c = JSON.parse(s.content_json) as SheetContent;
      doc.font("bold").fontSize(13).text(frenchSpacing(s.title));
      doc
        .font("regular")
        .fontSize(9)
        .fillColor("#444")
        .text(
          frenchSpacing(
            [
              s.organisation,
              s.published_at ? `publiée le ${formatParisDate(s.published_at, "fr")}` : "",
              // The report cites the visit each sheet came from (issue 12).
              s.visit_title && s.visit_at ? `visite « ${s.visit_title} » du ${formatParisDate(s.visit_at, "fr")}` : "",
            ]
              .filter(Boolean)
              .join(" — "),
          ),
        )
        .fillColor("#1a1a1a");
      for (const [k, label] of Object.entries(LABELS)) {
        const v = c[k as keyof typeof LABELS];
        if (!v) continue;
        doc.moveDown(0.3).font("bold").fontSize(10).text(frenchSpacing(label));
        doc.font("regular").fontSize(10).text(frenchSpacing(v));
      }
      const figures = [
        c.jobsCreated !== null ? interpolate("{n} {n|emploi créé|emplois créés}", { n: c.jobsCreated }) : "",
        c.jobsSecured !== null ? interpolate("{n} {n|emploi consolidé|emplois consolidés}", { n: c.jobsSecured }) : "",
        c.peopleSupported !== null ? interpolate("{n} {n|personne accompagnée|personnes accompagnées}", { n: c.peopleSupported }) : "",
        c.trainings !== null ? interpolate("{n} {n|formation|formations}", { n: c.trainings }) : "",
      ].filter(Boolean);
      if (figures.length)
        doc
          .moveDown(0.3)
          .font("bold")
          .fontSize(10)
          .text("Chiffres")
          .font("regular")
          .text(frenchSpacing(figures.join(" ; ")));
      doc.moveDown(1);
    }
  }
  // The visits the sheets came from, each with the sheets it gave.
  const visits = new Map<string, { title: string; at: string; sheets: number }>();
  for (const r of rows)
    if (r.visit_id && r.visit_title && r.visit_at)
      visits.set(r.visit_id, { title: r.visit_title, at: r.visit_at, sheets: (visits.get(r.visit_id)?.sheets ?? 0) + 1 });
  if (visits.size) {
    doc.addPage();
    entries.push({ label: "Visites citées", level: 0, page: doc.bufferedPageRange().count });
    doc.font("bold").fontSize(16).fillColor("#1a1a1a").text("Visites citées").moveDown(0.5);
    for (const v of [...visits.values()].sort((a, b) => a.at.localeCompare(b.at)))
      doc
        .font("regular")
        .fontSize(10)
        .text(frenchSpacing(`${v.title} — ${formatParisDate(v.at, "fr")} — ${interpolate("{n} {n|fiche|fiches}", { n: v.sheets })}`));
  }
  for (const e of entries) if (e.level === 1) e.page = pageOf.get((e as { id: string }).id) ?? 0;
  // Write the contents on the reserved pages.
  let page = tocStartPage;
  let y = tocY;
  doc.switchToPage(page);
  for (const e of entries) {
    if (y > doc.page.height - 70) {
      page++;
      doc.switchToPage(page);
      y = 56;
    }
    doc
      .font(e.level === 0 ? "bold" : "regular")
      .fontSize(10)
      .fillColor("#1a1a1a");
    doc.text(frenchSpacing(e.label), 56 + e.level * 14, y, {
      width: doc.page.width - 112 - 40 - e.level * 14,
      lineBreak: false,
      ellipsis: true,
    });
    doc.text(String(e.page), doc.page.width - 56 - 40, y, { width: 40, align: "right", lineBreak: false });
    y += lineHeight;
  }
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font("regular")
      .fontSize(8)
      .fillColor("#666")
      .text(`${i + 1} / ${range.count}`, 56, doc.page.height - 40, { align: "center", lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
