import { QuestionForm } from "../domain/calls/studio-inputs.server";
import { parseRow, readIntent } from "../http/parse-form.server";
// One question in the studio: its wording in both languages, help, whether it is required, what it means
// to the platform, when it shows, and the settings of its type (options, limits, unit, columns and totals…).
import { Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { fieldsBefore, replaceItem } from "../domain/calls/form-editing";
import { columnLines, explanationFrom, optionLines, questionFrom } from "../domain/calls/studio-forms";
import { isField, localized, type Field } from "../forms/definition";
import { MEANINGS } from "../forms/meanings";
import { FILE_KINDS } from "../forms/types/files/definition";
import { t } from "../i18n/i18n";
import { notFound } from "../lib/route-helpers.server";
import { loadStudio, saveFromForm, studioHeader } from "../lib/studio-route.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { Revision, StudioLayout, studioPath } from "../ui/studio";
import type { Route } from "./+types/studio-question";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "studio.nav.form");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { call, problems } = await loadStudio(context, request, params.callId);
  const item = call.form.sections.flatMap((s) => s.items).find((i) => i.key === params.key);
  if (!item) notFound(context);
  const field = isField(item) ? item : null;
  const L = context.locale;
  const conditionChoices = fieldsBefore(call.form, item.key)
    .filter((f) => f.type === "yesno" || f.type === "choice")
    .map((f) => ({
      label: localized(f.label, L),
      options:
        f.type === "yesno"
          ? [
              { value: `${f.key}=yes`, label: t(L, "common.yes") },
              { value: `${f.key}=no`, label: t(L, "common.no") },
            ]
          : f.options.map((o) => ({ value: `${f.key}=${o.value}`, label: localized(o.label, L) })),
    }));
  const cond =
    item.showIf && "equals" in item.showIf
      ? `${item.showIf.field}=${String(item.showIf.equals === true ? "yes" : item.showIf.equals === false ? "no" : item.showIf.equals)}`
      : "";
  return {
    h: studioHeader(context, call, problems),
    field,
    explanation: isField(item) ? null : item,
    typeLabel: t(L, `studio.type.${item.type}` as "studio.type.text"),
    meanings: Object.entries(MEANINGS)
      .filter(([, m]) => (m.types as readonly string[]).includes(item.type))
      .map(([key, m]) => ({ key, doc: m.doc })),
    conditionChoices,
    values: {
      condition: cond,
      options: field && (field.type === "choice" || field.type === "multichoice") ? optionLines(field.options) : "",
      columns: field?.type === "table" ? columnLines(field.columns) : "",
    },
    problems: problems.filter((p) => p.target === item.key).map((p) => t(L, p.key, p.vars)),
  };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const form = await request.formData();
  const key = params.key;
  const posted = parseRow(form, QuestionForm, "");
  const result = await saveFromForm(
    context,
    request,
    params.callId,
    form,
    (e) => {
      const item = e.form.sections.flatMap((s) => s.items).find((i) => i.key === key);
      if (!item) return e;
      return {
        ...e,
        form: replaceItem(e.form, key, isField(item) ? questionFrom(posted, item, e.form) : explanationFrom(posted, item, e.form)),
      };
    },
    t(context.locale, "studio.q.saved"),
  );
  if (!result.error && readIntent(form) === "saveAndBack") throw redirect(studioPath(params.callId, "/formulaire"), 303);
  return result;
}

