import { Form, Link, useLoaderData } from "react-router";
import { rankingView } from "../domain/review/views.server";
import { requireCallOrganiser } from "../lib/route-helpers.server";
import { CallPageHeader } from "../ui/call-nav";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { TableScroll } from "../ui/table-scroll";
import type { Route } from "./+types/admin-ranking";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "ranking.title");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { call } = await requireCallOrganiser(context, request, params.callId);
  const byCalibrated = new URL(request.url).searchParams.get("tri") === "calibre";
  return rankingView(context.services.db, call, byCalibrated, context.locale);
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
