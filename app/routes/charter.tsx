import { Form, Link, useActionData, useLoaderData } from "react-router";
import { declineCharter, setDirectoryEntry, signCharter } from "../domain/charter/charter.server";
import { CharterForms } from "../domain/charter/inputs.server";
import { charterView } from "../domain/charter/views.server";
import { parseIntent } from "../http/parse-form.server";
import { t as translate } from "../i18n/i18n";
import { attempt } from "../lib/route-helpers.server";
import { ErrorSummary, Notice, SubmitButton } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/charter";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "charter.title");

/** The charter: anyone reads it; members of organisations that asked to sign, sign it here and follow the steps. */
export async function loader({ context }: Route.LoaderArgs) {
  return charterView(context.services.db, context.user, context.locale);
}

export async function action({
  context,
  request,
}: Route.ActionArgs): Promise<{ error?: string; notice?: string; key?: string } | Response> {
  const user = context.user;
  const L = context.locale;
  if (!user) return { error: translate(L, "error.notFound") };
  const p = parseIntent(await request.formData(), CharterForms, L);
  if (!p.ok) return { error: translate(L, "error.badRequest") };
  if (p.intent === "sign") {
    const v = p.value;
    const r = await attempt(context, () =>
      signCharter(context.services.db, {
        organizationId: v.organizationId,
        userId: user.id,
        signatoryName: v.name,
        signatoryRole: v.role,
        consent: v.consent,
        textVersion: v.version,
        appUrl: context.services.config.appUrl,
      }),
    );
    return r.ok ? { notice: translate(L, "charter.signed") } : { error: r.error, key: r.key };
  }
  if (p.intent === "decline") {
    const v = p.value;
    const r = await attempt(context, () => declineCharter(context.services.db, { ...v, userId: user.id }));
    return r.ok ? { notice: translate(L, "charter.declined") } : { error: r.error };
  }
  const v = p.value;
  const r = await attempt(context, () => setDirectoryEntry(context.services.db, { ...v, userId: user.id }));
  return r.ok ? { notice: translate(L, "charter.directorySaved") } : { error: r.error };
}

