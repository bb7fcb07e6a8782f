import { Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/community-plan";
import { proposeVisitPlan, publishVisitPlan } from "../domain/community/events.server";
import { attempt, notFound } from "../lib/route-helpers.server";
import { formatMonth } from "../lib/paris-time";
import { eventInputFrom, requireCommunity } from "../lib/community-route.server";
import { t as translate, type Locale } from "../i18n/i18n";
import type { PlanProblem, VisitReason } from "../domain/community/visit-planner";
import { ErrorSummary, SubmitButton } from "../ui/forms";
import { EventFields } from "../ui/event-fields";
import { pageTitle } from "../ui/meta";
import { useT } from "../ui/i18n";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) => pageTitle(matches, "plan.title");


function reasonText(L: Locale, r: VisitReason, newRegion: boolean): string {
  const base = r.code === "onlyHost" ? translate(L, "plan.reason.onlyHost") : translate(L, r.code === "firstTime" ? "plan.reason.firstTime" : "plan.reason.repeat", { n: r.candidates });
  return newRegion ? `${base} ${translate(L, "plan.reason.newRegion")}` : base;
}

function problemText(L: Locale, p: PlanProblem): string {
  if (p.code === "gapWithoutHost") return translate(L, "plan.problem.gapWithoutHost", { from: formatMonth(p.from, L), to: formatMonth(p.to, L) });
  if (p.code === "periodTooShort") return translate(L, "plan.problem.periodTooShort");
  if (p.code === "tooFewHosts") return translate(L, "plan.problem.tooFewHosts", { n: p.hosts });
  return translate(L, `plan.problem.${p.code}` as "plan.problem.noHosts");
}

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user, access } = await requireCommunity(context, request, params.callId);
  if (access.role !== "organiser") notFound(context);
  const L = context.locale;
  const { plan, members } = await proposeVisitPlan(context.services.db, { callId: params.callId, actorId: user.id });
  const byId = new Map(members.map((m) => [m.organizationId, m]));
  return {
    callId: params.callId,
    // Hosting windows as people read them: « mars 2027 – juillet 2027 », never « 2027-03 → 2027-07 ».
    hosts: members.filter((m) => m.hosts).map((m) => ({ id: m.organizationId, name: m.name, from: m.hostFrom ? formatMonth(m.hostFrom, L) : null, to: m.hostTo ? formatMonth(m.hostTo, L) : null, region: m.regionName })),
    allMembers: members.map((m) => ({ id: m.organizationId, name: m.name })),
    problems: plan.ok ? [] : plan.problems.map((p) => problemText(L, p)),
    summary: plan.ok ? { visits: plan.visits.length, hosts: plan.distinctHosts, regions: plan.distinctRegions } : null,
    unused: plan.ok ? plan.unusedHosts.map((u) => ({ name: byId.get(u.id)?.name ?? u.id, why: translate(L, u.why === "notNeeded" ? "plan.unused.notNeeded" : "plan.unused.windowOutsidePlan") })) : [],
    visits: plan.ok
      ? plan.visits.map((v) => {
          const m = byId.get(v.hostId)!;
          return {
            month: formatMonth(v.month, L),
            date: `${v.month}-15`,
            hostId: v.hostId,
            host: m.name,
            region: m.regionName ?? "—",
            why: reasonText(L, v.reason, v.newRegion),
            title: translate("fr", "plan.visitTitle", { host: m.name }),
            address: [m.commune, m.departement ? `(${m.departement})` : ""].filter(Boolean).join(" "),
            programme: m.hostExperiences,
          };
        })
      : [],
  };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const { user, access } = await requireCommunity(context, request, params.callId);
  if (access.role !== "organiser") notFound(context);
  const form = await request.formData();
  const count = Number(form.get("count") ?? 0);
  const visits: Parameters<typeof publishVisitPlan>[1]["visits"] = [];
  for (let i = 0; i < Math.min(count, 50); i++) {
    if (form.get(`v${i}.skip`) === "yes") continue;
    const v = eventInputFrom(form, `v${i}.`);
    visits.push({ ...v, kind: "visit" as const, hostOrgId: v.hostOrgId ?? "" });
  }
  const r = await attempt(context, () => publishVisitPlan(context.services.db, { callId: params.callId, actorId: user.id, visits, appUrl: context.services.config.appUrl }));
  if (!r.ok) return { error: r.error };
  return redirect(`/communaute/${params.callId}?planifie=${r.value.length}`);
}

export default function CommunityPlan() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { error?: string } | undefined;
  const { t } = useT();
  return (
    <div className="page wide">
      <p>
        <Link to={`/communaute/${d.callId}`}>← {t("community.title")}</Link>
      </p>
      <h1>{t("plan.title")}</h1>
      <p>{t("plan.intro")}</p>
      {result?.error ? <ErrorSummary title={t("error.title")} errors={[{ message: result.error }]} /> : null}
      <h2>{t("plan.hosts", { n: d.hosts.length })}</h2>
      <ul>
        {d.hosts.map((h) => (
          <li key={h.id}>
            {h.name} ({h.region ?? "—"}) — {h.from ?? "?"} – {h.to ?? "?"}
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
          <p role="status">{t("plan.summary", d.summary)}</p>
          {d.unused.length ? (
            <ul>
              {d.unused.map((u) => (
                <li key={u.name}>
                  {u.name} : {u.why}
                </li>
              ))}
            </ul>
          ) : null}
          <Form method="post">
            <input type="hidden" name="count" value={d.visits.length} />
            {d.visits.map((v, i) => (
              <fieldset key={i} className="decision-row">
                <legend>{t("plan.visitLegend", { n: i + 1, month: v.month, host: v.host })}</legend>
                <p className="hint">{v.why}</p>
                <EventFields prefix={`v${i}.`} hosts={d.allMembers} defaults={{ kind: "visit", title: v.title, date: v.date, address: v.address, programme: v.programme, host: v.hostId }} />
                <div className="choice">
                  <input type="checkbox" id={`skip-${i}`} name={`v${i}.skip`} value="yes" />
                  <label htmlFor={`skip-${i}`}>{t("plan.skip")}</label>
                </div>
              </fieldset>
            ))}
            <SubmitButton primary>{t("plan.publish")}</SubmitButton>
          </Form>
        </>
      ) : null}
    </div>
  );
}
