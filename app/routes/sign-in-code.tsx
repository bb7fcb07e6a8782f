// The second step of signing in with two-factor authentication: a code from the authenticator app, or a
// backup code. Works without JavaScript.
import { Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { redirectWithCookies, verifySecondFactor } from "../auth/accounts.server";
import { SecondFactorForms } from "../auth/inputs.server";
import { parseIntent } from "../http/parse-form.server";
import { t } from "../i18n/i18n";
import { safeRedirectTarget } from "../lib/route-helpers.server";
import { ErrorSummary, SubmitButton, TextInput } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/sign-in-code";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "twoFactor.title");

export async function loader({ request, context }: Route.LoaderArgs) {
  const redirectTo = safeRedirectTarget(new URL(request.url).searchParams.get("redirectTo"));
  if (context.user) throw redirect(redirectTo);
  return { redirectTo };
}

export async function action({ request, context }: Route.ActionArgs) {
  const L = context.locale;
  const p = parseIntent(await request.formData(), SecondFactorForms, L, { fallback: "code" });
  if (!p.ok) return { error: t(L, "twoFactor.invalid") };
  const backup = p.intent === "backup";
  const code = p.intent === "backup" ? p.value.backupCode : p.value.code;
  if (!code.trim()) return { error: t(L, "twoFactor.invalid") };
  const outcome = await verifySecondFactor(context.services.auth, context.services.db, {
    code,
    backup,
    trustDevice: p.value.trustDevice,
    headers: request.headers,
    address: context.ip,
  });
  if (!outcome.ok) return { error: t(L, outcome.error, outcome.vars) };
  return redirectWithCookies(safeRedirectTarget(p.value.redirectTo), outcome.setCookies);
}

export default function SignInCode() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <div className="page narrow">
      <h1>{t("twoFactor.title")}</h1>
      <p>{t("twoFactor.intro")}</p>
      {result?.error ? <ErrorSummary title={t("twoFactor.title")} errors={[{ message: result.error }]} /> : null}
      <Form method="post">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextInput name="code" label={t("twoFactor.code")} hint={t("twoFactor.codeHint")} autoComplete="one-time-code" />
        <div className="field checkbox">
          <input id="trust-device" type="checkbox" name="trustDevice" />
          <label htmlFor="trust-device">{t("twoFactor.trustDevice")}</label>
        </div>
        <SubmitButton primary name="intent" value="totp">
          {t("twoFactor.submit")}
        </SubmitButton>
      </Form>
      <h2>{t("twoFactor.backupTitle")}</h2>
      <Form method="post">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextInput name="backupCode" label={t("twoFactor.backupCode")} autoComplete="off" />
        <SubmitButton name="intent" value="backup">
          {t("twoFactor.submit")}
        </SubmitButton>
      </Form>
      <p>
        <Link to="/connexion">{t("twoFactor.restart")}</Link>
      </p>
    </div>
  );
}
