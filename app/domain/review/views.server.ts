import type { Kdb } from "../../db/database.server";
import { localized } from "../../forms/definition";
import type { Locale } from "../../i18n/i18n";
import { formatDecimal } from "../../lib/typography";
import { featuresOf } from "../calls/call-content";
import type { Call } from "../calls/calls.server";
import { competitionRanks } from "./aggregates";
import { MIN_REVIEWS, SEVERITY_THRESHOLD, SPLIT_THRESHOLD } from "./calibration";
import { phaseBanner } from "./phase-banner";
import { phaseAt } from "./phases";
import { calibrationOfCall, callAggregates, REVIEWABLE } from "./reviews.server";

/** The ranking page: every reviewed dossier with its raw and calibrated scores, sorted by the one asked for, and the calibration's method. */
export async function rankingView(db: Kdb, call: Call, byCalibrated: boolean, L: Locale) {
  const aggregates = await callAggregates(db, call.id);
  const calibration = await calibrationOfCall(db, call.id);
  const scoreOf = (id: string) =>
    byCalibrated ? (calibration.dossiers.get(id)?.calibrated ?? null) : (aggregates.get(id)?.overall ?? null);
  const rows = await db
    .selectFrom("dossier")
    .innerJoin("dossier_fact", "dossier_fact.dossier_id", "dossier.id")
    .select(["dossier.id", "dossier.state", "dossier_fact.name", "dossier_fact.departement", "dossier_fact.stage"])
    .where("dossier.call_id", "=", call.id)
    .where("dossier.state", "in", REVIEWABLE)
    .execute();
  const criteria = call.content.criteria.map((c) => ({ key: c.key, label: localized(c.label, L), max: c.scale.max }));
  const ranked = rows
    .map((r) => ({ ...r, agg: aggregates.get(r.id) ?? null, cal: calibration.dossiers.get(r.id) ?? null }))
    .sort((a, b) => (scoreOf(b.id) ?? -Infinity) - (scoreOf(a.id) ?? -Infinity) || a.name.localeCompare(b.name, "fr"));
  const ranks = competitionRanks(ranked.map((r) => ({ id: r.id, score: scoreOf(r.id) })));
  const fmt = (x: number, digits = 2) => formatDecimal(x, L, digits);
  return {
    callId: call.id,
    hasCommunity: featuresOf(call.content).community,
    phase: phaseBanner(phaseAt(call.content.phases, new Date()), L),
    title: localized(call.content.title, L),
    target: call.content.targetSelection,
    byCalibrated,
    panel: { mean: fmt(calibration.panel.mean), sd: fmt(calibration.panel.sd), reviews: calibration.panel.reviews },
    method: { min: MIN_REVIEWS, severity: fmt(SEVERITY_THRESHOLD, 1), split: fmt(SPLIT_THRESHOLD, 1) },
    reviewers: calibration.reviewers
      .sort((a, b) => a.offset - b.offset)
      .map((r) => ({
        id: r.reviewerId,
        name: r.name,
        reviews: r.reviews,
        mean: fmt(r.mean),
        offset: `${r.offset > 0 ? "+" : r.offset < 0 ? "−" : ""}${fmt(Math.abs(r.offset))}`,
        severity: r.severity,
      })),
    criteria,
    rows: ranked.map((r) => {
      const overall = r.agg?.overall ?? null;
      return {
        id: r.id,
        rank: ranks.get(r.id) ?? null,
        name: r.name,
        departement: r.departement,
        state: r.state,
        stage: r.stage,
        overall: overall === null ? null : formatDecimal(overall, L),
        calibrated: r.cal ? fmt(r.cal.calibrated) : null,
        split: r.cal?.split ? fmt(r.cal.spread) : null,
        reviewers: r.agg?.reviewers ?? 0,
        criteria: criteria.map((c) => {
          const a = r.agg?.criteria[c.key];
          return { key: c.key, mean: a?.mean == null ? null : formatDecimal(a.mean, L, 1), spread: a?.spread ?? null };
        }),
        disagreeOn: (r.agg?.disagreeOn ?? []).map((k) => criteria.find((c) => c.key === k)?.label ?? k),
      };
    }),
  };
}
