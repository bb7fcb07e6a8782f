import { Form, Link, redirect, useActionData, useLoaderData, useLocation } from "react-router";
import { PromoteForm, SelectionForm, SelectionRow } from "../domain/decisions/inputs.server";
import type { Decision } from "../domain/decisions/letters";
import { promoteFromReserve } from "../domain/decisions/reserve.server";
import { confirmSelection, type SelectionDecision } from "../domain/decisions/selection.server";
import type { SelectionConstraints } from "../domain/selection/optimiser";
import { selectionView } from "../domain/selection/selection-view.server";
import { parseForm, readIntent, safeParseNamed } from "../http/parse-form.server";
import { t as translate } from "../i18n/i18n";
import { attempt, requireCallOrganiser } from "../lib/route-helpers.server";
import { CallPageHeader } from "../ui/call-nav";
import { Notice, SubmitButton } from "../ui/forms";
import { MapWithRegions } from "../ui/france-map";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { TableScroll } from "../ui/table-scroll";
import type { Route } from "./+types/admin-selection";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "selection.title");

function intParam(v: string | null, min: number, max: number): number | undefined {
  if (v === null || v.trim() === "") return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : undefined;
}

/** The page's constraints; on a first visit (no constraint in the address) the call's selection defaults from the studio. */
function constraintsFrom(
  url: URL,
  target: number,
  defaults: { maxPerRegion?: number; minOperationalShare?: number } = {},
): SelectionConstraints & { waitlist: number } {
  const p = url.searchParams;
  const first = !p.has("taille");
  const share = intParam(p.get("part_operationnel"), 0, 100);
  return {
    size: intParam(p.get("taille"), 1, 500) ?? target,
    maxPerRegion: first ? defaults.maxPerRegion : intParam(p.get("max_region"), 1, 500),
    minOperationalShare: first ? defaults.minOperationalShare : share === undefined ? undefined : share / 100,
    minDistinctSectors: intParam(p.get("min_secteurs"), 1, 50),
    maxPerSector: intParam(p.get("max_secteur"), 1, 500),
    mustInclude: p.getAll("inclure").filter(Boolean),
    mustExclude: p.getAll("exclure").filter(Boolean),
    waitlist: intParam(p.get("attente"), 0, 50) ?? 3,
  };
}

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { call } = await requireCallOrganiser(context, request, params.callId);
  const url = new URL(request.url);
  const constraints = constraintsFrom(url, call.content.targetSelection, call.content.selection);
  return {
    ...(await selectionView(context.services.db, call, constraints, context.locale)),
    params: {
      taille: String(constraints.size),
      max_region: url.searchParams.get("max_region") ?? "",
      part_operationnel: url.searchParams.get("part_operationnel") ?? "",
      min_secteurs: url.searchParams.get("min_secteurs") ?? "",
      max_secteur: url.searchParams.get("max_secteur") ?? "",
      attente: String(constraints.waitlist),
      inclure: constraints.mustInclude ?? [],
      exclure: constraints.mustExclude ?? [],
    },
  };
}

export async function action({ params, context, request }: Route.ActionArgs): Promise<{ error?: string; notice?: string } | Response> {
  const { user, call } = await requireCallOrganiser(context, request, params.callId);
  const form = await request.formData();
  if (readIntent(form) === "promote") {
    const p = parseForm(form, PromoteForm, context.locale);
    if (!p.ok) return { error: translate(context.locale, "error.badRequest") };
    const r = await attempt(context, () =>
      promoteFromReserve(context.services.db, { callId: call.id, actorId: user.id, ...p.value, appUrl: context.services.config.appUrl }),
    );
    if (!r.ok) return { error: r.error };
    return { notice: translate(context.locale, r.value.sent ? "reserve.promotedSent" : "reserve.promotedPending") };
  }
  const parsed = parseForm(form, SelectionForm, context.locale);
  if (!parsed.ok) return { error: translate(context.locale, "error.badRequest") };
  const decisions: SelectionDecision[] = [];
  for (const id of parsed.value.dossier) {
    // Each dossier's row: « decision.<id> », « reasons.<id> ».
    const row = safeParseNamed(form, SelectionRow, (key) => `${key}.${id}`);
    if (!row.success) return { error: translate(context.locale, "error.badRequest") };
    decisions.push({ dossierId: id, ...row.data });
  }
  const r = await attempt(context, () =>
    confirmSelection(context.services.db, { callId: call.id, actorId: user.id, decisions, appUrl: context.services.config.appUrl }),
  );
  if (!r.ok) return { error: r.error };
  return redirect(`/admin/appels/${call.id}/reponses?confirme=${r.value.applied.length}&inchange=${r.value.unchanged.length}`);
}

