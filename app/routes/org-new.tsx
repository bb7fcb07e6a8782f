import { Form, redirect, useActionData } from "react-router";
import { OrganisationForm } from "../domain/organisations/inputs.server";
import { createOrganisation } from "../domain/organisations/organisations.server";
import { parseForm } from "../http/parse-form.server";
import { attempt, requireUser } from "../lib/route-helpers.server";
import { ErrorSummary, TextInput } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/org-new";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "org.create.title");

export async function loader({ context, request }: Route.LoaderArgs) {
  requireUser(context, request);
  return null;
}

export async function action({ context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const parsed = parseForm(await request.formData(), OrganisationForm, context.locale);
  if (!parsed.ok) return { error: Object.values(parsed.errors)[0] };
  const { name } = parsed.value;
  const r = await attempt(context, () => createOrganisation(context.services.db, { name, userId: user.id }));
  if (!r.ok) return { error: r.error };
  return redirect(`/organisations/${r.value}`);
}

export default function OrgNew() {
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <div className="page narrow">
      <h1>{t("org.create.title")}</h1>
      {result?.error ? <ErrorSummary title={t("org.create.title")} errors={[{ href: "#input-name", message: result.error }]} /> : null}
      <Form method="post">
        <TextInput name="name" label={t("apply.orgName")} required autoComplete="organization" error={result?.error} />
        <button type="submit" className="button primary">
          {t("org.create.submit")}
        </button>
      </Form>
    </div>
  );
}
