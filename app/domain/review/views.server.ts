import type { Kdb } from "../../db/database.server";
import { localized } from "../../forms/definition";
import type { Locale } from "../../i18n/i18n";
import { formatParisDate, formatParisDateTime } from "../../lib/paris-time";
import { formatDecimal } from "../../lib/typography";
import { organiserPageHeader } from "../calls/admin-views.server";
import type { CallContent } from "../calls/call-content";
import type { Call } from "../calls/calls.server";
import { findCallById } from "../calls/calls.server";
import { competitionRanks } from "./aggregates";
import { lastAssignmentRun, preferenceCounts, preferencesOf } from "./assignment-flow.server";
import { MIN_REVIEWS, SEVERITY_THRESHOLD, SPLIT_THRESHOLD } from "./calibration";
import { phaseBanner } from "./phase-banner";
import { namesHidden, phaseOfCall } from "./phase-now.server";
import { anonymousLabel, phaseAt, scoringDueAt } from "./phases";
import { calibrationOfCall, callAggregates, REVIEWABLE } from "./reviews.server";
import { assignmentsOf, assignmentsOfCall, teamCallsOf, teamOfCall } from "./team.server";

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
    ...organiserPageHeader(call, L),
    phase: phaseBanner(phaseAt(call.content.phases, new Date()), L),
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

/** The team page: members and invitations, each dossier's reviewers and conflicts, preferences and the last assignment run with its explanation. */
export async function teamView(db: Kdb, call: Call, L: Locale) {
  const team = await teamOfCall(db, call.id);
  const dossiers = await assignmentsOfCall(db, call.id);
  const prefs = await preferenceCounts(db, call.id);
  const run = await lastAssignmentRun(db, call.id);
  return {
    limits: { perDossier: call.content.assignment?.minPerDossier ?? 2, maxPerReviewer: call.content.assignment?.maxPerReviewer ?? null },
    preferences: Object.fromEntries(prefs),
    lastRun: run
      ? {
          at: formatParisDateTime(run.at, L),
          added: run.added,
          perDossier: run.settings.perDossier,
          maxPerReviewer: run.settings.maxPerReviewer,
          reviewers: run.reviewers,
          shortfalls: run.shortfalls,
        }
      : null,
    ...organiserPageHeader(call, L),
    phase: phaseBanner(phaseAt(call.content.phases, new Date()), L),
    members: team.members,
    invitations: team.invitations.map((i) => ({ ...i, expires: formatParisDate(i.expires_at, L) })),
    dossiers: dossiers.map((d) => ({
      id: d.id,
      name: d.name,
      departement: d.departement,
      reviewers: d.reviewers.map((r) => ({ id: r.reviewer_id, name: r.name, reviewed: Boolean(r.reviewed_at) })),
      conflicts: d.conflicts.map((c) => ({ name: c.name, reason: c.reason })),
    })),
  };
}

/** « Mes évaluations »: the person's assigned dossiers by call (names hidden in a blind phase), with what is due and when. */
export async function myReviewsView(db: Kdb, userId: string, L: Locale) {
  const now = new Date();
  const rows = await assignmentsOf(db, userId);
  const calls = await teamCallsOf(db, userId);
  return {
    calls: calls.map((c) => {
      const content = JSON.parse(c.content_json) as CallContent;
      const phase = phaseAt(content.phases, now);
      const anonymous = namesHidden(c.role, phase);
      const due = scoringDueAt(content.phases, now);
      return {
        id: c.id,
        title: localized(content.title, L),
        reviewer: c.role === "reviewer",
        phase: phaseBanner(phase, L),
        due: due ? formatParisDateTime(due, L) : null,
        rows: rows
          .filter((r) => r.call_id === c.id)
          .map((r) => ({
            id: r.id,
            name: anonymous ? anonymousLabel(r.id) : r.name,
            departement: r.departement,
            reviewed: r.reviewed_at ? formatParisDateTime(r.reviewed_at, L) : null,
          })),
      };
    }),
  };
}

/** The reviewer's preferences page: each dossier of the call with their preference (names hidden in a blind phase). NotFound for anyone who is not a reviewer of the call. */
export async function preferencesView(db: Kdb, callId: string, reviewerId: string, L: Locale) {
  const rows = await preferencesOf(db, { callId, reviewerId });
  const call = (await findCallById(db, callId))!;
  const phase = await phaseOfCall(db, callId);
  const anonymous = namesHidden("reviewer", phase);
  return {
    callId,
    title: localized(call.content.title, L),
    phase: phaseBanner(phase, L),
    rows: rows.map((r) => ({ ...r, name: anonymous ? anonymousLabel(r.id) : r.name })),
  };
}
