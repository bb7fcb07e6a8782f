import { Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { askHostsToWiden, proposeVisitPlan, publishVisitPlan, type EventInput } from "../domain/community/events.server";
import { AskHostsForm, PlanForm, PlanRowFlags } from "../domain/community/inputs.server";
import type { PlanProblem, VisitReason } from "../domain/community/visit-planner";
import { parseForm, parseRow, readIntent } from "../http/parse-form.server";
import { t as translate, type Locale } from "../i18n/i18n";
import { eventInputFrom, requireCommunity } from "../lib/community-route.server";
import { formatMonth, formatParisDate } from "../lib/paris-time";
import { attempt, notFound } from "../lib/route-helpers.server";
import { EventFields } from "../ui/event-fields";
import { ErrorSummary, Notice, SubmitButton } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/community-plan";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "plan.title");

function reasonText(L: Locale, r: VisitReason, newRegion: boolean): string {
  const base =
    r.code === "onlyHost"
      ? translate(L, "plan.reason.onlyHost")
      : translate(L, r.code === "firstTime" ? "plan.reason.firstTime" : "plan.reason.repeat", { n: r.candidates });
  return newRegion ? `${base} ${translate(L, "plan.reason.newRegion")}` : base;
}

function problemText(L: Locale, p: PlanProblem): string {
  if (p.code === "periodTooShort") return translate(L, "plan.problem.periodTooShort");
  return translate(L, `plan.problem.${p.code}` as "plan.problem.noHosts");
}

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user, access } = await requireCommunity(context, request, params.callId);
  if (access.role !== "organiser") notFound(context);
  const L = context.locale;
  const { plan, members, requests } = await proposeVisitPlan(context.services.db, { callId: params.callId, actorId: user.id });
  const byId = new Map(members.map((m) => [m.organizationId, m]));
  const nameOf = (id: string) => byId.get(id)?.name ?? id;
  // A hosting window as people read it: « mars 2027 – juillet 2027 », or « janvier 2027 » for one month.
  const windowText = (from: string | null, to: string | null) =>
    from && from === to ? formatMonth(from, L) : `${from ? formatMonth(from, L) : "?"} – ${to ? formatMonth(to, L) : "?"}`;
  const windowOf = (id: string) => windowText(byId.get(id)?.hostFrom ?? null, byId.get(id)?.hostTo ?? null);
  let visitNumber = 0;
  return {
    callId: params.callId,
    // Hosting windows as people read them, never « 2027-03 → 2027-07 ».
    hosts: members
      .filter((m) => m.hosts)
      .map((m) => ({ id: m.organizationId, name: m.name, window: windowText(m.hostFrom, m.hostTo), region: m.regionName })),
    allMembers: members.map((m) => ({ id: m.organizationId, name: m.name })),
    problems: plan.ok ? [] : plan.problems.map((p) => problemText(L, p)),
    summary: plan.ok
      ? plan.complete
        ? translate(L, "plan.summary", { visits: plan.visits.length, hosts: plan.distinctHosts, regions: plan.distinctRegions })
        : translate(L, "plan.partial", {
            visits: plan.visits.length,
            hosts: plan.distinctHosts,
            regions: plan.distinctRegions,
            gaps: plan.gaps.length,
          })
      : null,
    unused: plan.ok
      ? plan.unusedHosts.map((u) => ({
          name: nameOf(u.id),
          why: translate(L, u.why === "notNeeded" ? "plan.unused.notNeeded" : "plan.unused.windowOutsidePlan"),
        }))
      : [],
    slots: plan.ok
      ? plan.slots.map((s) => {
          if (s.kind === "gap") {
            const asked = requests.filter((r) => r.month === s.month);
            return {
              kind: "gap" as const,
              monthKey: s.month,
              month: formatMonth(s.month, L),
              date: `${s.month}-15`,
              why: translate(L, s.why === "noHostThatMonth" ? "plan.gap.noHostThatMonth" : "plan.gap.hostsTaken"),
              closest: s.closest.map((c) => ({
                id: c.id,
                text: translate(L, c.distance === 0 ? "plan.gap.inside" : "plan.gap.closestItem", {
                  name: nameOf(c.id),
                  window: windowOf(c.id),
                  distance: c.distance,
                }),
              })),
              neverHosted: s.neverHosted
                .filter((id) => !s.closest.some((c) => c.id === id))
                .map((id) => ({ id, name: nameOf(id), region: byId.get(id)?.regionName ?? null })),
              asked: asked.length
                ? translate(L, "plan.gap.asked", {
                    names: [...new Set(asked.map((r) => nameOf(r.organizationId)))].join(", "),
                    date: formatParisDate(asked[asked.length - 1].sentAt, L),
                  })
                : null,
              defaultMessage: translate(L, "plan.ask.defaultMessage", { month: formatMonth(s.month, L) }),
            };
          }
          const m = byId.get(s.hostId)!;
          visitNumber++;
          return {
            kind: "visit" as const,
            n: visitNumber,
            month: formatMonth(s.month, L),
            date: `${s.month}-15`,
            hostId: s.hostId,
            host: m.name,
            region: m.regionName ?? "—",
            why: reasonText(L, s.reason, s.newRegion),
            title: translate("fr", "plan.visitTitle", { host: m.name }),
            address: [m.commune, m.departement ? `(${m.departement})` : ""].filter(Boolean).join(" "),
            programme: m.hostExperiences,
          };
        })
      : [],
  };
}

