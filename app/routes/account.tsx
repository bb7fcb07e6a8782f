// « Mon compte »: the person's sessions (and ending them), two-factor authentication, their data
// (download, and the organisations' data) and deleting the account with its rule shown first.
// Every form works without JavaScript.
import { Form, Link, useActionData, useLoaderData } from "react-router";
import { confirmTwoFactor, disableTwoFactor, redirectWithCookies, signOut, startTwoFactor } from "../auth/accounts.server";
import { AccountForms } from "../auth/inputs.server";
import { endOtherSessions, endSession } from "../auth/sessions.server";
import { accountView } from "../domain/privacy/account-view.server";
import { deleteAccount } from "../domain/privacy/personal-data.server";
import { parseIntent } from "../http/parse-form.server";
import { t, type MessageKey } from "../i18n/i18n";
import { attempt, requireUser } from "../lib/route-helpers.server";
import { ErrorSummary, Notice, SubmitButton, TextInput } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { TableScroll } from "../ui/table-scroll";
import type { Route } from "./+types/account";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "account.title");

export async function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const query = new URL(request.url).searchParams;
  return {
    ...(await accountView(context.services.db, user, context.locale)),
    asked: query.get("double-authentification") === "requise",
    notice: query.get("notice"),
  };
}

type ActionData = { error?: string; notice?: string; setup?: { uri: string; secret: string; backupCodes: string[]; qr: string } };

export async function action({ context, request }: Route.ActionArgs): Promise<ActionData | Response> {
  const user = requireUser(context, request);
  const { db, auth } = context.services;
  const L = context.locale;
  const p = parseIntent(await request.formData(), AccountForms, L);
  const fail = (key: MessageKey, vars?: Record<string, string | number>) => ({ error: t(L, key, vars) });
  if (!p.ok) return fail("error.badRequest");
  switch (p.intent) {
    case "endSession": {
      const r = await attempt(context, () => endSession(db, { userId: user.id, sessionId: p.value.sessionId }));
      return r.ok ? { notice: t(L, "account.sessionEnded") } : { error: r.error };
    }
    case "endOthers": {
      const n = await endOtherSessions(db, { userId: user.id, currentSessionId: user.sessionId });
      return { notice: t(L, "account.othersEnded", { n }) };
    }
    case "start2fa": {
      const r = await startTwoFactor(auth, { password: p.value.password, headers: request.headers });
      if ("ok" in r) return fail(r.error);
      return {
        setup: {
          uri: r.uri,
          secret: r.secret,
          backupCodes: r.backupCodes,
          qr: `data:image/svg+xml;base64,${Buffer.from(r.qrSvg).toString("base64")}`,
        },
      };
    }
    case "confirm2fa": {
      const r = await confirmTwoFactor(auth, db, { code: p.value.code, headers: request.headers });
      if (!r.ok) return fail(r.error);
      return redirectWithCookies("/compte?notice=2fa-on", r.setCookies);
    }
    case "disable2fa": {
      const r = await disableTwoFactor(auth, db, { password: p.value.password, headers: request.headers });
      if (!r.ok) return fail(r.error);
      return redirectWithCookies("/compte?notice=2fa-off", r.setCookies);
    }
    case "delete": {
      if (p.value.confirm !== "SUPPRIMER" && p.value.confirm !== "DELETE") return fail("account.deleteConfirmRequired");
      const { password } = p.value;
      const r = await attempt(context, () => deleteAccount(db, auth, { userId: user.id, password, headers: request.headers }));
      if (!r.ok) return { error: r.error };
      const cookies = await signOut(auth, db, request.headers);
      return redirectWithCookies("/?compte=supprime", cookies);
    }
    default:
      return fail("error.badRequest");
  }
}

