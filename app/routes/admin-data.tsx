// « Données et sécurité » of a call: its retention periods with what will be purged and when (and what
// was), the team's access to its dossiers, and (administrators) requiring two-factor authentication.
import { Form, useActionData, useLoaderData } from "react-router";
import { callDataView } from "../domain/calls/admin-views.server";
import { CallSecurityForm, RetentionForm } from "../domain/calls/inputs.server";
import { RETENTION_KINDS } from "../domain/privacy/retention-kinds";
import { setRetention } from "../domain/privacy/retention.server";
import { setTwoFactorRequired } from "../domain/privacy/team-security.server";
import { parseIntent } from "../http/parse-form.server";
import { t as translate } from "../i18n/i18n";
import { attempt, requireCallOrganiser } from "../lib/route-helpers.server";
import { AccessLogTable } from "../ui/access-log-table";
import { CallPageHeader } from "../ui/call-nav";
import { SubmitButton } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/admin-data";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "callNav.data");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user, call } = await requireCallOrganiser(context, request, params.callId);
  return callDataView(context.services.db, call, user, context.locale);
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const { user, call } = await requireCallOrganiser(context, request, params.callId);
  const db = context.services.db;
  const L = context.locale;
  const p = parseIntent(await request.formData(), { security: CallSecurityForm, retention: RetentionForm }, L, { fallback: "retention" });
  if (!p.ok) return { error: translate(L, "error.badRequest") };
  if (p.intent === "security") {
    const required = p.value.require2fa;
    const r = await attempt(context, () => setTwoFactorRequired(db, { callId: call.id, actorId: user.id, required }));
    return r.ok ? { notice: translate(L, "security.saved") } : { error: r.error };
  }
  const settings = p.value;
  const r = await attempt(context, () => setRetention(db, { callId: call.id, actorId: user.id, settings }));
  return r.ok ? { notice: translate(L, "retention.saved") } : { error: r.error, field: "retention-declined" };
}

export default function CallData() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <div className="page wide">
      <CallPageHeader callId={d.callId} community={d.hasCommunity} heading={`${t("callNav.data")} — ${d.title}`} result={result} />
      <section aria-labelledby="retention-title">
        <h2 id="retention-title">{t("retention.title")}</h2>
        <p>{t("retention.intro")}</p>
        <Form method="post">
          {RETENTION_KINDS.map((k) => (
            <div className="field" key={k}>
              <label htmlFor={`retention-${k}`}>{t(`retention.${k}`)}</label>
              <input
                id={`retention-${k}`}
                name={k}
                type="number"
                inputMode="numeric"
                min={1}
                max={120}
                step={1}
                defaultValue={d.retention[k]}
                required
              />
            </div>
          ))}
          <SubmitButton name="intent" value="retention">
            {t("retention.save")}
          </SubmitButton>
        </Form>
        <h3>{t("retention.planned")}</h3>
        {d.planned.length ? (
          <ul>
            {d.planned.map((p, i) => (
              <li key={i}>
                {t("retention.plannedItem", { organisation: p.organisation, kind: t(`retention.kind.${p.kind}`), date: p.date })}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("retention.plannedNone")}</p>
        )}
        {d.done.length ? (
          <>
            <h3>{t("retention.done")}</h3>
            <ul>
              {d.done.map((p, i) => (
                <li key={i}>
                  {t("retention.doneItem", {
                    organisation: p.organisation,
                    kind: t(`retention.kind.${p.kind}` as "retention.kind.declined"),
                    date: p.date,
                  })}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      {d.admin ? (
        <section aria-labelledby="security-title">
          <h2 id="security-title">{t("account.2fa")}</h2>
          <Form method="post">
            <div className="choice">
              <input type="checkbox" id="require2fa" name="require2fa" defaultChecked={d.require2fa} aria-describedby="require2fa-hint" />
              <label htmlFor="require2fa">{t("security.require2fa")}</label>
            </div>
            <p className="hint" id="require2fa-hint">
              {t("security.require2faHint")}
            </p>
            <SubmitButton name="intent" value="security">
              {t("common.save")}
            </SubmitButton>
          </Form>
        </section>
      ) : null}
      <section aria-labelledby="log-title">
        <h2 id="log-title">{t("accessLog.title")}</h2>
        <AccessLogTable rows={d.log} showOrganisation />
      </section>
    </div>
  );
}
