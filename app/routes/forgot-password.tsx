import { Form, useActionData } from "react-router";
import { allowFromAddress, requestPasswordReset } from "../auth/accounts.server";
import { EmailForm } from "../auth/inputs.server";
import { parseForm } from "../http/parse-form.server";
import { t } from "../i18n/i18n";
import { Notice, TextInput } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/forgot-password";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "auth.reset.title");

export async function action({ request, context }: Route.ActionArgs) {
  const parsed = parseForm(await request.formData(), EmailForm, context.locale);
  const email = parsed.ok ? parsed.value.email : "";
  const refused = await allowFromAddress(context.services.db, "linksByAddress", context.ip);
  if (refused) return { message: t(context.locale, refused.error, refused.vars), ok: false };
  if (email) await requestPasswordReset(context.services.auth, context.services.db, { email });
  return { message: t(context.locale, "auth.reset.sent"), ok: true };
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <div className="page narrow">
      <h1>{t("auth.reset.title")}</h1>
      <p>{t("auth.reset.intro")}</p>
      {result ? <Notice kind={result.ok ? "success" : "error"}>{result.message}</Notice> : null}
      <Form method="post">
        <TextInput name="email" type="email" label={t("auth.email")} autoComplete="email" required />
        <button type="submit" className="button primary">
          {t("auth.reset.submit")}
        </button>
      </Form>
    </div>
  );
}