function NumberField(props: { name: string; label: string; min: number; max: number; value: string }) {
  return (
    <div className="field">
      <label htmlFor={props.name}>{props.label}</label>
      <input id={props.name} name={props.name} type="number" min={props.min} max={props.max} defaultValue={props.value} />
    </div>
  );
}

function DecisionRows({ rows, label }: { rows: { id: string; name: string; reason: string; decision?: Decision }[]; label: Decision }) {
  const { t } = useT();
  return (
    <>
      {rows.map((r) => (
        <fieldset key={r.id} className="decision-row">
          <legend>{r.name}</legend>
          <input type="hidden" name="dossier" value={r.id} />
          <div className="field">
            <label htmlFor={`decision-${r.id}`}>{t("selection.decision")}</label>
            <select id={`decision-${r.id}`} name={`decision.${r.id}`} defaultValue={label}>
              <option value="accepted">{t("instruction.state.accepted")}</option>
              <option value="waitlisted">{t("instruction.state.waitlisted")}</option>
              <option value="declined">{t("instruction.state.declined")}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`reasons-${r.id}`}>{t("selection.reasons")}</label>
            <textarea id={`reasons-${r.id}`} name={`reasons.${r.id}`} rows={3} defaultValue={r.reason} required minLength={10} />
          </div>
        </fieldset>
      ))}
    </>
  );
}

