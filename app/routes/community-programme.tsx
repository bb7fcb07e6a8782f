// The two-year programme at a glance: visits, meetings, reports, sheets and indicators on one time line,
// month by month, with what is done, due and late — for members and organisers, and for printing.
import { Link, useLoaderData } from "react-router";
import { programmeOf } from "../domain/community/programme.server";
import { requireCommunity } from "../lib/community-route.server";
import { formatMonth, formatParisDate } from "../lib/paris-time";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/community-programme";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "programme.title");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user } = await requireCommunity(context, request, params.callId);
  const L = context.locale;
  const p = await programmeOf(context.services.db, { callId: params.callId, userId: user.id });
  return {
    callId: params.callId,
    period: { start: formatParisDate(p.start, L), end: formatParisDate(p.end, L) },
    counts: p.counts,
    months: p.months.map((m) => ({
      month: m.month,
      label: formatMonth(m.month, L),
      current: p.today.startsWith(m.month),
      items: m.items.map((i) => ({ ...i, when: formatParisDate(i.date, L) })),
    })),
  };
}

const KIND = {
  visit: "programme.kind.visit",
  meeting: "programme.kind.meeting",
  report: "programme.kind.report",
  sheets: "programme.kind.sheets",
  indicators: "programme.kind.indicators",
} as const;

export default function Programme() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="page programme">
      <p className="no-print">
        <Link to={`/communaute/${d.callId}`}>← {t("community.title")}</Link>
      </p>
      <h1>{t("programme.title")}</h1>
      <p>{t("programme.intro", { start: d.period.start, end: d.period.end })}</p>
      <p role="status">{t("programme.counts", d.counts)}</p>
      {d.months.length === 0 ? <p>{t("programme.empty")}</p> : null}
      {d.months.map((m) => (
        <section key={m.month} aria-labelledby={`month-${m.month}`} className={m.current ? "current-month" : undefined}>
          <h2 id={`month-${m.month}`}>
            {m.label}
            {m.current ? ` — ${t("programme.thisMonth")}` : ""}
          </h2>
          <ul className="programme-items">
            {m.items.map((i, n) => (
              <li key={n} className={`status-${i.status}`}>
                <strong>{t(`programme.status.${i.status}`)}</strong> — {i.when} — {t(KIND[i.kind], { title: i.title })}
                {i.missing
                  ? ` (${t(i.kind === "indicators" ? "programme.missingMembers" : "programme.missingSheets", { n: i.missing })})`
                  : ""}
                {i.eventId ? (
                  <>
                    {" "}
                    <Link className="no-print" to={`/communaute/${d.callId}/evenements/${i.eventId}`}>
                      {t("programme.open")}
                    </Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <p className="no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          {t("programme.print")}
        </button>{" "}
        <span className="hint">{t("programme.printHint")}</span>
      </p>
    </div>
  );
}
