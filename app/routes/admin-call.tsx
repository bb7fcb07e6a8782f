import { Form, Link, useLoaderData } from "react-router";
import type { Route } from "./+types/admin-call";
import { findCallById } from "../domain/calls/calls.server";
import { instructionList, type InstructionFilters } from "../domain/calls/instruction.server";
import { roleInCall } from "../domain/review/reviews.server";
import { localized } from "../forms/definition";
import { regions } from "../forms/territory.server";
import { sectors } from "../../content/calls/ptce-emploi-2015/form";
import { formatParisDateTime } from "../lib/paris-time";
import { notFound, requireUser } from "../lib/route-helpers.server";
import { pageTitle } from "../ui/meta";
import { useT } from "../ui/i18n";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) => pageTitle(matches, "instruction.title");

const STATES = ["submitted", "under_review", "returned_for_changes", "waitlisted", "accepted", "declined"] as const;

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const db = context.services.db;
  const call = await findCallById(db, params.callId);
  if (!call || (await roleInCall(db, user.id, call.id)) !== "organiser") notFound(context);
  const url = new URL(request.url);
  const get = (k: string) => url.searchParams.get(k) || undefined;
  const filters: InstructionFilters = {
    state: STATES.includes(get("etat") as (typeof STATES)[number]) ? get("etat") : undefined,
    region: get("region"),
    stage: get("stade"),
    sector: get("secteur"),
    charter: get("charte") === "yes" || get("charte") === "no" ? (get("charte") as "yes" | "no") : undefined,
    hostVisit: get("visite") === "yes" || get("visite") === "no" ? (get("visite") as "yes" | "no") : undefined,
    q: get("q")?.slice(0, 200),
    sort: (["name", "submitted", "updated"] as const).find((s) => s === get("tri")) ?? "name",
    page: Number(get("page") ?? 1) || 1,
  };
  const L = context.locale;
  const list = await instructionList(db, call.id, filters);
  const regionName = new Map(regions().map((r) => [r.code, r.nom]));
  return {
    callId: call.id,
    title: localized(call.content.title, L),
    filters: Object.fromEntries(url.searchParams.entries()),
    regions: regions().map((r) => ({ code: r.code, nom: r.nom })),
    sectors: sectors.map((s) => ({ value: s.value, label: localized(s.label, L) })),
    states: STATES,
    total: list.total,
    page: list.page,
    pages: list.pages,
    rows: list.rows.map((r) => ({
      id: r.id,
      name: r.name,
      state: r.state,
      region: r.region ? (regionName.get(r.region) ?? r.region) : "—",
      departement: r.departement ?? "",
      stage: r.stage,
      since: r.operational_since,
      charter: r.charter,
      host: r.host_visit,
      submitted: r.last_submitted_at ? formatParisDateTime(r.last_submitted_at, L) : "",
    })),
  };
}

function FilterSelect(props: { name: string; label: string; value?: string; options: { value: string; label: string }[]; all?: boolean }) {
  const { t } = useT();
  return (
    <div className="field">
      <label htmlFor={`filter-${props.name}`}>{props.label}</label>
      <select id={`filter-${props.name}`} name={props.name} defaultValue={props.value ?? ""}>
        {props.all === false ? null : <option value="">{t("instruction.all")}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export default function InstructionList() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  const f = d.filters as Record<string, string>;
  const pageLink = (page: number) => `?${new URLSearchParams({ ...f, page: String(page) })}`;
  const yesNo = [
    { value: "yes", label: t("common.yes") },
    { value: "no", label: t("common.no") },
  ];
  return (
    <div className="page wide">
      <p>
        <Link to="/admin">← {t("admin.title")}</Link>
      </p>
      <h1>{t("admin.dossiers", { title: d.title })}</h1>
      <p>
        <Link to={`/admin/appels/${d.callId}/delais`}>{t("admin.deadlines")}</Link>
      </p>
      <Form method="get" className="filters" role="search" aria-label={t("instruction.filters")}>
        <div className="field">
          <label htmlFor="q">{t("instruction.search")}</label>
          <input id="q" name="q" type="search" defaultValue={f.q ?? ""} />
        </div>
        <FilterSelect name="etat" label={t("instruction.state")} value={f.etat} options={d.states.map((s) => ({ value: s, label: t(`instruction.state.${s}` as "instruction.state.submitted") }))} />
        <FilterSelect name="region" label={t("instruction.region")} value={f.region} options={d.regions.map((r) => ({ value: r.code, label: r.nom }))} />
        <FilterSelect name="stade" label={t("instruction.stage")} value={f.stade} options={[{ value: "operational", label: t("instruction.operational") }, { value: "project", label: t("instruction.project") }]} />
        <FilterSelect name="secteur" label={t("instruction.sector")} value={f.secteur} options={d.sectors} />
        <FilterSelect name="charte" label={t("instruction.charter")} value={f.charte} options={yesNo} />
        <FilterSelect name="visite" label={t("instruction.hostVisit")} value={f.visite} options={yesNo} />
        <FilterSelect
          name="tri"
          label={t("instruction.sort")}
          value={f.tri ?? "name"}
          all={false}
          options={[
            { value: "name", label: t("instruction.sort.name") },
            { value: "submitted", label: t("instruction.sort.submitted") },
            { value: "updated", label: t("instruction.sort.updated") },
          ]}
        />
        <button type="submit" className="button">
          {t("instruction.apply")}
        </button>
      </Form>
      <p role="status">{t("instruction.count", { n: d.total })}</p>
      <table className="data-table">
        <caption className="visually-hidden">{t("admin.dossiers", { title: d.title })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("instruction.name")}</th>
            <th scope="col">{t("instruction.state")}</th>
            <th scope="col">{t("instruction.region")}</th>
            <th scope="col">{t("instruction.stage")}</th>
            <th scope="col">{t("instruction.charter")}</th>
            <th scope="col">{t("instruction.hostVisit")}</th>
            <th scope="col">{t("instruction.submittedAt")}</th>
          </tr>
        </thead>
        <tbody>
          {d.rows.map((r) => (
            <tr key={r.id}>
              <td>
                <Link to={`/instruction/dossiers/${r.id}`}>{r.name}</Link>
              </td>
              <td>{t(`instruction.state.${r.state}` as "instruction.state.submitted")}</td>
              <td>
                {r.region} {r.departement ? `(${r.departement})` : ""}
              </td>
              <td>{r.stage === "operational" ? `${t("instruction.operational")}${r.since ? ` (${r.since})` : ""}` : r.stage === "project" ? t("instruction.project") : "—"}</td>
              <td>{r.charter === 1 ? t("common.yes") : r.charter === 0 ? t("common.no") : "—"}</td>
              <td>{r.host === 1 ? t("common.yes") : r.host === 0 ? t("common.no") : "—"}</td>
              <td>{r.submitted}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.pages > 1 ? (
        <nav aria-label={t("instruction.pages")} className="pagination">
          {d.page > 1 ? <Link to={pageLink(d.page - 1)}>← {t("instruction.previous")}</Link> : <span />}
          <span>{t("instruction.pageOf", { page: d.page, pages: d.pages })}</span>
          {d.page < d.pages ? <Link to={pageLink(d.page + 1)}>{t("instruction.next")} →</Link> : <span />}
        </nav>
      ) : null}
    </div>
  );
}
