import type { Kdb } from "../../db/database.server";
import { localized } from "../../forms/definition";
import { DEPARTEMENT_NAMES, REGION_NAMES } from "../../forms/territory-lists";
import type { Locale } from "../../i18n/i18n";
import { t as translate } from "../../i18n/i18n";
import { formatDecimal } from "../../lib/typography";
import { optionsOf } from "../applications/profile";
import { featuresOf } from "../calls/call-content";
import type { Call } from "../calls/calls.server";
import { formDefinition } from "../calls/calls.server";
import type { Decision } from "../decisions/letters";
import { reserveProposal } from "../decisions/reserve.server";
import { callAggregates, proposeSelection, REVIEWABLE } from "../review/reviews.server";
import type { ExclusionReason, InfeasibleReason, SelectionConstraints } from "./optimiser";
type Explained = { code: string; rank?: number; region?: string; sector?: string; max?: number; sectors?: string[] };

/** Why a dossier is in or out, in the page's language (the reasons' words come from the optimiser's codes). */
export function explanation(
  L: Locale,
  kind: "in" | "out",
  r: Explained,
  names: { region: (c: string) => string; sector: (c: string) => string },
): string {
  return translate(L, `selection.${kind}.${r.code}` as "selection.in.topScore", {
    rank: r.rank,
    region: r.region ? names.region(r.region) : undefined,
    sector: r.sector ? names.sector(r.sector) : undefined,
    max: r.max,
    sectors: r.sectors?.map(names.sector).join(", "),
  });
}

function infeasibleText(L: Locale, r: InfeasibleReason, names: { region: (c: string) => string; sector: (c: string) => string }): string {
  const vars: Record<string, string | number | undefined> = { ...(r as Record<string, unknown> as Record<string, string | number>) };
  if ("region" in r) vars.region = names.region(r.region);
  if ("sector" in r) vars.sector = names.sector(r.sector);
  if ("ids" in r) vars.ids = r.ids.length;
  return translate(L, `selection.infeasible.${r.code}` as "selection.infeasible.noCombination", vars);
}

