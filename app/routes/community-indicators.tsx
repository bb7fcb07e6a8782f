import { Form, Link, useActionData, useLoaderData } from "react-router";
import { declareOwnIndicators, defineIndicator } from "../domain/community/indicator-model.server";
import { declareIndicators } from "../domain/community/indicators.server";
import { IndicatorDefineForm, IndicatorsForm } from "../domain/community/inputs.server";
import { indicatorsView } from "../domain/community/views.server";
import { parseForm, readIntent } from "../http/parse-form.server";
import { t as translate } from "../i18n/i18n";
import { requireCommunity } from "../lib/community-route.server";
import { attempt } from "../lib/route-helpers.server";
import { BarChart } from "../ui/bar-chart";
import { ErrorSummary, Notice } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { TableScroll } from "../ui/table-scroll";
import type { Route } from "./+types/community-indicators";

const INDICATOR_KEYS = ["jobsCreated", "jobsSecured", "peopleSupported", "trainings"] as const;

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "indicators.title");

/** Impact indicators: each member declares its figures yearly and sees its series; everyone sees the community's totals. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user, access } = await requireCommunity(context, request, params.callId);
  return indicatorsView(context.services.db, params.callId, user, access, context.locale);
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const { user } = await requireCommunity(context, request, params.callId);
  const form = await request.formData();
  if (readIntent(form) === "define") {
    const p = parseForm(form, IndicatorDefineForm, context.locale);
    if (!p.ok) return { error: Object.values(p.errors)[0] } as { error?: string; notice?: string };
    const r = await attempt(context, () =>
      defineIndicator(context.services.db, { callId: params.callId, actorId: user.id, ...p.value, key: p.value.key || undefined }),
    );
    return (r.ok ? { notice: translate(context.locale, "indicators.defined") } : { error: r.error }) as { error?: string; notice?: string };
  }
  const parsed = parseForm(form, IndicatorsForm, context.locale);
  if (!parsed.ok) return { error: Object.values(parsed.errors)[0] };
  const v = parsed.value;
  const r = await attempt(context, () =>
    declareIndicators(context.services.db, {
      callId: params.callId,
      organizationId: v.organizationId,
      userId: user.id,
      year: v.year,
      values: { jobsCreated: v.jobsCreated, jobsSecured: v.jobsSecured, peopleSupported: v.peopleSupported, trainings: v.trainings },
    }).then(() =>
      declareOwnIndicators(context.services.db, {
        callId: params.callId,
        organizationId: v.organizationId,
        userId: user.id,
        year: v.year,
        values: ownValues(form),
      }),
    ),
  );
  return (r.ok ? { notice: translate(context.locale, "indicators.saved") } : { error: r.error }) as { error?: string; notice?: string };
}

/** The community's own indicators as the form posts them: « own.<key> », empty when not given. */
function ownValues(form: FormData): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [name, value] of form.entries()) {
    if (!name.startsWith("own.") || typeof value !== "string" || name.length > 80) continue;
    const v = value.trim().replace(",", ".");
    out[name.slice(4)] = v === "" ? null : Number(v);
  }
  return out;
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
            {d.model
              .filter((i) => !i.standard)
              .map((i) => (
                <div className="field" key={i.key}>
                  <label htmlFor={`own-${i.key}-${m.organizationId}`}>
                    {i.label} ({i.unit}) <span className="meta">({t("common.optional")})</span>
                  </label>
                  <input id={`own-${i.key}-${m.organizationId}`} name={`own.${i.key}`} type="text" inputMode="decimal" />
                </div>
              ))}
            <button type="submit" className="button">
              {t("indicators.declare")}
            </button>
          </Form>
        </section>
      ))}
      <section aria-labelledby="model-title">
        <h2 id="model-title">{t("indicators.modelTitle")}</h2>
        <p>{t("indicators.method", { n: d.members })}</p>
        <TableScroll>
          <table className="data-table">
            <caption className="visually-hidden">{t("indicators.modelTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("indicators.indicator")}</th>
                <th scope="col">{t("indicators.unit")}</th>
                <th scope="col">{t("indicators.baseline")}</th>
                <th scope="col">{t("indicators.target")}</th>
                <th scope="col">{t("indicators.byYear")}</th>
                <th scope="col">{t("indicators.latest")}</th>
                <th scope="col">{t("indicators.progress")}</th>
              </tr>
            </thead>
            <tbody>
              {d.model.map((i) => (
                <tr key={i.key}>
                  <th scope="row">
                    {i.label}
                    {i.aggregation === "mean" ? <span className="meta"> ({t("indicators.mean")})</span> : null}
                  </th>
                  <td>{i.unit}</td>
                  <td>{i.baseline}</td>
                  <td>{i.target}</td>
                  <td>
                    {i.years.length
                      ? i.years
                          .map((y) => t("indicators.yearValue", { year: y.year, value: y.value, n: y.declared, members: d.members }))
                          .join(" ; ")
                      : "—"}
                  </td>
                  <td>{i.latest}</td>
                  <td>{i.progress === null ? "—" : `${i.progress} %`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        {d.organiser ? (
          <>
            <h3 id="targets-title">{t("indicators.targetsTitle")}</h3>
            {d.model.map((i) => (
              <Form method="post" key={i.key} className="inline-form" aria-label={t("indicators.targetsFor", { label: i.label })}>
                <input type="hidden" name="intent" value="define" />
                <input type="hidden" name="key" value={i.key} />
                <input type="hidden" name="label" value={i.label} />
                <input type="hidden" name="unit" value={i.unit} />
                <input type="hidden" name="aggregation" value={i.aggregation} />
                <div className="field">
                  <label htmlFor={`baseline-${i.key}`}>{t("indicators.baselineOf", { label: i.label })}</label>
                  <input id={`baseline-${i.key}`} name="baseline" type="text" inputMode="decimal" defaultValue={i.baselineRaw} />
                </div>
                <div className="field">
                  <label htmlFor={`target-${i.key}`}>{t("indicators.targetOf", { label: i.label })}</label>
                  <input id={`target-${i.key}`} name="target" type="text" inputMode="decimal" defaultValue={i.targetRaw} />
                </div>
                <button type="submit" className="button">
                  {t("common.save")}
                </button>
              </Form>
            ))}
            <h3 id="new-indicator-title">{t("indicators.newTitle")}</h3>
            <Form method="post" aria-labelledby="new-indicator-title">
              <input type="hidden" name="intent" value="define" />
              <div className="field">
                <label htmlFor="new-label">{t("indicators.label")}</label>
                <input id="new-label" name="label" type="text" maxLength={120} required />
              </div>
              <div className="field">
                <label htmlFor="new-unit">{t("indicators.unit")}</label>
                <input id="new-unit" name="unit" type="text" maxLength={40} required />
              </div>
              <div className="field">
                <label htmlFor="new-baseline">{t("indicators.baseline")}</label>
                <input id="new-baseline" name="baseline" type="text" inputMode="decimal" />
              </div>
              <div className="field">
                <label htmlFor="new-target">{t("indicators.target")}</label>
                <input id="new-target" name="target" type="text" inputMode="decimal" />
              </div>
              <fieldset>
                <legend>{t("indicators.aggregation")}</legend>
                <div className="choice">
                  <input type="radio" id="agg-sum" name="aggregation" value="sum" defaultChecked />
                  <label htmlFor="agg-sum">{t("indicators.sum")}</label>
                </div>
                <div className="choice">
                  <input type="radio" id="agg-mean" name="aggregation" value="mean" />
                  <label htmlFor="agg-mean">{t("indicators.meanLong")}</label>
                </div>
              </fieldset>
              <button type="submit" className="button primary">
                {t("indicators.add")}
              </button>
            </Form>
          </>
        ) : null}
      </section>
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
