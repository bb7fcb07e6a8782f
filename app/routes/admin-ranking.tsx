import { phaseAt } from "../domain/review/phases";
import { phaseBanner } from "../domain/review/phase-banner";
import { Form, Link, useLoaderData } from "react-router";
import { formatDecimal } from "../lib/typography";
import { featuresOf } from "../domain/calls/call-content";
import type { Route } from "./+types/admin-ranking";
import { calibrationOfCall, callAggregates, REVIEWABLE } from "../domain/review/reviews.server";
import { MIN_REVIEWS, SEVERITY_THRESHOLD, SPLIT_THRESHOLD } from "../domain/review/calibration";
import { competitionRanks } from "../domain/review/aggregates";
import { localized } from "../forms/definition";
import { requireCallOrganiser } from "../lib/route-helpers.server";
import { CallPageHeader } from "../ui/call-nav";
import { pageTitle } from "../ui/meta";
import { useT } from "../ui/i18n";
import { TableScroll } from "../ui/table-scroll";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "ranking.title");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { call } = await requireCallOrganiser(context, request, params.callId);
  const db = context.services.db;
  const L = context.locale;
  const aggregates = await callAggregates(db, call.id);
  const calibration = await calibrationOfCall(db, call.id);
  const byCalibrated = new URL(request.url).searchParams.get("tri") === "calibre";
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
    phase: phaseBanner(phaseAt(call.content.phases, new Date()), context.locale),
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
        overall: overall === null ? null : formatDecimal(overall, context.locale),
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

export default function Ranking() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  const toDiscuss = d.rows.filter((r) => r.disagreeOn.length || r.split);
  return (
    <div className="page wide">
      <CallPageHeader phase={d.phase} callId={d.callId} community={d.hasCommunity} heading={t("ranking.heading", { title: d.title })} />
      <p>{t("ranking.intro", { n: d.target })}</p>
      <Form method="get" className="inline-form">
        <div className="field">
          <label htmlFor="tri">{t("calibration.sortBy")}</label>
          <select id="tri" name="tri" defaultValue={d.byCalibrated ? "calibre" : "brut"}>
            <option value="brut">{t("calibration.sortRaw")}</option>
            <option value="calibre">{t("calibration.sortCalibrated")}</option>
          </select>
        </div>
        <button type="submit" className="button">
          {t("calibration.apply")}
        </button>
      </Form>
      <TableScroll>
        <table className="data-table">
          <caption className="visually-hidden">{t("ranking.heading", { title: d.title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("ranking.rank")}</th>
              <th scope="col">{t("instruction.name")}</th>
              <th scope="col">{t("instruction.state")}</th>
              <th scope="col">{t("calibration.raw")}</th>
              <th scope="col">{t("calibration.calibrated")}</th>
              {d.criteria.map((c) => (
                <th scope="col" key={c.key}>
                  {c.label}
                </th>
              ))}
              <th scope="col">{t("ranking.reviewers")}</th>
              <th scope="col">{t("instruction.disagreement")}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.id} className={r.rank !== null && r.rank <= d.target ? "in-target" : undefined}>
                <td>{r.rank ?? "—"}</td>
                <th scope="row">
                  <Link to={`/instruction/dossiers/${r.id}`}>{r.name}</Link> {r.departement ? `(${r.departement})` : ""}
                </th>
                <td>{t(`instruction.state.${r.state}` as "instruction.state.submitted")}</td>
                <td>{r.overall ?? "—"}</td>
                <td>{r.calibrated ?? "—"}</td>
                {r.criteria.map((c) => (
                  <td key={c.key}>
                    {c.mean ?? "—"}
                    {c.spread ? <span className="meta"> ±{c.spread}</span> : null}
                  </td>
                ))}
                <td>{r.reviewers}</td>
                <td>
                  {r.disagreeOn.length || r.split
                    ? `⚠ ${[...r.disagreeOn, ...(r.split ? [t("calibration.splitShort")] : [])].join(", ")}`
                    : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <section aria-labelledby="discuss-title">
        <h2 id="discuss-title">{t("calibration.toDiscuss")}</h2>
        {toDiscuss.length ? (
          <ul>
            {toDiscuss.map((r) => (
              <li key={r.id}>
                <Link to={`/instruction/dossiers/${r.id}`}>{r.name}</Link> —{" "}
                {[
                  ...(r.disagreeOn.length ? [t("calibration.criteriaSplit", { criteria: r.disagreeOn.join(", ") })] : []),
                  ...(r.split ? [t("calibration.opinionsSplit", { spread: r.split })] : []),
                ].join(" ; ")}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("calibration.nothingToDiscuss")}</p>
        )}
      </section>
      <section aria-labelledby="calibration-title">
        <h2 id="calibration-title">{t("calibration.title")}</h2>
        <p>{t("calibration.method", { min: d.method.min, severity: d.method.severity, split: d.method.split })}</p>
        <p>{t("calibration.panel", { mean: d.panel.mean, sd: d.panel.sd, n: d.panel.reviews })}</p>
        {d.reviewers.length ? (
          <TableScroll>
            <table className="data-table">
              <caption>{t("calibration.byReviewer")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("team.name")}</th>
                  <th scope="col">{t("calibration.reviews")}</th>
                  <th scope="col">{t("calibration.rawMean")}</th>
                  <th scope="col">{t("calibration.offset")}</th>
                  <th scope="col">{t("calibration.severity")}</th>
                </tr>
              </thead>
              <tbody>
                {d.reviewers.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{r.name}</th>
                    <td>{r.reviews}</td>
                    <td>{r.mean}</td>
                    <td>{r.offset}</td>
                    <td>{t(`calibration.severity.${r.severity}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p>{t("calibration.noReviews")}</p>
        )}
      </section>
    </div>
  );
}
