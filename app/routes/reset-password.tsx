import { Form, redirect, useActionData, useLoaderData } from "react-router";
import { resetPassword } from "../auth/accounts.server";
import { ResetPasswordForm } from "../auth/inputs.server";
import { parseForm } from "../http/parse-form.server";
import { t } from "../i18n/i18n";
import { ErrorSummary, TextInput } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/reset-password";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "auth.newPassword.title");

export async function loader({ request }: Route.LoaderArgs) {
  const url = new URL(request.url);
  return { token: url.searchParams.get("token") ?? "", invalid: url.searchParams.has("error") };
}

export async function action({ request, context }: Route.ActionArgs) {
  const parsed = parseForm(await request.formData(), ResetPasswordForm, context.locale);
  if (!parsed.ok) return { error: Object.values(parsed.errors)[0] };
  const outcome = await resetPassword(context.services.auth, parsed.value);
  if (!outcome.ok) return { error: t(context.locale, outcome.error) };
  return redirect("/connexion?reset=1");
}

export default function ResetPassword() {
  const { token, invalid } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const error = result?.error ?? (invalid || !token ? t("auth.newPassword.invalid") : undefined);
  return (
    <div className="page narrow">
      <h1>{t("auth.newPassword.title")}</h1>
      {error ? <ErrorSummary title={t("auth.newPassword.title")} errors={[{ message: error }]} /> : null}
      <Form method="post">
        <input type="hidden" name="token" value={token} />
        <TextInput
          name="password"
          type="password"
          label={t("auth.password")}
          hint={t("auth.passwordHint")}
          autoComplete="new-password"
          required
        />
        <button type="submit" className="button primary">
          {t("auth.newPassword.submit")}
        </button>
      </Form>
    </div>
  );
}
