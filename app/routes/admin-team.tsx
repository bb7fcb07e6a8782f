import { Form, Link, useActionData, useLoaderData } from "react-router";
import { runAssignment, setMaxLoad } from "../domain/review/assignment-flow.server";
import { TeamForms } from "../domain/review/inputs.server";
import { assignManually, inviteToCall, unassign } from "../domain/review/team.server";
import { teamView } from "../domain/review/views.server";
import { parseIntent } from "../http/parse-form.server";
import { t as translate } from "../i18n/i18n";
import { attempt, requireCallOrganiser } from "../lib/route-helpers.server";
import { CallPageHeader } from "../ui/call-nav";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { TableScroll } from "../ui/table-scroll";
import type { Route } from "./+types/admin-team";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "team.title");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { call } = await requireCallOrganiser(context, request, params.callId);
  return teamView(context.services.db, call, context.locale);
}

export async function action({
  params,
  context,
  request,
}: Route.ActionArgs): Promise<{ error?: string; notice?: string; field?: string } | Response> {
  const { user, call } = await requireCallOrganiser(context, request, params.callId);
  const db = context.services.db;
  const L = context.locale;
  const p = parseIntent(await request.formData(), TeamForms, L);
  const appUrl = context.services.config.appUrl;
  if (!p.ok) return p.errors.email ? { error: p.errors.email, field: "email" } : { error: translate(L, "error.badRequest") };
  if (p.intent === "invite") {
    const { email, role, message } = p.value;
    const r = await attempt(context, () =>
      inviteToCall(db, { callId: call.id, email, role, actorId: user.id, appUrl, locale: L, message }),
    );
    return r.ok ? { notice: translate(L, "team.invited", { email: email.trim() }) } : { error: r.error, field: "email" };
  }
  if (p.intent === "auto") {
    const { perDossier, maxPerReviewer } = p.value;
    const r = await attempt(context, () => runAssignment(db, { callId: call.id, perDossier, maxPerReviewer, actorId: user.id, appUrl }));
    if (!r.ok) return { error: r.error, field: "maxPerReviewer" };
    const short = r.value.shortfalls.length;
    return {
      notice:
        translate(L, "team.autoDone", { added: r.value.added.length }) + (short ? ` ${translate(L, "team.autoShort", { n: short })}` : ""),
    };
  }
  if (p.intent === "max-load") {
    const r = await attempt(context, () => setMaxLoad(db, { callId: call.id, ...p.value, actorId: user.id }));
    return r.ok ? { notice: translate(L, "assignment.maxLoadSaved") } : { error: r.error, field: `max-${p.value.reviewerId}` };
  }
  if (p.intent === "assign") {
    const r = await attempt(context, () => assignManually(db, { ...p.value, actorId: user.id, appUrl }));
    return r.ok ? { notice: translate(L, "team.assigned") } : { error: r.error };
  }
  const r = await attempt(context, () => unassign(db, { ...p.value, actorId: user.id }));
  return r.ok ? { notice: translate(L, "team.unassigned") } : { error: r.error };
}

