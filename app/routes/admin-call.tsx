import { Form, Link, redirect, useActionData, useLoaderData, useLocation } from "react-router";
import { applyBulk, type BulkAction } from "../domain/calls/bulk.server";
import { ListForms } from "../domain/calls/inputs.server";
import { DEPARTEMENT_OPTIONS, REGION_OPTIONS } from "../forms/territory-lists";
import { organisersListView } from "../domain/calls/list-view.server";
import { deleteView, saveView } from "../domain/review/collaboration.server";
import { parseIntent } from "../http/parse-form.server";
import { t as translate } from "../i18n/i18n";
import { attempt, requireCallOrganiser } from "../lib/route-helpers.server";
import { CallPageHeader } from "../ui/call-nav";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { TableScroll } from "../ui/table-scroll";
import type { Route } from "./+types/admin-call";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "callNav.dossiers");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user, call } = await requireCallOrganiser(context, request, params.callId);
  const url = new URL(request.url);
  return organisersListView(context.services.db, call, user.id, url.searchParams, context.locale);
}

export async function action({ params, context, request }: Route.ActionArgs): Promise<{ error?: string; notice?: string } | Response> {
  const { user, call } = await requireCallOrganiser(context, request, params.callId);
  const db = context.services.db;
  const L = context.locale;
  const p = parseIntent(await request.formData(), ListForms, L);
  if (!p.ok) return { error: translate(L, "error.badRequest") };
  if (p.intent === "save-view") {
    const r = await attempt(context, () => saveView(db, { userId: user.id, callId: call.id, ...p.value }));
    if (!r.ok) return { error: r.error };
    return { notice: translate(L, "views.saved") };
  }
  if (p.intent === "delete-view") {
    await attempt(context, () => deleteView(db, { userId: user.id, viewId: p.value.viewId }));
    return redirect(`/admin/appels/${call.id}`);
  }
  const v = p.value;
  const action: BulkAction =
    p.intent === "bulk-assign"
      ? { kind: "assign", reviewerId: p.value.reviewerId }
      : p.intent === "bulk-label"
        ? { kind: "label", label: p.value.label }
        : p.intent === "bulk-decide"
          ? { kind: "decide", decision: p.value.decision, reasons: p.value.reasons }
          : { kind: "message", body: p.value.body };
  const r = await attempt(context, () =>
    applyBulk(
      db,
      { storage: context.services.storage, limits: context.services.config.uploadLimits },
      { callId: call.id, actorId: user.id, query: v.query, action, appUrl: context.services.config.appUrl },
    ),
  );
  if (!r.ok) return { error: r.error };
  const reasons = [...new Set(r.value.skipped.map((x) => x.why))].map((k) => translate(L, k)).join(" ");
  return {
    notice:
      translate(L, "bulk.done", { applied: r.value.applied, matched: r.value.matched }) +
      (r.value.skipped.length ? ` ${translate(L, "bulk.skipped", { n: r.value.skipped.length })} ${reasons}` : ""),
  };
}