export default function StudioQuestion() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  if (d.explanation) return <ExplanationEditor />;
  const f = d.field as Field;
  const typed = result?.typed ?? null;
  const v = (name: string, fallback: string | number | undefined) => typed?.[name] ?? (fallback === undefined ? "" : String(fallback));
  const checked = (name: string, fallback: boolean | undefined) => (typed ? typed[name] === "on" : Boolean(fallback));
  const input = (name: string, label: string, fallback: string | number | undefined, type = "text", hint?: string) => (
    <div className="field">
      <label htmlFor={`q-${name}`}>{label}</label>
      {hint ? (
        <p className="hint" id={`q-${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        id={`q-${name}`}
        name={name}
        type={type}
        inputMode={type === "text" ? undefined : "decimal"}
        defaultValue={v(name, fallback)}
        aria-describedby={hint ? `q-${name}-hint` : undefined}
      />
    </div>
  );
  const box = (name: string, label: string, fallback: boolean | undefined) => (
    <div className="choice">
      <input type="checkbox" id={`q-${name}`} name={name} defaultChecked={checked(name, fallback)} />
      <label htmlFor={`q-${name}`}>{label}</label>
    </div>
  );
  const label = localized(f.label, "fr");
  return (
    <StudioLayout h={d.h} heading={t("studio.q.title", { label })} result={result}>
      <p>
        <Link to={studioPath(d.h.id, "/formulaire")}>{t("studio.q.back")}</Link>
      </p>
      <p className="meta">{t("studio.q.type", { type: d.typeLabel })}</p>
      {d.problems.length ? (
        <ul className="problem-list">
          {d.problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      ) : null}
      <Form method="post" key={typed ? "typed" : d.h.revision}>
        <Revision h={d.h} />
        {input("label.fr", t("studio.q.labelFr"), f.label.fr)}
        {input("label.en", t("studio.q.labelEn"), f.label.en)}
        <div className="field">
          <label htmlFor="q-help-fr">{t("studio.q.helpFr")}</label>
          <textarea id="q-help-fr" name="help.fr" rows={3} defaultValue={v("help.fr", f.help?.fr)} />
        </div>
        <div className="field">
          <label htmlFor="q-help-en">{t("studio.q.helpEn")}</label>
          <textarea id="q-help-en" name="help.en" rows={3} defaultValue={v("help.en", f.help?.en)} lang="en" />
        </div>
        {box("required", t("studio.q.required"), f.required)}
        {box("filterable", t("studio.q.filterable"), f.filterable)}
        <div className="field">
          <label htmlFor="q-meaning">{t("studio.q.meaning")}</label>
          <p className="hint" id="q-meaning-hint">
            {t("studio.q.meaningHint")}
          </p>
          <select id="q-meaning" name="meaning" defaultValue={v("meaning", f.meaning)} aria-describedby="q-meaning-hint">
            <option value="">{t("studio.q.meaningNone")}</option>
            {d.meanings.map((m) => (
              <option key={m.key} value={m.key}>
                {m.key} — {m.doc}
              </option>
            ))}
          </select>
        </div>
        <ConditionField choices={d.conditionChoices} value={v("condition", d.values.condition)} />
        {f.type === "text" || f.type === "longtext" ? input("maxLength", t("studio.q.maxLength"), f.maxLength, "text") : null}
        {f.type === "longtext" ? input("lengthHint", t("studio.q.lengthHint"), f.lengthHint, "text") : null}
        {f.type === "choice" || f.type === "multichoice" ? (
          <div className="field">
            <label htmlFor="q-options">{t("studio.q.options")}</label>
            <p className="hint" id="q-options-hint">
              {t("studio.q.optionsHint")}
            </p>
            <textarea
              id="q-options"
              name="options"
              rows={6}
              defaultValue={v("options", d.values.options)}
              aria-describedby="q-options-hint"
            />
          </div>
        ) : null}
        {f.type === "choice" ? (
          <>
            <div className="field">
              <label htmlFor="q-display">{t("studio.q.display")}</label>
              <select id="q-display" name="display" defaultValue={v("display", f.display ?? "radio")}>
                <option value="radio">{t("studio.q.displayRadio")}</option>
                <option value="select">{t("studio.q.displaySelect")}</option>
              </select>
            </div>
            {f.meaning === "stage" ? (
              <div className="field">
                <label htmlFor="q-operational">{t("studio.q.operational")}</label>
                <select
                  id="q-operational"
                  name="operational"
                  defaultValue={v("operational", f.options.find((o) => o.means === "operational")?.value)}
                >
                  <option value="">{t("studio.q.ruleNone")}</option>
                  {f.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {localized(o.label, "fr")}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
          </>
        ) : null}
        {f.type === "multichoice" ? (
          <>
            {input("minSelected", t("studio.q.min"), f.minSelected)}
            {input("maxSelected", t("studio.q.max"), f.maxSelected)}
          </>
        ) : null}
        {f.type === "number" || f.type === "money" ? (
          <>
            {input("min", t("studio.q.min"), f.min)}
            {input("max", t("studio.q.max"), f.max)}
          </>
        ) : null}
        {f.type === "number" ? (
          <>
            {input("unit.fr", t("studio.q.unit"), f.unit?.fr)}
            {box("integer", t("studio.q.integer"), f.integer)}
            {box("year", t("studio.q.year"), f.year)}
          </>
        ) : null}
        {f.type === "money" ? box("wholeEuros", t("studio.q.wholeEuros"), f.wholeEuros) : null}
        {f.type === "date" ? box("monthPrecision", t("studio.q.monthPrecision"), f.precision === "month") : null}
        {f.type === "files" ? (
          <>
            {input("maxFiles", t("studio.q.maxFiles"), f.maxFiles)}
            {input("maxFileMb", t("studio.q.maxFileMb"), f.maxFileMb)}
            <fieldset>
              <legend>{t("studio.q.accept")}</legend>
              {FILE_KINDS.map((k) => (
                <div className="choice" key={k}>
                  <input type="checkbox" id={`q-accept-${k}`} name="accept" value={k} defaultChecked={!f.accept || f.accept.includes(k)} />
                  <label htmlFor={`q-accept-${k}`}>{t(`field.files.kind.${k}`)}</label>
                </div>
              ))}
            </fieldset>
          </>
        ) : null}
        {f.type === "table" ? (
          <>
            <div className="field">
              <label htmlFor="q-columns">{t("studio.q.columns")}</label>
              <p className="hint" id="q-columns-hint">
                {t("studio.q.columnsHint")}
              </p>
              <textarea
                id="q-columns"
                name="columns"
                rows={5}
                defaultValue={v("columns", d.values.columns)}
                aria-describedby="q-columns-hint"
              />
            </div>
            <fieldset>
              <legend>{t("studio.q.rule")}</legend>
              {(["ruleLeft", "ruleOp", "ruleRight"] as const).map((name) => (
                <div className="field" key={name}>
                  <label htmlFor={`q-${name}`}>
                    {t(name === "ruleLeft" ? "studio.q.ruleLeft" : name === "ruleOp" ? "studio.q.ruleOp" : "studio.q.ruleRight")}
                  </label>
                  <select
                    id={`q-${name}`}
                    name={name}
                    defaultValue={v(
                      name,
                      name === "ruleOp" ? f.rules?.[0]?.op : name === "ruleLeft" ? f.rules?.[0]?.left : f.rules?.[0]?.right,
                    )}
                  >
                    <option value="">{t("studio.q.ruleNone")}</option>
                    {name === "ruleOp"
                      ? (["equal", "atMost", "atLeast"] as const).map((op) => (
                          <option key={op} value={op}>
                            {t(op === "equal" ? "studio.q.ruleEqual" : op === "atMost" ? "studio.q.ruleAtMost" : "studio.q.ruleAtLeast")}
                          </option>
                        ))
                      : f.columns
                          .filter((c) => c.total)
                          .map((c) => (
                            <option key={c.key} value={c.key}>
                              {localized(c.label, "fr")}
                            </option>
                          ))}
                  </select>
                </div>
              ))}
            </fieldset>
            {input("minRows", t("studio.q.rowsMin"), f.minRows)}
            {input("maxRows", t("studio.q.rowsMax"), f.maxRows)}
          </>
        ) : null}
        <p className="actions">
          <button type="submit" name="intent" value="save" className="button primary">
            {t("studio.save")}
          </button>{" "}
          <button type="submit" name="intent" value="saveAndBack" className="button">
            {t("studio.q.saveAndBack")}
          </button>
        </p>
      </Form>
    </StudioLayout>
  );
}

/** A block of explanation: title and text in both languages, and when it shows. */
function ExplanationEditor() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const e = d.explanation!;
  const typed = result?.typed ?? null;
  const v = (name: string, fallback: string | undefined) => typed?.[name] ?? fallback ?? "";
  return (
    <StudioLayout h={d.h} heading={t("studio.q.explanationTitle", { label: e.title?.fr ?? e.key })} result={result}>
      <p>
        <Link to={studioPath(d.h.id, "/formulaire")}>{t("studio.q.back")}</Link>
      </p>
      {d.problems.length ? (
        <ul className="problem-list">
          {d.problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      ) : null}
      <Form method="post" key={typed ? "typed" : d.h.revision}>
        <Revision h={d.h} />
        {(["fr", "en"] as const).map((lang) => (
          <div className="field" key={`title-${lang}`}>
            <label htmlFor={`q-label-${lang}`}>{t(lang === "fr" ? "studio.q.labelFr" : "studio.q.labelEn")}</label>
            <input
              id={`q-label-${lang}`}
              name={`label.${lang}`}
              type="text"
              defaultValue={v(`label.${lang}`, e.title?.[lang])}
              lang={lang}
            />
          </div>
        ))}
        {(["fr", "en"] as const).map((lang) => (
          <div className="field" key={`body-${lang}`}>
            <label htmlFor={`q-body-${lang}`}>{t(lang === "fr" ? "studio.q.bodyFr" : "studio.q.bodyEn")}</label>
            <textarea id={`q-body-${lang}`} name={`body.${lang}`} rows={8} defaultValue={v(`body.${lang}`, e.body[lang])} lang={lang} />
          </div>
        ))}
        <ConditionField choices={d.conditionChoices} value={v("condition", d.values.condition)} />
        <p className="actions">
          <button type="submit" name="intent" value="save" className="button primary">
            {t("studio.save")}
          </button>{" "}
          <button type="submit" name="intent" value="saveAndBack" className="button">
            {t("studio.q.saveAndBack")}
          </button>
        </p>
      </Form>
    </StudioLayout>
  );
}

/** « Afficher seulement si » : one select of the earlier questions' answers, grouped by question (no JavaScript needed). */
function ConditionField({ choices, value }: { choices: { label: string; options: { value: string; label: string }[] }[]; value: string }) {
  const { t } = useT();
  return (
    <div className="field">
      <label htmlFor="q-condition">{t("studio.q.condition")}</label>
      <p className="hint" id="q-condition-hint">
        {t("studio.q.conditionHint")}
      </p>
      <select id="q-condition" name="condition" defaultValue={value} aria-describedby="q-condition-hint">
        <option value="">{t("studio.q.conditionNone")}</option>
        {choices.map((c) => (
          <optgroup key={c.label} label={c.label}>
            {c.options.map((o) => (
              <option key={o.value} value={o.value}>
                {c.label} — {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
