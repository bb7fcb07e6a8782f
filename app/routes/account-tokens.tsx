// « Mes jetons d'accès » (issue 13): personal access tokens for the HTTP API — created for some calls,
// for reading or also writing, with an expiry; the secret shown once; revoked in one click. Each form
// is parsed with its schema (errors per field for the summary); works without JavaScript.
import { Form, Link, useActionData, useLoaderData } from "react-router";
import { TokenForms } from "../domain/access/token-inputs.server";
import { createToken, revokeToken } from "../domain/access/tokens.server";
import { tokensView } from "../domain/access/views.server";
import { parseIntent } from "../http/parse-form.server";
import { t } from "../i18n/i18n";
import { formatParisDateTime } from "../lib/paris-time";
import { attempt, requireUser } from "../lib/route-helpers.server";
import { ActionButton, SecretOnce } from "../ui/action-button";
import { ErrorSummary, Notice, SubmitButton, TextInput, summaryOf } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { TableScroll } from "../ui/table-scroll";
import type { Route } from "./+types/account-tokens";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "tokens.title");

export async function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  return tokensView(context.services.db, user.id, context.locale);
}

type ActionData = {
  errors?: Record<string, string>;
  error?: string;
  notice?: string;
  created?: { name: string; secret: string; expires: string };
  values?: Record<string, string | string[]>;
};

export async function action({ context, request }: Route.ActionArgs): Promise<ActionData> {
  const user = requireUser(context, request);
  const db = context.services.db;
  const L = context.locale;
  const p = parseIntent(await request.formData(), TokenForms, L);
  if (!p.ok)
    return p.intent === "create"
      ? { errors: p.errors, values: p.values }
      : { error: t(L, p.intent === "revoke" ? "error.notFound" : "form.invalidValue") };
  if (p.intent === "revoke") {
    const tokenId = p.value.token;
    const r = await attempt(context, () => revokeToken(db, { userId: user.id, tokenId }));
    return r.ok ? { notice: t(L, "tokens.revokedNotice") } : { error: r.error };
  }
  const v = p.value;
  const r = await attempt(context, () =>
    createToken(db, { userId: user.id, name: v.name, access: v.access, callIds: v.calls, lifetimeDays: v.lifetime }),
  );
  if (!r.ok)
    return { errors: { calls: r.error }, values: { name: v.name, access: v.access, lifetime: String(v.lifetime), calls: v.calls } };
  return { created: { name: r.value.token.name, secret: r.value.secret, expires: formatParisDateTime(r.value.token.expiresAt, L) } };
}