export default function Charter() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <div className="page">
      <h1>{d.text.title}</h1>
      <p className="meta">{t("charter.version", { n: d.text.version })}</p>
      {d.text.placeholder ? <Notice kind="warning">{t("charter.placeholderNotice")}</Notice> : null}
      {result?.notice ? <Notice kind="success">{result.notice}</Notice> : null}
      {result?.error ? <ErrorSummary title={t("error.title")} errors={[{ message: result.error }]} /> : null}
      <div className="charter-text">{d.text.body}</div>
      {!d.signedIn ? (
        <p>
          {t("charter.signInToSign")} <Link to="/connexion?redirectTo=/charte">{t("nav.signIn")}</Link>
        </p>
      ) : d.orgs.length === 0 ? (
        <p>{t("charter.notEligible")}</p>
      ) : (
        d.orgs.map((o) =>
          o.signature ? (
            <section key={o.id} aria-labelledby={`sig-${o.id}`} className="card">
              <h2 id={`sig-${o.id}`}>{t("charter.signedBy", { organisation: o.name })}</h2>
              <p>{t("charter.signedDetails", { by: o.signature.by, date: o.signature.at })}</p>
              <p>{t("charter.signedVersion", { version: o.signedVersion ?? 1 })}</p>
              {o.signedVersion !== null && o.signedVersion < d.text.version ? (
                <Form method="post" aria-labelledby={`resign-${o.id}`} className="notice notice-warning">
                  <h3 id={`resign-${o.id}`}>{t("charter.newVersionTitle", { version: d.text.version })}</h3>
                  <p>{t("charter.newVersionIntro", { signed: o.signedVersion, version: d.text.version })}</p>
                  <input type="hidden" name="intent" value="sign" />
                  <input type="hidden" name="organizationId" value={o.id} />
                  <input type="hidden" name="version" value={d.text.version} />
                  <div className="field">
                    <label htmlFor={`rname-${o.id}`}>{t("charter.signatoryName")}</label>
                    <input id={`rname-${o.id}`} name="name" type="text" autoComplete="name" defaultValue={d.defaultName} required />
                  </div>
                  <div className="field">
                    <label htmlFor={`rrole-${o.id}`}>{t("charter.signatoryRole")}</label>
                    <input id={`rrole-${o.id}`} name="role" type="text" autoComplete="organization-title" required />
                  </div>
                  <div className="choice">
                    <input type="checkbox" id={`rconsent-${o.id}`} name="consent" value="yes" required />
                    <label htmlFor={`rconsent-${o.id}`}>{t("charter.consent")}</label>
                  </div>
                  <SubmitButton primary>{t("charter.signVersion", { version: d.text.version })}</SubmitButton>
                </Form>
              ) : null}
              <p className="meta">
                {t("charter.fingerprint")} <code className="fingerprint">{o.signature.sha256}</code>
              </p>
              <p>
                <a href={`/charte/signatures/${o.signature.id}/pdf`}>{t("charter.signedPdf")}</a>
              </p>
              <h3>{t("charter.steps")}</h3>
              <ol className="steps">
                <li>
                  {o.signature.committee
                    ? t("charter.step.committeeDone", { date: o.signature.committee })
                    : t("charter.step.committeeWaiting")}
                </li>
                <li>{o.signature.kit ? t("charter.step.kitDone", { date: o.signature.kit }) : t("charter.step.kitWaiting")}</li>
                <li>{o.signature.logo ? t("charter.step.logoDone", { date: o.signature.logo }) : t("charter.step.logoWaiting")}</li>
              </ol>
              {o.signature.kit && d.files.length ? (
                <>
                  <h3>{t("charter.files")}</h3>
                  <ul>
                    {d.files.map((f) => (
                      <li key={f.id}>
                        <a href={`/charte/fichiers/${f.id}`}>
                          {f.name} ({Math.ceil(f.size / 1024)} Ko) — {t(`charter.fileKind.${f.kind}` as "charter.fileKind.kit")}
                        </a>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              <Form method="post" aria-labelledby={`dir-${o.id}`}>
                <h3 id={`dir-${o.id}`}>{t("charter.directory")}</h3>
                <input type="hidden" name="intent" value="directory" />
                <input type="hidden" name="signatureId" value={o.signature.id} />
                <div className="choice">
                  <input type="checkbox" id={`optin-${o.id}`} name="optIn" value="yes" defaultChecked={o.signature.optIn} />
                  <label htmlFor={`optin-${o.id}`}>{t("charter.directoryOptIn")}</label>
                </div>
                <div className="field">
                  <label htmlFor={`desc-${o.id}`}>{t("charter.directoryDescription")}</label>
                  <textarea id={`desc-${o.id}`} name="description" rows={3} maxLength={500} defaultValue={o.signature.description} />
                </div>
                <button type="submit" className="button">
                  {t("common.save")}
                </button>
              </Form>
            </section>
          ) : (
            <div key={o.id} className="card">
              <Form method="post" aria-labelledby={`sign-${o.id}`}>
                <h2 id={`sign-${o.id}`}>{t("charter.signFor", { organisation: o.name })}</h2>
                <input type="hidden" name="intent" value="sign" />
                <input type="hidden" name="organizationId" value={o.id} />
                <input type="hidden" name="version" value={d.text.version} />
                <div className="field">
                  <label htmlFor={`name-${o.id}`}>{t("charter.signatoryName")}</label>
                  <input id={`name-${o.id}`} name="name" type="text" autoComplete="name" defaultValue={d.defaultName} required />
                </div>
                <div className="field">
                  <label htmlFor={`role-${o.id}`}>{t("charter.signatoryRole")}</label>
                  <input id={`role-${o.id}`} name="role" type="text" autoComplete="organization-title" required />
                </div>
                <div className="choice">
                  <input type="checkbox" id={`consent-${o.id}`} name="consent" value="yes" required />
                  <label htmlFor={`consent-${o.id}`}>{t("charter.consent")}</label>
                </div>
                <p className="hint">{t("charter.signHint")}</p>
                <SubmitButton primary>{t("charter.sign")}</SubmitButton>
              </Form>
              {d.declinable.includes(o.id) ? (
                <details className="decline">
                  <summary>{t("charter.declineSummary", { organisation: o.name })}</summary>
                  <p>{t("charter.declineIntro")}</p>
                  <Form method="post">
                    <input type="hidden" name="intent" value="decline" />
                    <input type="hidden" name="organizationId" value={o.id} />
                    <div className="field">
                      <label htmlFor={`decline-reason-${o.id}`}>
                        {t("charter.declineReason")} <span className="meta">({t("common.optional")})</span>
                      </label>
                      <textarea id={`decline-reason-${o.id}`} name="reason" rows={3} maxLength={1500} />
                    </div>
                    <div className="choice">
                      <input type="checkbox" id={`decline-confirm-${o.id}`} name="confirm" value="yes" required />
                      <label htmlFor={`decline-confirm-${o.id}`}>{t("charter.declineConfirmLabel")}</label>
                    </div>
                    <button type="submit" className="button">
                      {t("charter.declineButton")}
                    </button>
                  </Form>
                </details>
              ) : null}
            </div>
          ),
        )
      )}
      <p>
        <Link to="/ptce-signataires">{t("charter.directoryLink")}</Link>
      </p>
    </div>
  );
}
