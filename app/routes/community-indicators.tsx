import { Form, Link, useActionData, useLoaderData } from "react-router";
import { parseForm } from "../http/parse-form.server";
import { IndicatorsForm } from "../domain/community/inputs.server";
import type { Route } from "./+types/community-indicators";
import { communityTotals, declareIndicators, indicatorsOf } from "../domain/community/indicators.server";

const INDICATOR_KEYS = ["jobsCreated", "jobsSecured", "peopleSupported", "trainings"] as const;
import { membersOf } from "../domain/community/community.server";
import { attempt } from "../lib/route-helpers.server";
import { requireCommunity } from "../lib/community-route.server";
import { t as translate } from "../i18n/i18n";
import { BarChart } from "../ui/bar-chart";
import { ErrorSummary, Notice } from "../ui/forms";
import { pageTitle } from "../ui/meta";
import { useT } from "../ui/i18n";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "indicators.title");

/** Impact indicators: each member declares its figures yearly and sees its series; everyone sees the community's totals. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user, access } = await requireCommunity(context, request, params.callId);
  const db = context.services.db;
  const members = await membersOf(db, params.callId);
  const mine = await Promise.all(
    access.organizationIds.map(async (orgId) => ({
      organizationId: orgId,
      name: members.find((m) => m.organizationId === orgId)?.name ?? "",
      series: await indicatorsOf(db, { callId: params.callId, organizationId: orgId, userId: user.id }),
    })),
  );
  return {
    callId: params.callId,
    mine,
    totals: await communityTotals(db, { callId: params.callId, userId: user.id }),
    year: new Date().getUTCFullYear(),
  };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const { user } = await requireCommunity(context, request, params.callId);
  const parsed = parseForm(await request.formData(), IndicatorsForm, context.locale);
  if (!parsed.ok) return { error: Object.values(parsed.errors)[0] };
  const v = parsed.value;
  const r = await attempt(context, () =>
    declareIndicators(context.services.db, {
      callId: params.callId,
      organizationId: v.organizationId,
      userId: user.id,
      year: v.year,
      values: { jobsCreated: v.jobsCreated, jobsSecured: v.jobsSecured, peopleSupported: v.peopleSupported, trainings: v.trainings },
    }),
  );
  return (r.ok ? { notice: translate(context.locale, "indicators.saved") } : { error: r.error }) as { error?: string; notice?: string };
}

export default function Indicators() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <div className="page wide">
      <p>
        <Link to={`/communaute/${d.callId}`}>← {t("community.title")}</Link>
      </p>
      <h1>{t("indicators.title")}</h1>
      {result?.notice ? <Notice kind="success">{result.notice}</Notice> : null}
      {result?.error ? <ErrorSummary title={t("error.title")} errors={[{ message: result.error }]} /> : null}
      {d.mine.map((m) => (
        <section key={m.organizationId} aria-labelledby={`ind-${m.organizationId}`}>
          <h2 id={`ind-${m.organizationId}`}>{m.name}</h2>
          {m.series.length ? (
            <BarChart
              title={t("indicators.chartMember", { name: m.name })}
              unit=""
              series={m.series.map((s) => ({ label: String(s.year), value: s.jobsCreated + s.jobsSecured }))}
            />
          ) : (
            <p>{t("indicators.none")}</p>
          )}
          <Form method="post" className="inline-form">
            <input type="hidden" name="organizationId" value={m.organizationId} />
            <div className="field">
              <label htmlFor={`year-${m.organizationId}`}>{t("indicators.year")}</label>
              <input id={`year-${m.organizationId}`} name="year" type="number" defaultValue={d.year} required />
            </div>
            {INDICATOR_KEYS.map((k) => (
              <div className="field" key={k}>
                <label htmlFor={`${k}-${m.organizationId}`}>{t(`sheets.field.${k}` as "sheets.field.jobsCreated")}</label>
                <input id={`${k}-${m.organizationId}`} name={k} type="number" min={0} required />
              </div>
            ))}
            <button type="submit" className="button">
              {t("indicators.declare")}
            </button>
          </Form>
        </section>
      ))}
      <section aria-labelledby="totals-title">
        <h2 id="totals-title">{t("indicators.community")}</h2>
        {d.totals.length ? (
          <>
            <BarChart
              title={t("indicators.chartJobs")}
              unit=""
              series={d.totals.map((s) => ({ label: String(s.year), value: s.jobsCreated + s.jobsSecured }))}
            />
            <BarChart
              title={t("indicators.chartPeople")}
              unit=""
              series={d.totals.map((s) => ({ label: String(s.year), value: s.peopleSupported }))}
            />
          </>
        ) : (
          <p>{t("indicators.none")}</p>
        )}
      </section>
    </div>
  );
}
