import { Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { allowFromAddress, redirectWithCookies, sendMagicLink, signIn } from "../auth/accounts.server";
import { SignInForms } from "../auth/inputs.server";
import { parseIntent } from "../http/parse-form.server";
import { t } from "../i18n/i18n";
import { safeRedirectTarget } from "../lib/route-helpers.server";
import { ErrorSummary, Notice, TextInput } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/sign-in";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "auth.signIn.title");

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirectTarget(url.searchParams.get("redirectTo"));
  if (context.user) throw redirect(redirectTo);
  return {
    redirectTo,
    reset: url.searchParams.get("reset") === "1",
    askedAuth: url.searchParams.has("redirectTo"),
    expired: url.searchParams.get("expire") === "1",
  };
}

export async function action({
  request,
  context,
}: Route.ActionArgs): Promise<{ error?: string; sent?: string; email?: string } | Response> {
  const L = context.locale;
  const p = parseIntent(await request.formData(), SignInForms, L, { fallback: "password" });
  const db = context.services.db;
  if (!p.ok)
    return {
      error: p.errors.email ?? t(L, "field.email"),
      email: String(p.values.email ?? "")
        .trim()
        .toLowerCase(),
    };
  const email = p.value.email;
  if (p.intent === "magic") {
    const refused = await allowFromAddress(db, "linksByAddress", context.ip);
    if (refused) return { error: t(L, refused.error, refused.vars), email };
    await sendMagicLink(context.services.auth, db, { email, headers: request.headers });
    return { sent: t(L, "auth.magic.sent"), email };
  }
  const { password, redirectTo } = p.value;
  const outcome = await signIn(context.services.auth, db, { email, password, headers: request.headers, address: context.ip });
  if (!outcome.ok) return { error: t(L, outcome.error, outcome.vars), email };
  const target = safeRedirectTarget(redirectTo);
  if (outcome.twoFactor) return redirectWithCookies(`/connexion/code?redirectTo=${encodeURIComponent(target)}`, outcome.setCookies);
  return redirectWithCookies(target, outcome.setCookies);
}

export default function SignIn() {
  const { redirectTo, reset, askedAuth, expired } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <div className="page narrow">
      <h1>{t("auth.signIn.title")}</h1>
      {expired && !result ? (
        <Notice kind="warning">{t("auth.expiredKept")}</Notice>
      ) : askedAuth && !result ? (
        <Notice>{t("auth.required")}</Notice>
      ) : null}
      {reset ? <Notice kind="success">{t("auth.newPassword.done")}</Notice> : null}
      {result?.error ? <ErrorSummary title={t("auth.signIn.title")} errors={[{ message: result.error }]} /> : null}
      {result?.sent ? <Notice kind="success">{result.sent}</Notice> : null}
      <Form method="post">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextInput name="email" type="email" label={t("auth.email")} autoComplete="email" required defaultValue={result?.email} />
        <TextInput name="password" type="password" label={t("auth.password")} autoComplete="current-password" required />
        <button type="submit" className="button primary" name="intent" value="password">
          {t("auth.signIn.submit")}
        </button>
      </Form>
      <p>
        <Link to="/mot-de-passe-oublie">{t("auth.forgot")}</Link>
      </p>
      <h2>{t("auth.magic.title")}</h2>
      <p>{t("auth.magic.intro")}</p>
      <Form method="post">
        <TextInput id="magic-email" name="email" type="email" label={t("auth.email")} autoComplete="email" required />
        <button type="submit" className="button" name="intent" value="magic">
          {t("auth.magic.submit")}
        </button>
      </Form>
      <p>
        {t("auth.noAccount")} <Link to="/inscription">{t("nav.signUp")}</Link>
      </p>
    </div>
  );
}
