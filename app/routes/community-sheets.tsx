import { Form, Link, useLoaderData, useLocation } from "react-router";
import { sheetsView } from "../domain/community/views.server";
import { REGION_OPTIONS } from "../forms/territory-lists";
import { requireCommunity } from "../lib/community-route.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/community-sheets";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "sheets.title");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user, access } = await requireCommunity(context, request, params.callId);
  const url = new URL(request.url);
  const get = (k: string) => url.searchParams.get(k) || undefined;
  const filters = { q: get("q")?.slice(0, 200), theme: get("theme"), region: get("region"), member: get("member") };
  return sheetsView(context.services.db, params.callId, user.id, access, filters, context.locale);
}

function Select({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
}) {
  const { t } = useT();
  return (
    <div className="field">
      <label htmlFor={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name} defaultValue={value}>
        <option value="">{t("instruction.all")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export default function Sheets() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  // Re-read the filters from the address on every navigation (a saved view opened by its link, issue 9).
  const filterKey = useLocation().search;
  return (
    <div className="page wide">
      <p>
        <Link to={`/communaute/${d.callId}`}>← {t("community.title")}</Link>
      </p>
      <h1>{t("sheets.title")}</h1>
      <p>
        <Link to={`/communaute/${d.callId}/capitalisation/nouvelle`} className="button primary">
          {t("sheets.new")}
        </Link>
      </p>
      <Form method="get" key={filterKey} className="filters" role="search" aria-label={t("sheets.filters")}>
        <div className="field">
          <label htmlFor="f-q">{t("sheets.search")}</label>
          <input id="f-q" name="q" type="search" defaultValue={d.filters.q} />
        </div>
        <Select name="theme" label={t("sheets.theme")} value={d.filters.theme} options={d.themes} />
        <Select name="region" label={t("instruction.region")} value={d.filters.region} options={REGION_OPTIONS} />
        <Select name="member" label={t("sheets.member")} value={d.filters.member} options={d.members} />
        <button type="submit" className="button">
          {t("instruction.apply")}
        </button>
      </Form>
      <p role="status">{t("sheets.count", { n: d.rows.length })}</p>
      <ul className="card-list">
        {d.rows.map((r) => (
          <li key={r.id} className="card">
            <h2>
              <Link to={`/communaute/${d.callId}/capitalisation/${r.id}`}>{r.title}</Link>
            </h2>
            <p className="meta">
              {t(`sheets.status.${r.status}` as "sheets.status.draft")} — {r.organisation ?? t("sheets.community")} — {r.date}
            </p>
            <p>{r.themes.join(" · ")}</p>
          </li>
        ))}
      </ul>
      <Form
        method="get"
        action={`/communaute/${d.callId}/capitalisation/rapport.pdf`}
        className="inline-form"
        aria-labelledby="report-title"
      >
        <h2 id="report-title">{t("sheets.report")}</h2>
        <div className="field">
          <label htmlFor="du">{t("sheets.reportFrom")}</label>
          <input id="du" name="du" type="date" defaultValue={d.report.from} required />
        </div>
        <div className="field">
          <label htmlFor="au">{t("sheets.reportTo")}</label>
          <input id="au" name="au" type="date" defaultValue={d.report.to} required />
        </div>
        <button type="submit" className="button">
          {t("sheets.reportButton")}
        </button>
      </Form>
    </div>
  );
}