function FilterSelect(props: {
  name: string;
  label: string;
  value?: string;
  options: readonly { value: string; label: string }[];
  all?: boolean;
}) {
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

function stageText(stages: { value: string; label: string; operational: boolean }[], stage: string | null, since: number | null): string {
  const o = stages.find((x) => x.value === stage);
  if (!o) return "—";
  return o.operational && since ? `${o.label} (${since})` : o.label;
}

export default function InstructionList() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  // Re-read the filters from the address on every navigation (a saved view opened by its link, issue 9).
  const filterKey = useLocation().search;
  const f = d.filters as Record<string, string>;
  const pageLink = (direction: "apres" | "avant", cursor: string) => {
    const p = new URLSearchParams(f);
    for (const k of ["page", "apres", "avant"]) p.delete(k);
    p.set(direction, cursor);
    return `?${p}`;
  };
  const stateLink = (state: string) => {
    const p = new URLSearchParams(f);
    for (const k of ["page", "apres", "avant"]) p.delete(k);
    if (state) p.set("etat", state);
    else p.delete("etat");
    return `?${p}`;
  };
  const yesNo = [
    { value: "yes", label: t("common.yes") },
    { value: "no", label: t("common.no") },
  ];
  const all = Object.values(d.counts).reduce((s, n) => s + n, 0);
  return (
    <div className="page wide">
      <CallPageHeader
        phase={d.phase}
        callId={d.callId}
        community={d.hasCommunity}
        heading={t("admin.dossiers", { title: d.title })}
        result={result}
      />
      {d.views.length ? (
        <section aria-labelledby="views-title" className="saved-views">
          <h2 id="views-title">{t("views.title")}</h2>
          <ul>
            {d.views.map((v) => (
              <li key={v.id}>
                <Link to={`?${v.query}`}>{v.name}</Link>{" "}
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="delete-view" />
                  <input type="hidden" name="viewId" value={v.id} />
                  <button type="submit" className="link-button" aria-label={t("views.deleteNamed", { name: v.name })}>
                    {t("views.delete")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <nav aria-label={t("instruction.byState")} className="state-counts">
        <ul>
          <li>
            <Link to={stateLink("")} aria-current={!f.etat ? "page" : undefined}>
              {t("instruction.all")}
              {d.countsCapped ? "" : ` (${all})`}
            </Link>
          </li>
          {d.states.map((s) => (
            <li key={s}>
              <Link to={stateLink(s)} aria-current={f.etat === s ? "page" : undefined}>
                {t(`instruction.state.${s}` as "instruction.state.submitted")}
                {d.countsCapped ? "" : ` (${d.counts[s] ?? 0})`}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Form method="get" key={filterKey} className="filters" role="search" aria-label={t("instruction.filters")}>
        <div className="field">
          <label htmlFor="q">{t("instruction.search")}</label>
          <input id="q" name="q" type="search" defaultValue={f.q ?? ""} />
        </div>
        <FilterSelect
          name="etat"
          label={t("instruction.state")}
          value={f.etat}
          options={d.states.map((s) => ({ value: s, label: t(`instruction.state.${s}` as "instruction.state.submitted") }))}
        />
        {d.meanings.place ? (
          <>
            <FilterSelect name="region" label={t("instruction.region")} value={f.region} options={REGION_OPTIONS} />
            <FilterSelect name="departement" label={t("instruction.departement")} value={f.departement} options={DEPARTEMENT_OPTIONS} />
          </>
        ) : null}
        {d.meanings.stage ? (
          <FilterSelect
            name="stade"
            label={t("instruction.stage")}
            value={f.stade}
            options={d.stages.map((o) => ({ value: o.value, label: o.label }))}
          />
        ) : null}
        {d.meanings.since ? (
          <div className="field">
            <label htmlFor="filter-anciennete">{t("instruction.minYears")}</label>
            <input
              id="filter-anciennete"
              name="anciennete"
              type="number"
              min={0}
              max={100}
              inputMode="numeric"
              defaultValue={f.anciennete ?? ""}
            />
          </div>
        ) : null}
        {d.meanings.sectors ? <FilterSelect name="secteur" label={t("instruction.sector")} value={f.secteur} options={d.sectors} /> : null}
        {d.meanings.charter ? <FilterSelect name="charte" label={t("instruction.charter")} value={f.charte} options={yesNo} /> : null}
        {d.meanings.visit ? <FilterSelect name="visite" label={t("instruction.hostVisit")} value={f.visite} options={yesNo} /> : null}
        {d.ownFields.map((o) =>
          o.kind === "choice" ? (
            <FilterSelect key={o.key} name={`c.${o.key}`} label={o.label} value={f[`c.${o.key}`]} options={o.options} />
          ) : (
            <fieldset key={o.key} className="range-filter">
              <legend>{o.label}</legend>
              <div className="field">
                <label htmlFor={`filter-${o.key}-min`}>{t("instruction.rangeMin")}</label>
                <input
                  id={`filter-${o.key}-min`}
                  name={`c.${o.key}.min`}
                  type="text"
                  inputMode="decimal"
                  defaultValue={f[`c.${o.key}.min`] ?? ""}
                />
              </div>
              <div className="field">
                <label htmlFor={`filter-${o.key}-max`}>{t("instruction.rangeMax")}</label>
                <input
                  id={`filter-${o.key}-max`}
                  name={`c.${o.key}.max`}
                  type="text"
                  inputMode="decimal"
                  defaultValue={f[`c.${o.key}.max`] ?? ""}
                />
              </div>
            </fieldset>
          ),
        )}
        <FilterSelect name="evaluateur" label={t("instruction.reviewer")} value={f.evaluateur} options={d.reviewers} />
        <div className="field">
          <label htmlFor="filter-note-min">{t("instruction.scoreMin")}</label>
          <input id="filter-note-min" name="note_min" type="number" min={0} max={d.scoreMax} step="0.1" defaultValue={f.note_min ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="filter-note-max">{t("instruction.scoreMax")}</label>
          <input id="filter-note-max" name="note_max" type="number" min={0} max={d.scoreMax} step="0.1" defaultValue={f.note_max ?? ""} />
        </div>
        <FilterSelect
          name="etiquette"
          label={t("instruction.label")}
          value={f.etiquette}
          options={d.labels.map((l) => ({ value: l.label, label: `${l.label} (${l.n})` }))}
        />
        <FilterSelect
          name="tri"
          label={t("instruction.sort")}
          value={f.tri ?? "name"}
          all={false}
          options={[
            { value: "name", label: t("instruction.sort.name") },
            { value: "submitted", label: t("instruction.sort.submitted") },
            { value: "updated", label: t("instruction.sort.updated") },
            { value: "score", label: t("instruction.sort.score") },
          ]}
        />
        <button type="submit" className="button">
          {t("instruction.apply")}
        </button>
      </Form>
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="save-view" />
        <input type="hidden" name="query" value={d.query} />
        <div className="field">
          <label htmlFor="view-name">{t("views.name")}</label>
          <input id="view-name" name="name" type="text" maxLength={80} required />
        </div>
        <button type="submit" className="button">
          {t("views.save")}
        </button>
      </Form>
      <p role="status">
        {[
          d.capped ? t("instruction.countCapped", { n: d.total }) : t("instruction.count", { n: d.total }),
          d.notYetSearchable ? t("instruction.notYetSearchable", { n: d.notYetSearchable }) : "",
        ]
          .filter(Boolean)
          .join(" ")}
      </p>
      <BulkActions query={d.bulkQuery} total={d.total} capped={d.capped} reviewers={d.reviewers} callId={d.callId} />
      <TableScroll>
        <table className="data-table">
          <caption className="visually-hidden">{t("admin.dossiers", { title: d.title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("instruction.name")}</th>
              <th scope="col">{t("instruction.state")}</th>
              {d.meanings.place ? <th scope="col">{t("instruction.region")}</th> : null}
              {d.meanings.stage ? <th scope="col">{t("instruction.stage")}</th> : null}
              {d.meanings.charter ? <th scope="col">{t("instruction.charter")}</th> : null}
              {d.meanings.visit ? <th scope="col">{t("instruction.hostVisit")}</th> : null}
              {d.ownFields.map((o) => (
                <th scope="col" key={o.key}>
                  {o.label}
                </th>
              ))}
              <th scope="col">{t("instruction.score")}</th>
              <th scope="col">{t("instruction.labels")}</th>
              <th scope="col">{t("instruction.submittedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.id}>
                <td>
                  {/* Plain links in the rows: fifty router links were a sixteenth of the page's time (issue 11). */}
                  <a href={`/instruction/dossiers/${r.id}`}>{r.name}</a>
                  {r.unread ? (
                    <>
                      {" "}
                      <a href={`/instruction/dossiers/${r.id}/messages`} className="badge">
                        {t("messages.unread", { n: r.unread })}
                      </a>
                    </>
                  ) : null}
                </td>
                <td>{t(`instruction.state.${r.state}` as "instruction.state.submitted")}</td>
                {d.meanings.place ? (
                  <td>
                    {r.region} {r.departement ? `(${r.departement})` : ""}
                  </td>
                ) : null}
                {d.meanings.stage ? <td>{stageText(d.stages, r.stage, r.since)}</td> : null}
                {d.meanings.charter ? <td>{r.charter === 1 ? t("common.yes") : r.charter === 0 ? t("common.no") : "—"}</td> : null}
                {d.meanings.visit ? <td>{r.host === 1 ? t("common.yes") : r.host === 0 ? t("common.no") : "—"}</td> : null}
                {d.ownFields.map((o) => (
                  <td key={o.key}>{r.own[o.key]}</td>
                ))}
                <td>
                  {r.score ?? "—"}
                  {r.reviewers ? ` (${r.reviewers})` : ""}
                  {r.disagreement ? ` ⚠ ${t("instruction.disagreement")}` : ""}
                </td>
                <td>{r.labels.join(", ")}</td>
                <td>{r.submitted}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {d.previous || d.next ? (
        <nav aria-label={t("instruction.pages")} className="pagination">
          {d.previous ? <Link to={pageLink("avant", d.previous)}>← {t("instruction.previous")}</Link> : <span />}
          <span>{d.capped ? t("instruction.page", { page: d.page }) : t("instruction.pageOf", { page: d.page, pages: d.pages })}</span>
          {d.next ? <Link to={pageLink("apres", d.next)}>{t("instruction.next")} →</Link> : <span />}
        </nav>
      ) : null}
    </div>
  );
}

/**
 * What to do with every dossier the filters keep (not only this page): assign, label, decide, write to
 * the applicants, export. Each form carries the list's query; the server reads it as the list does.
 */
function BulkActions(props: {
  query: string;
  total: number;
  capped: boolean;
  callId: string;
  reviewers: { value: string; label: string }[];
}) {
  const { t } = useT();
  if (!props.total) return null;
  const hidden = (intent: string) => (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="query" value={props.query} />
    </>
  );
  return (
    <details className="bulk-actions">
      <summary>{t("bulk.summary", { n: props.total })}</summary>
      <p className="hint">{props.capped ? t("bulk.cappedHint") : t("bulk.hint", { n: props.total })}</p>
      {props.reviewers.length ? (
        <Form method="post" className="inline-form">
          {hidden("bulk-assign")}
          <FilterSelect name="reviewerId" label={t("bulk.assignTo")} options={props.reviewers} all={false} />
          <button type="submit" className="button">
            {t("bulk.assign")}
          </button>
        </Form>
      ) : null}
      <Form method="post" className="inline-form">
        {hidden("bulk-label")}
        <div className="field">
          <label htmlFor="bulk-label">{t("bulk.labelName")}</label>
          <input id="bulk-label" name="label" type="text" maxLength={40} required />
        </div>
        <button type="submit" className="button">
          {t("bulk.label")}
        </button>
      </Form>
      <Form method="post">
        {hidden("bulk-decide")}
        <FilterSelect
          name="decision"
          label={t("bulk.decision")}
          all={false}
          options={[
            { value: "accepted", label: t("instruction.state.accepted") },
            { value: "waitlisted", label: t("instruction.state.waitlisted") },
            { value: "declined", label: t("instruction.state.declined") },
          ]}
        />
        <div className="field">
          <label htmlFor="bulk-reasons">{t("bulk.reasons")}</label>
          <textarea id="bulk-reasons" name="reasons" rows={3} required minLength={10} />
        </div>
        <button type="submit" className="button">
          {t("bulk.decide")}
        </button>
      </Form>
      <Form method="post">
        {hidden("bulk-message")}
        <div className="field">
          <label htmlFor="bulk-message">{t("bulk.message")}</label>
          <p className="hint" id="bulk-message-hint">
            {t("bulk.messageHint")}
          </p>
          <textarea id="bulk-message" name="body" rows={5} required aria-describedby="bulk-message-hint" />
        </div>
        <button type="submit" className="button">
          {t("bulk.send")}
        </button>
      </Form>
      <p>
        <Link to={`/admin/appels/${props.callId}/exports${props.query ? `?${props.query}` : ""}`}>{t("bulk.export")}</Link>
      </p>
    </details>
  );
}
