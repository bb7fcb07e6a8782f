import { Form, redirect, useActionData, useLoaderData } from "react-router";
import { openOrCreateDossier } from "../domain/applications/dossiers.server";
import { ApplyForms } from "../domain/applications/inputs.server";
import { applyView } from "../domain/applications/views.server";
import { findCallBySlug } from "../domain/calls/calls.server";
import { createOrganisation } from "../domain/organisations/organisations.server";
import { parseIntent } from "../http/parse-form.server";
import { attempt, notFound, requireUser } from "../lib/route-helpers.server";
import { ErrorSummary, TextInput } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/apply";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "apply.title");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const view = await applyView(context.services.db, params.slug, user.id, context.locale);
  if (!view) notFound(context);
  return view;
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const db = context.services.db;
  const call = await findCallBySlug(db, params.slug);
  if (!call || call.status !== "published") notFound(context);
  const p = parseIntent(await request.formData(), ApplyForms, context.locale, { fallback: "existing" });
  if (!p.ok) notFound(context);
  const result = await attempt(context, async () => {
    const organizationId =
      p.intent === "create" ? await createOrganisation(db, { name: p.value.name, userId: user.id }) : p.value.organizationId;
    return openOrCreateDossier(db, { call, organizationId, userId: user.id });
  });
  if (!result.ok) return { error: result.error };
  return redirect(`/dossiers/${result.value}`);
}

export default function Apply() {
  const { title, orgs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <div className="page narrow">
      <p className="meta">{title}</p>
      <h1>{t("apply.title")}</h1>
      <p>{t("apply.intro")}</p>
      {result?.error ? <ErrorSummary title={t("apply.title")} errors={[{ message: result.error }]} /> : null}
      {orgs.length > 0 ? (
        <ul className="card-list">
          {orgs.map((o) => (
            <li key={o.id} className="card">
              <Form method="post">
                <input type="hidden" name="organizationId" value={o.id} />
                <h2>{o.name}</h2>
                <button type="submit" name="intent" value="choose" className="button primary">
                  {t("apply.choose")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : null}
      <h2>{t("apply.create")}</h2>
      <Form method="post">
        <TextInput name="name" label={t("apply.orgName")} required autoComplete="organization" />
        <button type="submit" name="intent" value="create" className="button">
          {t("apply.createSubmit")}
        </button>
      </Form>
    </div>
  );
}