export async function action({
  params,
  context,
  request,
}: Route.ActionArgs): Promise<{ error?: string; notice?: string; month?: string } | Response> {
  const { user, access } = await requireCommunity(context, request, params.callId);
  if (access.role !== "organiser") notFound(context);
  const L = context.locale;
  const form = await request.formData();
  if (readIntent(form) === "ask") {
    const parsed = parseForm(form, AskHostsForm, L);
    if (!parsed.ok) return { error: Object.values(parsed.errors)[0] };
    const { month, org, message } = parsed.value;
    const r = await attempt(context, () =>
      askHostsToWiden(context.services.db, {
        callId: params.callId,
        actorId: user.id,
        month,
        organizationIds: org,
        message,
        appUrl: context.services.config.appUrl,
      }),
    );
    if (!r.ok) return { error: r.error, month };
    const { sent, alreadyAsked } = r.value;
    return {
      month,
      notice:
        sent === 0
          ? translate(L, "plan.ask.alreadyAll")
          : alreadyAsked
            ? translate(L, "plan.ask.sentSome", { sent, already: alreadyAsked })
            : translate(L, "plan.ask.sent", { sent }),
    };
  }
  const plan = parseForm(form, PlanForm, L);
  const count = plan.ok ? plan.value.count : 0;
  const visits: EventInput[] = [];
  for (let i = 0; i < count; i++) {
    const v = eventInputFrom(form, `v${i}.`);
    const row = parseRow(form, PlanRowFlags, `v${i}.`);
    if (row.gap) {
      // A date without a host is published only when the organiser adds a visit there, with its host.
      if (!row.add) continue;
      if (!v.hostOrgId) return { error: translate(L, "plan.gapNeedsHost", { month: row.month }) };
    } else if (row.skip) continue;
    visits.push({ ...v, kind: "visit" });
  }
  const r = await attempt(context, () =>
    publishVisitPlan(context.services.db, { callId: params.callId, actorId: user.id, visits, appUrl: context.services.config.appUrl }),
  );
  if (!r.ok) return { error: r.error };
  return redirect(`/communaute/${params.callId}?planifie=${r.value.length}`);
}