export default function AccountTokens() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<ActionData>();
  const { t } = useT();
  const values = a?.values ?? {};
  const chosen = new Set(Array.isArray(values.calls) ? values.calls : []);
  return (
    <main id="main">
      <p>
        <Link to="/compte">{t("tokens.back")}</Link>
      </p>
      <h1>{t("tokens.title")}</h1>
      <p>{t("tokens.intro")}</p>
      <p>
        <a href="/developpeurs/api">{t("tokens.docs")}</a>
      </p>
      {a?.error ? <Notice kind="error">{a.error}</Notice> : null}
      {a?.notice ? <Notice kind="success">{a.notice}</Notice> : null}
      {a?.created ? (
        <SecretOnce
          id="new-token"
          title={t("tokens.createdTitle", { name: a.created.name })}
          intro={t("tokens.createdOnce", { date: a.created.expires })}
          label={t("tokens.secret")}
          value={a.created.secret}
          hint={t("tokens.secretHint")}
        />
      ) : null}

      <section aria-labelledby="list-title">
        <h2 id="list-title">{t("tokens.list")}</h2>
        {d.tokens.length === 0 ? (
          <p>{t("tokens.none")}</p>
        ) : (
          <TableScroll label={t("tokens.list")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("tokens.name")}</th>
                  <th scope="col">{t("tokens.calls")}</th>
                  <th scope="col">{t("tokens.access")}</th>
                  <th scope="col">{t("tokens.dates")}</th>
                  <th scope="col">{t("tokens.state")}</th>
                </tr>
              </thead>
              <tbody>
                {d.tokens.map((tk) => (
                  <tr key={tk.id}>
                    <th scope="row">
                      {tk.name} <span className="hint">(…{tk.hint})</span>
                    </th>
                    <td>{tk.calls.join(" ; ")}</td>
                    <td>{tk.access === "write" ? t("tokens.accessWrite") : t("tokens.accessRead")}</td>
                    <td>
                      {t("tokens.createdOn", { date: tk.created })}
                      <br />
                      {t("tokens.expiresOn", { date: tk.expires })}
                      <br />
                      {tk.lastUsed ? t("tokens.lastUsed", { date: tk.lastUsed }) : t("tokens.neverUsed")}
                    </td>
                    <td>
                      {tk.state === "active" ? (
                        <ActionButton
                          intent="revoke"
                          fields={{ token: tk.id }}
                          label={t("tokens.revoke")}
                          accessibleName={t("tokens.revokeNamed", { name: tk.name })}
                        />
                      ) : tk.state === "revoked" ? (
                        t("tokens.revoked")
                      ) : (
                        t("tokens.expired")
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      <section aria-labelledby="create-title">
        <h2 id="create-title">{t("tokens.create")}</h2>
        {d.calls.length === 0 ? (
          <p>{t("tokens.noCalls")}</p>
        ) : (
          <Form method="post" noValidate>
            <ErrorSummary
              title={t("form.errorSummary")}
              errors={summaryOf(a?.errors, { calls: `call-${d.calls[0].id}`, access: "access-read", lifetime: "input-lifetime" })}
            />
            <TextInput
              name="name"
              label={t("tokens.name")}
              hint={t("tokens.nameHint")}
              required
              error={a?.errors?.name}
              defaultValue={typeof values.name === "string" ? values.name : ""}
            />
            <fieldset
              className={a?.errors?.calls ? "field field-error" : "field"}
              aria-describedby={a?.errors?.calls ? "calls-error" : undefined}
            >
              <legend>
                {t("tokens.calls")}
                <span className="required-mark" aria-hidden="true">
                  {" "}
                  *
                </span>
              </legend>
              {a?.errors?.calls ? (
                <p className="error-message" id="calls-error">
                  {a.errors.calls}
                </p>
              ) : null}
              {d.calls.map((c) => (
                <div className="choice" key={c.id}>
                  <input type="checkbox" id={`call-${c.id}`} name="calls" value={c.id} defaultChecked={chosen.has(c.id)} />
                  <label htmlFor={`call-${c.id}`}>
                    {c.title} ({t(`tokens.role.${c.role}` as "tokens.role.organiser")})
                  </label>
                </div>
              ))}
            </fieldset>
            <fieldset className={a?.errors?.access ? "field field-error" : "field"}>
              <legend>{t("tokens.access")}</legend>
              {a?.errors?.access ? <p className="error-message">{a.errors.access}</p> : null}
              {(["read", "write"] as const).map((acc) => (
                <div className="choice" key={acc}>
                  <input
                    type="radio"
                    id={`access-${acc}`}
                    name="access"
                    value={acc}
                    defaultChecked={(values.access ?? "read") === acc}
                    aria-describedby={`access-${acc}-hint`}
                  />
                  <label htmlFor={`access-${acc}`}>{acc === "write" ? t("tokens.accessWrite") : t("tokens.accessRead")}</label>
                  <span className="hint" id={`access-${acc}-hint`}>
                    {acc === "write" ? t("tokens.accessWriteHint") : t("tokens.accessReadHint")}
                  </span>
                </div>
              ))}
            </fieldset>
            <div className={a?.errors?.lifetime ? "field field-error" : "field"}>
              <label htmlFor="input-lifetime">{t("tokens.lifetime")}</label>
              {a?.errors?.lifetime ? <p className="error-message">{a.errors.lifetime}</p> : null}
              <select id="input-lifetime" name="lifetime" defaultValue={typeof values.lifetime === "string" ? values.lifetime : "90"}>
                {d.lifetimes.map((n) => (
                  <option key={n} value={n}>
                    {t("tokens.days", { n })}
                  </option>
                ))}
              </select>
            </div>
            <SubmitButton primary name="intent" value="create">
              {t("tokens.createButton")}
            </SubmitButton>
          </Form>
        )}
      </section>
    </main>
  );
}