/** The selection page: the candidates, the assistant's proposal under these constraints with each dossier's reason (in the page's language and in French for the letters), the map and the reserve. */
export async function selectionView(db: Kdb, call: Call, constraints: SelectionConstraints & { waitlist: number }, L: Locale) {
  const facts = await db
    .selectFrom("dossier")
    .innerJoin("dossier_fact", "dossier_fact.dossier_id", "dossier.id")
    .select([
      "dossier.id",
      "dossier.state",
      "dossier_fact.name",
      "dossier_fact.region",
      "dossier_fact.departement",
      "dossier_fact.stage",
      "dossier_fact.sectors",
    ])
    .where("dossier.call_id", "=", call.id)
    .where("dossier.state", "in", REVIEWABLE)
    .orderBy("dossier_fact.name")
    .execute();
  const aggregates = await callAggregates(db, call.id);
  // The call's own lists (what its fields mean), never another call's.
  const def = await formDefinition(db, call.formVersionId);
  const sectors = optionsOf(def, "sectors");
  const stages = optionsOf(def, "stage");
  const stageLabel = new Map(stages.map((o) => [o.value, localized(o.label, L)]));
  const operationalStages = new Set(stages.filter((o) => o.means === "operational").map((o) => o.value));
  const sectorName = new Map(sectors.map((s) => [s.value as string, localized(s.label, L)]));
  const sectorNameFr = new Map(sectors.map((s) => [s.value as string, localized(s.label, "fr")]));
  const names = { region: (c: string) => REGION_NAMES.get(c) ?? c, sector: (c: string) => sectorName.get(c) ?? c };
  const namesFr = { region: (c: string) => REGION_NAMES.get(c) ?? c, sector: (c: string) => sectorNameFr.get(c) ?? c };
  const result = facts.length ? await proposeSelection(db, call.id, constraints) : null;
  const byId = new Map(facts.map((f) => [f.id, f]));
  const scoreOf = (id: string) => aggregates.get(id)?.overall ?? null;
  const describe = (id: string) => {
    const f = byId.get(id)!;
    const score = scoreOf(id);
    return {
      id,
      name: f.name,
      state: f.state,
      region: f.region ? names.region(f.region) : "—",
      departement: f.departement ?? "",
      stage: f.stage ? (stageLabel.get(f.stage) ?? f.stage) : null,
      sectors: f.sectors.split(",").filter(Boolean).map(names.sector).join(", "),
      score: score === null ? null : formatDecimal(score, L),
    };
  };
  const fmtScore = (id: string) => {
    const s = scoreOf(id);
    return s === null
      ? translate("fr", "selection.reason.noScore")
      : translate("fr", "selection.reason.score", { score: s.toFixed(2).replace(".", ",") });
  };
  let proposal = null;
  if (result && result.status !== "infeasible") {
    const selected = result.selected.map((id) => ({
      ...describe(id),
      why: explanation(L, "in", result.included[id] as Explained, names),
      reason: `${translate("fr", "selection.reason.accepted")} ${explanation("fr", "in", result.included[id] as Explained, namesFr)} ${fmtScore(id)}`,
    }));
    const excludedExplained = new Map(result.excluded.map((e) => [e.id, e.reason]));
    const others = facts
      .filter((f) => !result.selected.includes(f.id))
      .sort((a, b) => (scoreOf(b.id) ?? -1) - (scoreOf(a.id) ?? -1) || a.name.localeCompare(b.name, "fr"));
    const rest = others.map((f, i) => {
      const reason = excludedExplained.get(f.id) as ExclusionReason | undefined;
      const why = reason ? explanation(L, "out", reason as Explained, names) : translate(L, "selection.out.lower");
      const whyFr = reason ? explanation("fr", "out", reason as Explained, namesFr) : translate("fr", "selection.out.lower");
      const decision: Decision = i < constraints.waitlist && reason?.code !== "mustExclude" ? "waitlisted" : "declined";
      return {
        ...describe(f.id),
        why,
        decision,
        reason:
          `${translate("fr", decision === "waitlisted" ? "selection.reason.waitlisted" : "selection.reason.declined")} ${whyFr} ${fmtScore(f.id)}`
            .replace(/\s+/g, " ")
            .trim(),
      };
    });
    const depCounts = new Map<string, number>();
    const regionCounts = new Map<string, number>();
    for (const id of result.selected) {
      const f = byId.get(id)!;
      if (f.departement) depCounts.set(f.departement, (depCounts.get(f.departement) ?? 0) + 1);
      const r = f.region ? names.region(f.region) : "—";
      regionCounts.set(r, (regionCounts.get(r) ?? 0) + 1);
    }
    proposal = {
      unscored: facts.every((f) => scoreOf(f.id) === null),
      status: result.status,
      total: formatDecimal(result.total, L),
      selected,
      waitlisted: rest.filter((r) => r.decision === "waitlisted"),
      declined: rest.filter((r) => r.decision === "declined"),
      map: [...depCounts].map(([code, count]) => ({ code, name: DEPARTEMENT_NAMES.get(code) ?? code, count })),
      regions: [...regionCounts].sort((a, b) => b[1] - a[1]),
      operational: result.selected.filter((id) => operationalStages.has(byId.get(id)!.stage ?? "")).length,
    };
  }
  const reserve = await reserveProposal(db, call.id);
  return {
    reserve: reserve.accepted
      ? {
          target: reserve.target,
          accepted: reserve.accepted,
          vacancies: reserve.vacancies,
          waiting: reserve.waiting,
          proposed: reserve.proposed.map((r) => ({
            id: r.id,
            name: r.name,
            score: formatDecimal(r.score, L),
            why: explanation(L, "in", r.reason as Explained, names),
            reasons:
              `${translate("fr", "reserve.reasonsDefault")} ${explanation("fr", "in", r.reason as Explained, namesFr)} ${fmtScore(r.id)}`
                .replace(/\s+/g, " ")
                .trim(),
          })),
          infeasible: reserve.infeasible.map((r) => infeasibleText(L, r, names)),
        }
      : null,
    callId: call.id,
    hasCommunity: featuresOf(call.content).community,
    title: localized(call.content.title, L),
    candidates: facts.map((f) => ({ id: f.id, name: f.name })),
    infeasible: result?.status === "infeasible" ? result.reasons.map((r) => infeasibleText(L, r, names)) : [],
    proposal,
  };
}