export default function CommunityPlan() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const gaps = d.slots.filter((s) => s.kind === "gap");
  return (
    <div className="page wide">
      <p>
        <Link to={`/communaute/${d.callId}`}>← {t("community.title")}</Link>
      </p>
      <h1>{t("plan.title")}</h1>
      <p>{t("plan.intro")}</p>
      {result?.error && !result.month ? <ErrorSummary title={t("error.title")} errors={[{ message: result.error }]} /> : null}
      <h2>{t("plan.hosts", { n: d.hosts.length })}</h2>
      <ul>
        {d.hosts.map((h) => (
          <li key={h.id}>
            {h.name} ({h.region ?? "—"}) — {h.window}
          </li>
        ))}
      </ul>
      {d.problems.length ? (
        <div role="alert" className="notice notice-error">
          <h2>{t("plan.impossible")}</h2>
          <ul>
            {d.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {d.summary ? (
        <>
          <p role="status">{d.summary}</p>
          {d.unused.length ? (
            <ul>
              {d.unused.map((u) => (
                <li key={u.name}>
                  {u.name} : {u.why}
                </li>
              ))}
            </ul>
          ) : null}
          {gaps.length ? (
            <section aria-labelledby="gaps-title">
              <h2 id="gaps-title">{t("plan.gaps.title", { n: gaps.length })}</h2>
              <p>{t("plan.gaps.intro")}</p>
              {gaps.map((g) =>
                g.kind === "gap" ? (
                  <div key={g.monthKey} className="decision-row">
                    <h3>{t("plan.gap.heading", { month: g.month })}</h3>
                    <p>{g.why}</p>
                    {g.asked ? <p className="hint">{g.asked}</p> : null}
                    {result?.month === g.monthKey && result.notice ? <Notice kind="success">{result.notice}</Notice> : null}
                    {result?.month === g.monthKey && result.error ? (
                      <ErrorSummary title={t("error.title")} errors={[{ message: result.error }]} />
                    ) : null}
                    {g.closest.length === 0 && g.neverHosted.length === 0 ? (
                      <p>{t("plan.gap.noSuggestion")}</p>
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="ask" />
                        <input type="hidden" name="month" value={g.monthKey} />
                        <fieldset>
                          <legend>{t("plan.ask.legend", { month: g.month })}</legend>
                          {g.closest.length ? (
                            <fieldset>
                              <legend>{t("plan.gap.closest")}</legend>
                              {g.closest.map((c) => (
                                <div className="choice" key={c.id}>
                                  <input type="checkbox" id={`ask-${g.monthKey}-${c.id}`} name="org" value={c.id} defaultChecked />
                                  <label htmlFor={`ask-${g.monthKey}-${c.id}`}>{c.text}</label>
                                </div>
                              ))}
                            </fieldset>
                          ) : null}
                          {g.neverHosted.length ? (
                            <fieldset>
                              <legend>{t("plan.gap.neverHosted")}</legend>
                              {g.neverHosted.map((m) => (
                                <div className="choice" key={m.id}>
                                  <input type="checkbox" id={`ask-${g.monthKey}-${m.id}`} name="org" value={m.id} />
                                  <label htmlFor={`ask-${g.monthKey}-${m.id}`}>
                                    {m.name}
                                    {m.region ? ` (${m.region})` : ""}
                                  </label>
                                </div>
                              ))}
                            </fieldset>
                          ) : null}
                          <div className="field">
                            <label htmlFor={`ask-message-${g.monthKey}`}>{t("plan.ask.message")}</label>
                            <textarea
                              id={`ask-message-${g.monthKey}`}
                              name="message"
                              rows={4}
                              maxLength={2000}
                              defaultValue={g.defaultMessage}
                              required
                            />
                          </div>
                          <SubmitButton>{t("plan.ask.send")}</SubmitButton>
                        </fieldset>
                      </Form>
                    )}
                  </div>
                ) : null,
              )}
            </section>
          ) : null}
          <Form method="post">
            <input type="hidden" name="count" value={d.slots.length} />
            {d.slots.map((s, i) =>
              s.kind === "visit" ? (
                <fieldset key={i} className="decision-row">
                  <legend>{t("plan.visitLegend", { n: s.n, month: s.month, host: s.host })}</legend>
                  <p className="hint">{s.why}</p>
                  <EventFields
                    prefix={`v${i}.`}
                    hosts={d.allMembers}
                    defaults={{ kind: "visit", title: s.title, date: s.date, address: s.address, programme: s.programme, host: s.hostId }}
                  />
                  <div className="choice">
                    <input type="checkbox" id={`skip-${i}`} name={`v${i}.skip`} value="yes" />
                    <label htmlFor={`skip-${i}`}>{t("plan.skip")}</label>
                  </div>
                </fieldset>
              ) : (
                <fieldset key={i} className="decision-row gap-row">
                  <legend>{t("plan.gapLegend", { month: s.month })}</legend>
                  <input type="hidden" name={`v${i}.gap`} value="yes" />
                  <input type="hidden" name={`v${i}.month`} value={s.month} />
                  <p className="hint">{t("plan.gapHint")}</p>
                  <div className="choice">
                    <input type="checkbox" id={`add-${i}`} name={`v${i}.add`} value="yes" />
                    <label htmlFor={`add-${i}`}>{t("plan.gapAdd")}</label>
                  </div>
                  <EventFields
                    prefix={`v${i}.`}
                    hosts={d.allMembers}
                    optional
                    defaults={{ kind: "visit", title: "", date: s.date, address: "", host: null }}
                  />
                </fieldset>
              ),
            )}
            <SubmitButton primary>{t("plan.publish")}</SubmitButton>
          </Form>
        </>
      ) : null}
    </div>
  );
}
