import { useLoaderData } from "react-router";
import { AUDIT, AUDIT_DATE, AUDIT_PAGES, auditRate } from "../domain/accessibility/audit";
import { t as translate } from "../i18n/i18n";
import { formatParisDate } from "../lib/paris-time";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { TableScroll } from "../ui/table-scroll";
import type { Route } from "./+types/accessibility";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "accessibility.title");

// The accessibility statement, computed from the audit (app/domain/accessibility/audit.ts): its rate, the
// criteria that remain, and every criterion's result.
export async function loader({ context }: Route.LoaderArgs) {
  const L = context.locale;
  const r = auditRate();
  const count = (x: string) => AUDIT.filter((c) => c.result === x).length;
  return {
    level: translate(L, `accessibility.level.${r.level}`),
    rate: translate(L, "accessibility.rate", {
      date: formatParisDate(AUDIT_DATE, L),
      rate: String(r.rate).replace(".", L === "fr" ? "," : "."),
      compliant: r.compliant,
      applicable: r.applicable,
    }),
    counts: translate(L, "accessibility.counts", { c: count("C"), nc: count("NC"), nt: count("NT"), na: count("NA") }),
    remaining: AUDIT.filter((c) => c.result === "NC" || c.result === "NT").map((c) => ({
      id: c.id,
      title: c.title,
      result: translate(L, `accessibility.result.${c.result}`),
      note: c.note ?? "",
    })),
    criteria: AUDIT.map((c) => ({
      id: c.id,
      theme: c.theme,
      title: c.title,
      result: translate(L, `accessibility.result.${c.result}`),
      method: c.method.join(", "),
      note: c.note ?? "",
    })),
    pages: AUDIT_PAGES,
  };
}

export default function Accessibility() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="page">
      <h1>{t("accessibility.title")}</h1>
      <p>{t("accessibility.intro")}</p>
      <h2>{t("accessibility.statusTitle")}</h2>
      <p>{t("accessibility.status", { level: d.level })}</p>
      <h2>{t("accessibility.resultsTitle")}</h2>
      <p>{d.rate}</p>
      <p>{d.counts}</p>
      <h2>{t("accessibility.remainingTitle")}</h2>
      <p>{t("accessibility.remainingIntro")}</p>
      <ul>
        {d.remaining.map((c) => (
          <li key={c.id}>
            <strong lang="fr">
              {c.id} {c.title}
            </strong>{" "}
            ({c.result}) : <span lang="fr">{c.note}</span>
          </li>
        ))}
      </ul>
      <h2>{t("accessibility.exemptTitle")}</h2>
      <p>{t("accessibility.exempt")}</p>
      <h2>{t("accessibility.methodTitle")}</h2>
      <p>{t("accessibility.method", { pages: d.pages })}</p>
      <h2>{t("accessibility.contactTitle")}</h2>
      <p>{t("accessibility.contact")}</p>
      <h2>{t("accessibility.appealTitle")}</h2>
      <p>{t("accessibility.appeal")}</p>
      <h2>{t("accessibility.criteriaTitle")}</h2>
      <details>
        <summary>{t("accessibility.criteriaSummary")}</summary>
        <TableScroll>
          <table className="data-table">
            <caption>{t("accessibility.criteriaTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("accessibility.col.criterion")}</th>
                <th scope="col">{t("accessibility.col.result")}</th>
                <th scope="col">{t("accessibility.col.method")}</th>
                <th scope="col">{t("accessibility.col.note")}</th>
              </tr>
            </thead>
            <tbody>
              {d.criteria.map((c) => (
                <tr key={c.id}>
                  <th scope="row" lang="fr">
                    {c.id} {c.theme} — {c.title}
                  </th>
                  <td>{c.result}</td>
                  <td>{c.method}</td>
                  <td lang="fr">{c.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </div>
  );
}
