import { Form, useActionData, useLoaderData } from "react-router";
import { recordPartnerStep, type PartnerStep } from "../domain/charter/charter.server";
import { PartnerStepForm } from "../domain/charter/inputs.server";
import { partnerView } from "../domain/charter/views.server";
import { parseForm } from "../http/parse-form.server";
import { t as translate } from "../i18n/i18n";
import { attempt, notFound, orNotFound, requireUser } from "../lib/route-helpers.server";
import { ErrorSummary, Notice } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/charter-partner";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "partner.title");

/** The charter partner's queue (the Labo de l'ESS): charter data only, nothing of the dossiers. */
export async function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  return orNotFound(context, partnerView(context.services.db, user, context.locale));
}

export async function action({ context, request }: Route.ActionArgs): Promise<{ error?: string; notice?: string } | Response> {
  const user = requireUser(context, request);
  const parsed = parseForm(await request.formData(), PartnerStepForm, context.locale);
  if (!parsed.ok) return { error: translate(context.locale, "error.badRequest") };
  const { signatureId, step, date } = parsed.value;
  const r = await attempt(context, () =>
    recordPartnerStep(context.services.db, {
      signatureId,
      step,
      actorId: user.id,
      committeeDate: date,
      appUrl: context.services.config.appUrl,
    }),
  );
  if (!r.ok && r.status === 404) notFound(context);
  return r.ok ? { notice: translate(context.locale, "partner.stepDone") } : { error: r.error };
}

function StepForm({ id, step, label }: { id: string; step: PartnerStep; label: string }) {
  return (
    <Form method="post" className="inline">
      <input type="hidden" name="signatureId" value={id} />
      <input type="hidden" name="step" value={step} />
      <button type="submit" className="button">
        {label}
      </button>
    </Form>
  );
}

export default function CharterPartner() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <div className="page wide">
      <h1>{t("partner.title")}</h1>
      <p>{t("partner.intro")}</p>
      {d.files === 0 ? <Notice kind="warning">{t("partner.noFiles")}</Notice> : null}
      {result?.notice ? <Notice kind="success">{result.notice}</Notice> : null}
      {result?.error ? <ErrorSummary title={t("error.title")} errors={[{ message: result.error }]} /> : null}
      {d.rows.length === 0 ? <p>{t("partner.none")}</p> : null}
      <ul className="card-list">
        {d.rows.map((s) => (
          <li key={s.id} className="card">
            <h2>{s.organisation}</h2>
            <p>
              {s.territory} — {t("charter.signedDetails", { by: s.by, date: s.at })} —{" "}
              <a href={`/charte/signatures/${s.id}/pdf`}>{t("charter.signedPdf")}</a>
            </p>
            <ul className="plain">
              <li>
                {s.committee ? (
                  t("charter.step.committeeDone", { date: s.committee })
                ) : (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="signatureId" value={s.id} />
                    <input type="hidden" name="step" value="committee" />
                    <div className="field">
                      <label htmlFor={`date-${s.id}`}>{t("partner.committeeDate")}</label>
                      <input id={`date-${s.id}`} name="date" type="date" max={d.today} defaultValue={d.today} required />
                    </div>
                    <button type="submit" className="button">
                      {t("partner.committee")}
                    </button>
                  </Form>
                )}
              </li>
              <li>{s.kit ? t("charter.step.kitDone", { date: s.kit }) : <StepForm id={s.id} step="kit" label={t("partner.kit")} />}</li>
              <li>
                {s.logo ? t("charter.step.logoDone", { date: s.logo }) : <StepForm id={s.id} step="logo" label={t("partner.logo")} />}
              </li>
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
