import { Form, useActionData, useLoaderData } from "react-router";
import { parseForm } from "../http/parse-form.server";
import { PartnerStepForm } from "../domain/charter/inputs.server";
import type { Route } from "./+types/charter-partner";
import { communityFiles, partnerQueue, recordPartnerStep, type PartnerStep } from "../domain/charter/charter.server";
import { NotFound } from "../lib/errors";
import { formatParisDate, formatParisDateTime, parisToday } from "../lib/paris-time";
import { attempt, notFound, requireUser } from "../lib/route-helpers.server";
import { t as translate } from "../i18n/i18n";
import { ErrorSummary, Notice } from "../ui/forms";
import { pageTitle } from "../ui/meta";
import { useT } from "../ui/i18n";
import { recordAccess } from "../security/access-log.server";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "partner.title");

/** The charter partner's queue (the Labo de l'ESS): charter data only, nothing of the dossiers. */
export async function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const L = context.locale;
  try {
    const rows = await partnerQueue(context.services.db, user.id);
    await recordAccess(context.services.db, { actorId: user.id, role: user.role, action: "charter", detail: `${rows.length} signatures` });
    return {
      today: parisToday(),
      files: (await communityFiles(context.services.db)).length,
      rows: rows.map((s) => ({
        id: s.id,
        organisation: s.organisation_name,
        territory: s.territory ?? "—",
        by: `${s.signatory_name}, ${s.signatory_role}`,
        at: formatParisDateTime(s.signed_at, L),
        committee: s.committee_informed_on ? formatParisDate(s.committee_informed_on, L) : null,
        kit: s.kit_sent_at ? formatParisDate(s.kit_sent_at, L) : null,
        logo: s.logo_authorised_at ? formatParisDate(s.logo_authorised_at, L) : null,
      })),
    };
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
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