export default function Team() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const reviewers = d.members.filter((m) => m.role !== "organiser");
  return (
    <div className="page wide">
      <CallPageHeader
        phase={d.phase}
        callId={d.callId}
        community={d.hasCommunity}
        heading={t("team.heading", { title: d.title })}
        result={result}
      />
      <section aria-labelledby="members-title">
        <h2 id="members-title">{t("team.members")}</h2>
        {d.members.length ? (
          <TableScroll>
            <table className="data-table">
              <caption className="visually-hidden">{t("team.members")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("team.name")}</th>
                  <th scope="col">{t("team.role")}</th>
                  <th scope="col">{t("team.assignedCount")}</th>
                  <th scope="col">{t("team.reviewedCount")}</th>
                  <th scope="col">{t("assignment.preferencesGiven")}</th>
                  <th scope="col">{t("assignment.maxLoad")}</th>
                </tr>
              </thead>
              <tbody>
                {d.members.map((m) => (
                  <tr key={m.id}>
                    <td>
                      {m.name} <span className="meta">({m.email})</span>
                    </td>
                    <td>{t(`team.role.${m.role}` as "team.role.reviewer")}</td>
                    <td>{m.assigned}</td>
                    <td>{m.reviewed}</td>
                    <td>{m.role === "reviewer" ? (d.preferences[m.id] ?? 0) : "—"}</td>
                    <td>
                      {m.role === "reviewer" ? (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="max-load" />
                          <input type="hidden" name="reviewerId" value={m.id} />
                          <label htmlFor={`max-${m.id}`} className="visually-hidden">
                            {t("assignment.maxLoadOf", { name: m.name })}
                          </label>
                          <input
                            id={`max-${m.id}`}
                            name="maxLoad"
                            type="number"
                            min={0}
                            max={1000}
                            className="narrow"
                            defaultValue={m.max_load ?? ""}
                            placeholder={d.limits.maxPerReviewer === null ? "" : String(d.limits.maxPerReviewer)}
                            aria-invalid={result?.field === `max-${m.id}` ? true : undefined}
                          />
                          <button type="submit" className="button">
                            {t("assignment.saveMaxLoad")}
                          </button>
                        </Form>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p>{t("team.noMembers")}</p>
        )}
        {d.invitations.length ? (
          <>
            <h3>{t("team.pending")}</h3>
            <ul>
              {d.invitations.map((i) => (
                <li key={i.id}>
                  {i.email} — {t(`team.role.${i.role}` as "team.role.reviewer")}
                  {i.dossier_name ? ` (${i.dossier_name})` : ""} — {t("team.expires", { date: i.expires })}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h3 id="invite-title">{t("team.inviteReviewer")}</h3>
        <Form method="post" aria-labelledby="invite-title">
          <input type="hidden" name="intent" value="invite" />
          <div className="field">
            <label htmlFor="email">{t("team.email")}</label>
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="off"
              required
              aria-invalid={result?.field === "email" ? true : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor="invite-role">{t("team.inviteRole")}</label>
            <select id="invite-role" name="role" defaultValue="reviewer">
              <option value="reviewer">{t("team.role.reviewer")}</option>
              <option value="organiser">{t("team.role.organiser")}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="message">
              {t("team.message")} <span className="meta">({t("common.optional")})</span>
            </label>
            <textarea id="message" name="message" rows={3} maxLength={2000} />
          </div>
          <button type="submit" className="button primary">
            {t("team.send")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="assign-title">
        <h2 id="assign-title">{t("team.assignments")}</h2>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="auto" />
          <div className="field">
            <label htmlFor="perDossier">{t("team.perDossier")}</label>
            <input id="perDossier" name="perDossier" type="number" min={1} max={10} defaultValue={d.limits.perDossier} />
          </div>
          <div className="field">
            <label htmlFor="maxPerReviewer">{t("phases.maxPerReviewer")}</label>
            <input
              id="maxPerReviewer"
              name="maxPerReviewer"
              type="number"
              min={1}
              max={1000}
              defaultValue={d.limits.maxPerReviewer ?? ""}
              aria-invalid={result?.field === "maxPerReviewer" ? true : undefined}
            />
          </div>
          <button type="submit" className="button">
            {t("team.autoAssign")}
          </button>
        </Form>
        <p className="hint">{t("assignment.hint")}</p>
        {d.lastRun ? <LastRun run={d.lastRun} /> : null}
        <TableScroll>
          <table className="data-table">
            <caption className="visually-hidden">{t("team.assignments")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("instruction.name")}</th>
                <th scope="col">{t("team.reviewers")}</th>
                <th scope="col">{t("team.conflicts")}</th>
                <th scope="col">{t("team.addReviewer")}</th>
              </tr>
            </thead>
            <tbody>
              {d.dossiers.map((dossier) => (
                <tr key={dossier.id}>
                  <td>
                    <Link to={`/instruction/dossiers/${dossier.id}`}>{dossier.name}</Link>{" "}
                    {dossier.departement ? `(${dossier.departement})` : ""}
                  </td>
                  <td>
                    <ul className="plain">
                      {dossier.reviewers.map((r) => (
                        <li key={r.id}>
                          {r.name} {r.reviewed ? `✓ ${t("team.reviewed")}` : ""}{" "}
                          <Form method="post" className="inline">
                            <input type="hidden" name="intent" value="unassign" />
                            <input type="hidden" name="dossierId" value={dossier.id} />
                            <input type="hidden" name="reviewerId" value={r.id} />
                            <button
                              type="submit"
                              className="link-button"
                              aria-label={t("team.removeNamed", { name: r.name, dossier: dossier.name })}
                            >
                              {t("team.remove")}
                            </button>
                          </Form>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>{dossier.conflicts.map((c) => `${c.name} : ${c.reason}`).join(" ; ") || "—"}</td>
                  <td>
                    {reviewers.length ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="assign" />
                        <input type="hidden" name="dossierId" value={dossier.id} />
                        <label htmlFor={`add-${dossier.id}`} className="visually-hidden">
                          {t("team.addReviewerTo", { dossier: dossier.name })}
                        </label>
                        <select id={`add-${dossier.id}`} name="reviewerId">
                          {reviewers
                            .filter((r) => !dossier.reviewers.some((x) => x.id === r.id))
                            .map((r) => (
                              <option key={r.id} value={r.id}>
                                {r.name} ({r.assigned})
                              </option>
                            ))}
                        </select>
                        <button type="submit" className="button">
                          {t("team.assign")}
                        </button>
                      </Form>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
    </div>
  );
}

/** The last automatic assignment, explained: its limits, what each reviewer got against their wishes, and the dossiers left short. */
function LastRun({ run }: { run: ReturnType<typeof useLoaderData<typeof loader>>["lastRun"] & object }) {
  const { t } = useT();
  return (
    <section aria-labelledby="last-run-title" className="explained">
      <h3 id="last-run-title">{t("assignment.lastRun", { date: run.at })}</h3>
      <p>
        {t("assignment.lastRunSummary", { n: run.added, per: run.perDossier })}{" "}
        {run.maxPerReviewer === null ? t("assignment.noCallLimit") : t("assignment.callLimit", { max: run.maxPerReviewer })}
      </p>
      <p className="hint">{t("assignment.method")}</p>
      <TableScroll>
        <table className="data-table">
          <caption>{t("assignment.byReviewer")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("team.name")}</th>
              <th scope="col">{t("assignment.loadBefore")}</th>
              <th scope="col">{t("assignment.loadAfter")}</th>
              <th scope="col">{t("assignment.maxLoad")}</th>
              <th scope="col">{t("assignment.gotInterested")}</th>
              <th scope="col">{t("assignment.gotNeutral")}</th>
              <th scope="col">{t("assignment.gotNot")}</th>
            </tr>
          </thead>
          <tbody>
            {run.reviewers.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.name}</th>
                <td>{r.before}</td>
                <td>{r.after}</td>
                <td>{r.limit ?? "—"}</td>
                <td>{r.byPreference.interested}</td>
                <td>{r.byPreference.neutral}</td>
                <td>{r.byPreference.not}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {run.shortfalls.length ? (
        <>
          <h4>{t("assignment.shortTitle", { n: run.shortfalls.length })}</h4>
          <ul>
            {run.shortfalls.map((s) => (
              <li key={s.dossierId}>
                {t("assignment.shortItem", { name: s.name, assigned: s.assigned, wanted: s.wanted })}{" "}
                {s.reason === "fewEligible"
                  ? t("assignment.fewEligible", { eligible: s.eligible, own: s.ownOrganisation, conflicts: s.conflicts })
                  : t("assignment.reviewersFull", { eligible: s.eligible })}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t("assignment.allCovered")}</p>
      )}
    </section>
  );
}
