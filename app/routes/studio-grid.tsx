import { CriterionRow, postedRows } from "../domain/calls/studio-inputs.server";
// The review grid: criteria, their scale and their weight in the overall score.
import { Form, useActionData, useLoaderData } from "react-router";
import { criteriaFrom } from "../domain/calls/studio-forms";
import { t } from "../i18n/i18n";
import { loadStudio, saveRowsFromForm, studioHeader } from "../lib/studio-route.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { Revision, StudioLayout } from "../ui/studio";
import type { Route } from "./+types/studio-grid";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "studio.nav.grid");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { call, problems } = await loadStudio(context, request, params.callId);
  return { h: studioHeader(context, call, problems), criteria: call.content.criteria };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const form = await request.formData();
  return saveRowsFromForm(
    context,
    request,
    params.callId,
    form,
    (e) => ({ ...e, content: { ...e.content, criteria: criteriaFrom(postedRows(form, CriterionRow, "c", 50), e.content.criteria) } }),
    t(context.locale, "studio.saved"),
  );
}

export default function StudioGrid() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const typed = result?.typed ?? null;
  const typedCount = typed ? Number(typed.count) || 0 : d.criteria.length;
  const rows = Math.max(typedCount + (result?.extra || (!typed && d.criteria.length === 0) ? 1 : 0), 1);
  const v = (i: number, name: string, fallback: string | number | undefined) =>
    typed?.[`c.${i}.${name}`] ?? (fallback === undefined ? "" : String(fallback));
  const total = d.criteria.reduce((s, c) => s + (c.weight ?? 1), 0);
  return (
    <StudioLayout h={d.h} heading={t("studio.nav.grid")} result={result && (result.error || result.notice) ? result : null}>
      <p>{t("studio.grid.intro")}</p>
      <Form method="post" key={typed ? `typed-${rows}` : d.h.revision}>
        <Revision h={d.h} />
        <input type="hidden" name="count" value={rows} />
        {Array.from({ length: rows }, (_, i) => {
          const c = typed ? undefined : d.criteria[i];
          const field = (name: string, label: string, fallback: string | number | undefined, long = false) => (
            <div className="field">
              <label htmlFor={`c-${i}-${name}`}>{label}</label>
              {long ? (
                <textarea id={`c-${i}-${name}`} name={`c.${i}.${name}`} rows={2} defaultValue={v(i, name, fallback)} />
              ) : (
                <input
                  id={`c-${i}-${name}`}
                  name={`c.${i}.${name}`}
                  type="text"
                  inputMode={name === "min" || name === "max" || name === "weight" ? "decimal" : undefined}
                  defaultValue={v(i, name, fallback)}
                />
              )}
            </div>
          );
          return (
            <fieldset key={i} className="group-row">
              <legend>{t("studio.grid.criterion", { n: i + 1 })}</legend>
              <input type="hidden" name={`c.${i}.key`} value={v(i, "key", c?.key)} />
              {field("label.fr", `${t("studio.grid.label")} (${t("studio.texts.french")})`, c?.label.fr)}
              {field("label.en", `${t("studio.grid.label")} (${t("studio.texts.english")})`, c?.label.en)}
              {field("description.fr", t("studio.grid.description"), c?.description.fr, true)}
              {field("min", t("studio.grid.min"), c?.scale.min ?? 0)}
              {field("max", t("studio.grid.max"), c?.scale.max ?? 4)}
              {field("weight", t("studio.grid.weight"), c?.weight ?? 1)}
              <div className="choice">
                <input type="checkbox" id={`c-${i}-remove`} name={`c.${i}.remove`} />
                <label htmlFor={`c-${i}-remove`}>{t("studio.grid.remove")}</label>
              </div>
            </fieldset>
          );
        })}
        {d.criteria.length ? <p className="meta">{t("studio.grid.total", { total })}</p> : null}
        <p className="actions">
          <button type="submit" name="intent" value="save" className="button primary">
            {t("studio.save")}
          </button>{" "}
          <button type="submit" name="intent" value="add" className="button">
            {t("studio.grid.add")}
          </button>
        </p>
      </Form>
    </StudioLayout>
  );
}
