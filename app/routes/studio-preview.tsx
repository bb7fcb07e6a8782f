import { postedFiles, readIntent } from "../http/parse-form.server";
// The form as applicants will see it, drawn by the same views, fillable and checked by the same rules as
// a submission — and nothing is stored: answers only travel back in the page.
import { Form, useActionData, useLoaderData } from "react-router";
import { allFields, conditionHolds, isField, isFieldActive, localized, type Answers } from "../forms/definition";
import { readField } from "../forms/field-types.server";
import { checkAnswers } from "../forms/validate.server";
import { loadStudio, studioHeader } from "../lib/studio-route.server";
import { FieldView } from "../ui/form-field";
import { ErrorSummary, Notice } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { StudioLayout } from "../ui/studio";
import type { Route } from "./+types/studio-preview";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "studio.nav.preview");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { call, problems } = await loadStudio(context, request, params.callId);
  return {
    h: studioHeader(context, call, problems),
    form: call.form,
    maxFileMb: Math.round(context.services.config.uploadLimits.maxFileBytes / 1048576),
  };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const { call } = await loadStudio(context, request, params.callId);
  const form = await request.formData();
  const answers: Answers = {};
  for (const { field } of allFields(call.form)) {
    const v = readField(form, field);
    if (v !== undefined) answers[field.key] = v;
  }
  // Chosen files count as attached for the check; they are never stored.
  const counts: Record<string, number> = {};
  for (const { field } of allFields(call.form)) {
    if (field.type !== "files") continue;
    counts[field.key] = postedFiles(form, `file.${field.key}`).length;
  }
  const issues = checkAnswers(call.form, answers, counts, context.locale, "submit");
  const intent = readIntent(form);
  return { answers, issues, addRow: intent.startsWith("addRow:") ? intent.slice(7) : null };
}

export default function StudioPreview() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, locale } = useT();
  const answers = (result?.answers ?? {}) as Answers;
  const problems = new Map((result?.issues ?? []).map((i) => [i.fieldKey, i.message]));
  return (
    <StudioLayout h={d.h} heading={t("studio.nav.preview")}>
      <p>{t("studio.preview.intro")}</p>
      {result && result.issues.length === 0 ? <Notice kind="success">{t("studio.preview.ok")}</Notice> : null}
      {result && result.issues.length > 0 ? (
        <ErrorSummary
          title={t("studio.preview.problems", { n: result.issues.length })}
          errors={result.issues.map((i) => ({ href: `#q-${i.fieldKey}`, message: `${i.label} — ${i.message}` }))}
        />
      ) : null}
      <Form method="post" encType="multipart/form-data" noValidate className="dossier-form">
        {d.form.sections
          .filter((s) => conditionHolds(s.showIf, answers))
          .map((s) => (
            <section key={s.key} aria-labelledby={`preview-${s.key}`}>
              <h2 id={`preview-${s.key}`}>{localized(s.title, locale)}</h2>
              {s.intro ? <p className="lead">{localized(s.intro, locale)}</p> : null}
              {s.items.map((item) => {
                const shown = isFieldActive(d.form, item.key, answers);
                if (!isField(item)) {
                  return (
                    <div key={item.key} className="explanation" hidden={!shown}>
                      {item.title ? <h3>{localized(item.title, locale)}</h3> : null}
                      {localized(item.body, locale)
                        .split(/\n\n+/)
                        .map((p, i) => (
                          <p key={i}>{p}</p>
                        ))}
                    </div>
                  );
                }
                return (
                  <FieldView
                    key={item.key}
                    field={item}
                    value={answers[item.key]}
                    version={0}
                    problem={problems.get(item.key)}
                    readOnly={false}
                    attachments={[]}
                    dossierId="apercu"
                    maxFileMb={d.maxFileMb}
                    hidden={!shown}
                    extraRow={result?.addRow === item.key}
                  />
                );
              })}
            </section>
          ))}
        <div className="actions">
          <button type="submit" name="intent" value="check" className="button primary">
            {t("studio.preview.check")}
          </button>
        </div>
      </Form>
    </StudioLayout>
  );
}
