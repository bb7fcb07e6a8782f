import { phaseAt } from "../domain/review/phases";
import { phaseBanner } from "../domain/review/phase-banner";
import { Link, useLoaderData } from "react-router";
import { formatDecimal } from "../lib/typography";
import { featuresOf } from "../domain/calls/call-content";
import type { Route } from "./+types/admin-ranking";
import { callAggregates, REVIEWABLE } from "../domain/review/reviews.server";
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
  const rows = await db
    .selectFrom("dossier")
    .innerJoin("dossier_fact", "dossier_fact.dossier_id", "dossier.id")
    .select(["dossier.id", "dossier.state", "dossier_fact.name", "dossier_fact.departement", "dossier_fact.stage"])
    .where("dossier.call_id", "=", call.id)
    .where("dossier.state", "in", REVIEWABLE)
    .execute();
  const criteria = call.content.criteria.map((c) => ({ key: c.key, label: localized(c.label, L), max: c.scale.max }));
  const ranked = rows
    .map((r) => ({ ...r, agg: aggregates.get(r.id) ?? null }))
    .sort((a, b) => (b.agg?.overall ?? -1) - (a.agg?.overall ?? -1) || a.name.localeCompare(b.name, "fr"));
  const ranks = competitionRanks(ranked.map((r) => ({ id: r.id, score: r.agg?.overall })));
  return {
    callId: call.id,
    hasCommunity: featuresOf(call.content).community,
    phase: phaseBanner(phaseAt(call.content.phases, new Date()), context.locale),
    title: localized(call.content.title, L),
    target: call.content.targetSelection,
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
  return (
    <div className="page wide">
      <CallPageHeader phase={d.phase} callId={d.callId} community={d.hasCommunity} heading={t("ranking.heading", { title: d.title })} />
      <p>{t("ranking.intro", { n: d.target })}</p>
      <TableScroll>
        <table className="data-table">
          <caption className="visually-hidden">{t("ranking.heading", { title: d.title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("ranking.rank")}</th>
              <th scope="col">{t("instruction.name")}</th>
              <th scope="col">{t("instruction.state")}</th>
              <th scope="col">{t("instruction.overall")}</th>
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
                {r.criteria.map((c) => (
                  <td key={c.key}>
                    {c.mean ?? "—"}
                    {c.spread ? <span className="meta"> ±{c.spread}</span> : null}
                  </td>
                ))}
                <td>{r.reviewers}</td>
                <td>{r.disagreeOn.length ? `⚠ ${r.disagreeOn.join(", ")}` : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
