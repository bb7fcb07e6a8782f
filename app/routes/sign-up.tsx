import { Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { allowFromAddress, signUp } from "../auth/accounts.server";
import { SignUpForm } from "../auth/inputs.server";
import { parseForm } from "../http/parse-form.server";
import { t } from "../i18n/i18n";
import { safeRedirectTarget } from "../lib/route-helpers.server";
import { ErrorSummary, TextInput } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/sign-up";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "auth.signUp.title");

export async function loader({ context, request }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirectTarget(url.searchParams.get("redirectTo"));
  if (context.user) throw redirect(redirectTo);
  // An invitation link sends people here with where to go once the address is verified.
  return { redirectTo, email: (url.searchParams.get("email") ?? "").slice(0, 200) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const L = context.locale;
  const parsed = parseForm(await request.formData(), SignUpForm, L);
  if (!parsed.ok) {
    const { name = "", email = "" } = parsed.values as Record<string, string>;
    return { errors: parsed.errors as Record<string, string>, values: { name: name.trim(), email: email.trim().toLowerCase() } };
  }
  const { name, email, password, redirectTo } = parsed.value;
  const refused = await allowFromAddress(context.services.db, "signUpByAddress", context.ip);
  if (refused) return { errors: { form: t(L, refused.error, refused.vars) }, values: { name, email } };
  const callbackURL = safeRedirectTarget(redirectTo);
  const outcome = await signUp(context.services.auth, context.services.db, {
    name,
    email,
    password,
    locale: L,
    headers: request.headers,
    appUrl: context.services.config.appUrl,
    callbackURL,
  });
  if (!outcome.ok) return { errors: { form: t(L, outcome.error) }, values: { name, email } };
  return redirect(`/verification?email=${encodeURIComponent(email)}`);
}

export default function SignUp() {
  const { t } = useT();
  const result = useActionData<typeof action>();
  const d = useLoaderData<typeof loader>();
  const errors = (result?.errors ?? {}) as Record<string, string>;
  const list = Object.entries(errors).map(([k, message]) => ({ href: k === "form" ? undefined : `#input-${k}`, message }));
  return (
    <div className="page narrow">
      <h1>{t("auth.signUp.title")}</h1>
      <ErrorSummary title={t("auth.signUp.title")} errors={list} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={d.redirectTo} />
        <TextInput name="name" label={t("auth.name")} autoComplete="name" required error={errors.name} defaultValue={result?.values.name} />
        <TextInput
          name="email"
          type="email"
          label={t("auth.email")}
          autoComplete="email"
          required
          error={errors.email}
          defaultValue={result?.values.email ?? d.email}
        />
        <TextInput
          name="password"
          type="password"
          label={t("auth.password")}
          hint={t("auth.passwordHint")}
          autoComplete="new-password"
          required
          error={errors.password}
        />
        <p className="hint">
          {t("auth.signUp.privacy")} <Link to="/confidentialite">{t("footer.privacy")}</Link>
        </p>
        <button type="submit" className="button primary">
          {t("auth.signUp.submit")}
        </button>
      </Form>
      <p>
        {t("auth.haveAccount")} <Link to="/connexion">{t("nav.signIn")}</Link>
      </p>
    </div>
  );
}
