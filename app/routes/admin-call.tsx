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

export default function InstructionList() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  const f = d.filters as Record<string, string>;
  const pageLink = (page: number) => `?${new URLSearchParams({ ...f, page: String(page) })}`;
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
        <div className="field">
          <label htmlFor="etat">{t("instruction.state")}</label>
          <select id="etat" name="etat" defaultValue={f.etat ?? ""}>
            <option value="">{t("instruction.all")}</option>
            {d.states.map((s) => (
              <option key={s} value={s}>
                {t(`instruction.state.${s}` as "instruction.state.submitted")}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="region">{t("instruction.region")}</label>
          <select id="region" name="region" defaultValue={f.region ?? ""}>
            <option value="">{t("instruction.all")}</option>
            {d.regions.map((r) => (
              <option key={r.code} value={r.code}>
                {r.nom}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="stade">{t("instruction.stage")}</label>
          <select id="stade" name="stade" defaultValue={f.stade ?? ""}>
            <option value="">{t("instruction.all")}</option>
            <option value="operational">{t("instruction.operational")}</option>
            <option value="project">{t("instruction.project")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="secteur">{t("instruction.sector")}</label>
          <select id="secteur" name="secteur" defaultValue={f.secteur ?? ""}>
            <option value="">{t("instruction.all")}</option>
            {d.sectors.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="charte">{t("instruction.charter")}</label>
          <select id="charte" name="charte" defaultValue={f.charte ?? ""}>
            <option value="">{t("instruction.all")}</option>
            <option value="yes">{t("common.yes")}</option>
            <option value="no">{t("common.no")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="visite">{t("instruction.hostVisit")}</label>
          <select id="visite" name="visite" defaultValue={f.visite ?? ""}>
            <option value="">{t("instruction.all")}</option>
            <option value="yes">{t("common.yes")}</option>
            <option value="no">{t("common.no")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="tri">{t("instruction.sort")}</label>
          <select id="tri" name="tri" defaultValue={f.tri ?? "name"}>
            <option value="name">{t("instruction.sort.name")}</option>
            <option value="submitted">{t("instruction.sort.submitted")}</option>
            <option value="updated">{t("instruction.sort.updated")}</option>
          </select>
        </div>
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