export default function Selection() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  // Re-read the filters from the address on every navigation (a saved view opened by its link, issue 9).
  const filterKey = useLocation().search;
  const p = d.proposal;
  return (
    <div className="page wide">
      <CallPageHeader callId={d.callId} community={d.hasCommunity} heading={t("selection.heading", { title: d.title })} result={result} />
      <p>{t("selection.intro")}</p>
      <Form method="get" key={filterKey} className="filters" aria-label={t("selection.constraints")}>
        <NumberField name="taille" label={t("selection.size")} min={1} max={500} value={d.params.taille} />
        <NumberField name="max_region" label={t("selection.maxPerRegion")} min={1} max={500} value={d.params.max_region} />
        <NumberField name="part_operationnel" label={t("selection.minOperational")} min={0} max={100} value={d.params.part_operationnel} />
        <NumberField name="min_secteurs" label={t("selection.minSectors")} min={1} max={50} value={d.params.min_secteurs} />
        <NumberField name="max_secteur" label={t("selection.maxPerSector")} min={1} max={500} value={d.params.max_secteur} />
        <NumberField name="attente" label={t("selection.waitlistSize")} min={0} max={50} value={d.params.attente} />
        <div className="field">
          <label htmlFor="inclure">{t("selection.mustInclude")}</label>
          <select id="inclure" name="inclure" multiple size={5} defaultValue={d.params.inclure}>
            {d.candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="exclure">{t("selection.mustExclude")}</label>
          <select id="exclure" name="exclure" multiple size={5} defaultValue={d.params.exclure}>
            {d.candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button primary">
          {t("selection.run")}
        </button>
      </Form>
      {d.reserve ? <Reserve reserve={d.reserve} /> : null}
      {d.candidates.length === 0 ? <p>{t("selection.none")}</p> : null}
      {d.infeasible.length ? (
        <div role="alert" className="notice error">
          <h2>{t("selection.infeasibleTitle")}</h2>
          <ul>
            {d.infeasible.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {p ? (
        <>
          <section aria-labelledby="proposal-title">
            <h2 id="proposal-title">{t("selection.proposal", { n: p.selected.length })}</h2>
            {p.unscored ? <Notice kind="warning">{t("selection.unscored")}</Notice> : null}
            <p role="status">
              {t(p.status === "optimal" ? "selection.optimal" : "selection.bestFound", { total: p.total })}{" "}
              {t("selection.operationalCount", { n: p.operational, total: p.selected.length })}
            </p>
            <TableScroll>
              <table className="data-table">
                <caption className="visually-hidden">{t("selection.proposal", { n: p.selected.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("instruction.name")}</th>
                    <th scope="col">{t("instruction.region")}</th>
                    <th scope="col">{t("instruction.stage")}</th>
                    <th scope="col">{t("instruction.sector")}</th>
                    <th scope="col">{t("instruction.score")}</th>
                    <th scope="col">{t("selection.why")}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.selected.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">
                        <Link to={`/instruction/dossiers/${r.id}`}>{r.name}</Link>
                      </th>
                      <td>
                        {r.region} {r.departement ? `(${r.departement})` : ""}
                      </td>
                      <td>{r.stage ?? "—"}</td>
                      <td>{r.sectors}</td>
                      <td>{r.score ?? "—"}</td>
                      <td>{r.why}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <MapWithRegions entries={p.map} mapTitle={t("selection.mapTitle")} regions={p.regions} countLabel={t("selection.count")} />
          </section>
          <section aria-labelledby="excluded-title">
            <h2 id="excluded-title">{t("selection.excluded")}</h2>
            <ul>
              {[...p.waitlisted, ...p.declined].slice(0, 10).map((r) => (
                <li key={r.id}>
                  <strong>{r.name}</strong> ({r.score ?? "—"}) : {r.why}
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="confirm-title">
            <h2 id="confirm-title">{t("selection.confirmTitle")}</h2>
            <p>{t("selection.confirmIntro")}</p>
            <Form method="post">
              <h3>{t("instruction.state.accepted")}</h3>
              <DecisionRows rows={p.selected} label="accepted" />
              {p.waitlisted.length ? <h3>{t("instruction.state.waitlisted")}</h3> : null}
              <DecisionRows rows={p.waitlisted} label="waitlisted" />
              {p.declined.length ? <h3>{t("instruction.state.declined")}</h3> : null}
              <DecisionRows rows={p.declined} label="declined" />
              <SubmitButton primary>{t("selection.confirm")}</SubmitButton>
            </Form>
          </section>
        </>
      ) : null}
    </div>
  );
}

/** The free places of a confirmed selection, and who from the waiting list the assistant proposes for them. */
function Reserve({ reserve }: { reserve: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["reserve"]> }) {
  const { t } = useT();
  return (
    <section id="reserve" aria-labelledby="reserve-title">
      <h2 id="reserve-title">{t("reserve.title")}</h2>
      <p>{t("reserve.status", { accepted: reserve.accepted, target: reserve.target, waiting: reserve.waiting })}</p>
      {reserve.vacancies === 0 ? (
        <p>{t("reserve.full")}</p>
      ) : reserve.proposed.length ? (
        <>
          <p>{t("reserve.proposalIntro", { n: reserve.vacancies })}</p>
          {reserve.proposed.map((r) => (
            <Form method="post" key={r.id} className="decision-row">
              <input type="hidden" name="intent" value="promote" />
              <input type="hidden" name="dossierId" value={r.id} />
              <p>
                <Link to={`/instruction/dossiers/${r.id}`}>{r.name}</Link> ({r.score}) — {r.why}
              </p>
              <div className="field">
                <label htmlFor={`promote-${r.id}`}>{t("reserve.reasons", { name: r.name })}</label>
                <textarea id={`promote-${r.id}`} name="reasons" rows={3} defaultValue={r.reasons} required minLength={10} />
              </div>
              <SubmitButton primary>{t("reserve.promote", { name: r.name })}</SubmitButton>
            </Form>
          ))}
        </>
      ) : reserve.infeasible.length ? (
        <div className="notice notice-warning">
          <p>{t("reserve.infeasible")}</p>
          <ul>
            {reserve.infeasible.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p>{t("reserve.nobodyWaiting", { n: reserve.vacancies })}</p>
      )}
    </section>
  );
}