export default function Account() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const notice = d.notice;
  return (
    <div className="page">
      <h1>{t("account.title")}</h1>
      <p>
        {d.name} — {d.email}
      </p>
      {result?.error ? <ErrorSummary title={t("account.title")} errors={[{ message: result.error }]} /> : null}
      {result?.notice ? <Notice kind="success">{result.notice}</Notice> : null}
      {notice === "2fa-on" ? (
        <Notice kind="success">{t("account.2faOn")}</Notice>
      ) : notice === "2fa-off" ? (
        <Notice kind="success">{t("account.2faOff")}</Notice>
      ) : null}

      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t("account.sessions")}</h2>
        <TableScroll>
          <table>
            <caption className="visually-hidden">{t("account.sessions")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("account.device")}</th>
                <th scope="col">{t("account.address")}</th>
                <th scope="col">{t("account.since")}</th>
                <th scope="col">{t("account.lastSeen")}</th>
                <th scope="col">{t("account.action")}</th>
              </tr>
            </thead>
            <tbody>
              {d.sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.device}
                    {s.current ? ` (${t("account.thisDevice")})` : ""}
                  </td>
                  <td>{s.address}</td>
                  <td>{s.createdAt}</td>
                  <td>{s.lastSeenAt}</td>
                  <td>
                    {s.current ? (
                      <Link to="/deconnexion">{t("nav.signOut")}</Link>
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="sessionId" value={s.id} />
                        <button
                          type="submit"
                          className="button secondary"
                          name="intent"
                          value="endSession"
                          aria-label={t("account.endSessionOf", { device: s.device, since: s.createdAt })}
                        >
                          {t("account.endSession")}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        {d.sessions.length > 1 ? (
          <Form method="post">
            <SubmitButton name="intent" value="endOthers">
              {t("account.endOthers")}
            </SubmitButton>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="double-authentification">
        <h2 id="double-authentification">{t("account.2fa")}</h2>
        {d.asked || d.required.length ? <Notice kind="warning">{t("account.2faRequired", { calls: d.required.join(", ") })}</Notice> : null}
        {d.twoFactorEnabled ? (
          <>
            <p>{t("account.2faIsOn")}</p>
            <Form method="post">
              <TextInput
                name="password"
                type="password"
                label={t("auth.password")}
                autoComplete="current-password"
                id="disable-password"
                required
              />
              <SubmitButton name="intent" value="disable2fa">
                {t("account.2faDisable")}
              </SubmitButton>
            </Form>
          </>
        ) : result?.setup ? (
          <>
            <p>{t("account.2faScan")}</p>
            <img src={result.setup.qr} alt={t("account.2faQrAlt")} width={200} height={200} />
            <p>
              {t("account.2faSecret")} <code>{result.setup.secret}</code>
            </p>
            <h3>{t("account.2faBackupCodes")}</h3>
            <p>{t("account.2faBackupIntro")}</p>
            <ul className="backup-codes">
              {result.setup.backupCodes.map((c) => (
                <li key={c}>
                  <code>{c}</code>
                </li>
              ))}
            </ul>
            <Form method="post">
              <TextInput name="code" label={t("twoFactor.code")} autoComplete="one-time-code" required />
              <SubmitButton primary name="intent" value="confirm2fa">
                {t("account.2faConfirm")}
              </SubmitButton>
            </Form>
          </>
        ) : (
          <>
            <p>{t("account.2faIntro")}</p>
            <Form method="post">
              <TextInput
                name="password"
                type="password"
                label={t("auth.password")}
                autoComplete="current-password"
                id="enable-password"
                required
              />
              <SubmitButton name="intent" value="start2fa">
                {t("account.2faEnable")}
              </SubmitButton>
            </Form>
          </>
        )}
      </section>

      <section aria-labelledby="data-title">
        <h2 id="data-title">{t("account.data")}</h2>
        <p>{t("account.dataIntro")}</p>
        <ul>
          <li>
            <a href="/compte/donnees.zip">{t("account.dataMine")}</a>
          </li>
          {d.organisations.map((o) => (
            <li key={o.id}>
              <a href={`/organisations/${o.id}/donnees.zip`}>{t("account.dataOrganisation", { name: o.name })}</a> ·{" "}
              <Link to={`/organisations/${o.id}/journal`}>{t("account.accessLogOf", { name: o.name })}</Link>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="tokens-title">
        <h2 id="tokens-title">{t("account.tokens")}</h2>
        <p>{t("account.tokensIntro")}</p>
        <p>
          <Link to="/compte/jetons">{t("tokens.title")}</Link>
        </p>
      </section>

      <section aria-labelledby="delete-title">
        <h2 id="delete-title">{t("account.delete")}</h2>
        <p>{t("account.deleteRule")}</p>
        <ul>
          <li>{t("account.deleteErased")}</li>
          <li>{t("account.deleteKept")}</li>
          {d.rule.dossiers.map((x, i) => (
            <li key={i}>
              {t("account.deleteDossier", {
                organisation: x.organisation,
                call: x.call,
                declined: x.retention.declined,
                withdrawn: x.retention.withdrawn,
              })}
            </li>
          ))}
          {d.rule.soleMemberOf.length ? <li>{t("account.deleteSole", { names: d.rule.soleMemberOf.join(", ") })}</li> : null}
        </ul>
        <Form method="post">
          <TextInput
            name="password"
            type="password"
            label={t("auth.password")}
            autoComplete="current-password"
            id="delete-password"
            required
          />
          <TextInput name="confirm" label={t("account.deleteType")} id="delete-confirm" autoComplete="off" required />
          <SubmitButton name="intent" value="delete">
            {t("account.deleteSubmit")}
          </SubmitButton>
        </Form>
      </section>
    </div>
  );
}
