import type { Kdb } from "../../db/database.server";
import { localized } from "../../forms/definition";
import type { Meaning } from "../../forms/meanings";
import { REGION_NAMES } from "../../forms/territory-lists";
import { formatEuros } from "../../forms/types/money/amount";
import type { Locale } from "../../i18n/i18n";
import { t as translate } from "../../i18n/i18n";
import { formatParisDateTime } from "../../lib/paris-time";
import { cachedNumberFormat, formatDecimal } from "../../lib/typography";
import { filterableFields } from "../applications/answer-facts";
import { unreadCounts } from "../applications/messages.server";
import { fieldWithMeaning, optionsOf } from "../applications/profile";
import { labelsOfCall, viewsOf } from "../review/collaboration.server";
import { phaseBanner } from "../review/phase-banner";
import { phaseAt } from "../review/phases";
import { reviewersOfCall } from "../review/team.server";
import { organiserPageHeader } from "./admin-views.server";
import type { Call } from "./calls.server";
import { formDefinition } from "./calls.server";
import { canonicalQuery, LIST_STATES, parseDossierQuery } from "./dossier-query";
import { decodeCursor, encodeCursor, instructionList, type InstructionFilters } from "./instruction.server";

/** The organisers' list of a call's dossiers: the page of rows the query asks for (its filters read once by dossier-query.ts, keyset cursors), the kept counts, the call's own columns and filters, labels, saved views and unread messages. */
export async function organisersListView(db: Kdb, call: Call, userId: string, query: URLSearchParams, L: Locale) {
  const get = (k: string) => query.get(k) || undefined;
  // The list's query: the same reading as the bulk actions' and the exports' (dossier-query.ts).
  const def = await formDefinition(db, call.formVersionId);
  const ownFields = filterableFields(def);
  const filters: InstructionFilters = {
    ...parseDossierQuery(query, def),
    // Paged by key (issue 11): « apres » / « avant » carry the row a page starts after or ends before.
    after: decodeCursor(get("apres")),
    before: decodeCursor(get("avant")),
  };
  const list = await instructionList(db, call.id, filters);
  // The call's own columns: each field's way of writing its values, made once per page, not per row.
  const writers = ownFields.map(({ field }) => {
    const labels = new Map<string, string>();
    if (field.type === "yesno") for (const v of ["yes", "no"]) labels.set(v, translate(L, v === "yes" ? "common.yes" : "common.no"));
    if (field.type === "choice" || field.type === "multichoice")
      for (const o of field.options) labels.set(o.value, localized(o.label, L) || o.value);
    const numbers = cachedNumberFormat(L);
    const write = (a: { text: string | null; number: number | null }) =>
      a.number !== null
        ? field.type === "money"
          ? formatEuros(a.number, L)
          : numbers.format(a.number)
        : (labels.get(a.text ?? "") ?? a.text ?? "");
    return { key: field.key, write };
  });
  const ownCells = (answers: { key: string; text: string | null; number: number | null }[]) => {
    const cells: Record<string, string> = {};
    for (const w of writers) {
      let text = "";
      for (const a of answers) if (a.key === w.key) text = text ? `${text}, ${w.write(a)}` : w.write(a);
      cells[w.key] = text || "—";
    }
    return cells;
  };
  const unread = await unreadCounts(db, { userId, dossierIds: list.rows.map((r) => r.id), otherSide: "applicant" });
  // Filters come from the call's own form: what its fields mean (sectors, stages…) and what it marks filterable.
  const has = (m: Meaning) => fieldWithMeaning(def, m) !== undefined;
  const stages = optionsOf(def, "stage").map((o) => ({
    value: o.value,
    label: localized(o.label, L),
    operational: o.means === "operational",
  }));
  return {
    ...organiserPageHeader(call, L),
    phase: phaseBanner(phaseAt(call.content.phases, new Date()), L),
    // Score filters follow the call's grid (a 0–5 or 0–20 scale as well as 0–4).
    scoreMax: call.content.criteria.length ? Math.max(...call.content.criteria.map((c) => c.scale.max)) : 4,
    filters: Object.fromEntries(query.entries()),
    query: query.toString(),
    // What the bulk actions and exports act on: the filters without the page.
    bulkQuery: canonicalQuery(query),
    sectors: optionsOf(def, "sectors").map((s) => ({ value: s.value, label: localized(s.label, L) })),
    stages,
    reviewers: (await reviewersOfCall(db, call.id)).map((m) => ({ value: m.id, label: m.name })),
    meanings: {
      place: has("seatCommune"),
      stage: has("stage"),
      since: has("operatingSince"),
      sectors: has("sectors"),
      charter: has("wantsCharter"),
      visit: has("hostsVisit"),
    },
    ownFields: ownFields.map(({ field, kind }) => ({
      key: field.key,
      kind,
      label: localized(field.label, L),
      money: field.type === "money",
      options:
        field.type === "yesno"
          ? [
              { value: "yes", label: translate(L, "common.yes") },
              { value: "no", label: translate(L, "common.no") },
            ]
          : field.type === "choice" || field.type === "multichoice"
            ? field.options.map((o) => ({ value: o.value, label: localized(o.label, L) }))
            : [],
    })),
    labels: await labelsOfCall(db, call.id),
    views: await viewsOf(db, userId, call.id),
    states: LIST_STATES,
    counts: list.counts,
    total: list.total,
    page: list.page,
    pages: list.pages,
    capped: list.capped,
    countsCapped: list.countsCapped,
    notYetSearchable: list.notYetSearchable,
    next: list.next ? encodeCursor(list.next) : null,
    previous: list.previous ? encodeCursor(list.previous) : null,
    rows: list.rows.map((r) => ({
      id: r.id,
      name: r.name,
      state: r.state,
      region: r.region ? (REGION_NAMES.get(r.region) ?? r.region) : "—",
      departement: r.departement ?? "",
      stage: r.stage,
      since: r.operating_since,
      charter: r.charter,
      host: r.hosts_visit,
      score: r.overall === null || r.overall === undefined ? null : formatDecimal(Number(r.overall), L),
      reviewers: r.reviewers ?? 0,
      disagreement: r.disagreement === 1,
      labels: r.labels,
      unread: unread.get(r.id) ?? 0,
      submitted: r.last_submitted_at ? formatParisDateTime(r.last_submitted_at, L) : "",
      own: ownCells(r.answers),
    })),
  };
}
