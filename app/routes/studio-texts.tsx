import { TextsForm } from "../domain/calls/studio-inputs.server";
import { parseRow, readIntent } from "../http/parse-form.server";
// The call's texts in French and English, with a preview of the public page before saving.
import { Form, useActionData, useLoaderData } from "react-router";
import { callPageView } from "../domain/calls/call-page";
import { callClosesAt } from "../domain/calls/calls.server";
import { joinParagraphs, LIST_FIELDS, TEXT_FIELDS, textsFrom } from "../domain/calls/studio-forms";
import { t, type MessageKey } from "../i18n/i18n";
import { startOfParisDay } from "../lib/paris-time";
import { loadStudio, saveFromForm, studioHeader } from "../lib/studio-route.server";
import { CallPresentation } from "../ui/call-presentation";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { Revision, StudioLayout } from "../ui/studio";
import type { Route } from "./+types/studio-texts";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "studio.nav.texts");

const LABELS: Record<(typeof TEXT_FIELDS)[number] | (typeof LIST_FIELDS)[number], MessageKey> = {
  title: "studio.texts.title",
  subtitle: "studio.texts.subtitle",
  presentation: "studio.texts.presentation",
  conditions: "studio.texts.conditions",
  conditionsNote: "studio.texts.conditionsNote",
  commitmentsIntro: "studio.texts.commitmentsIntro",
  commitments: "studio.texts.commitments",
  howToApply: "studio.texts.howToApply",
  parts: "studio.texts.parts",
  closingThanks: "studio.texts.closingThanks",
};
const ORDER = [
  "title",
  "subtitle",
  "presentation",
  "conditions",
  "conditionsNote",
  "commitmentsIntro",
  "commitments",
  "howToApply",
  "parts",
  "closingThanks",
] as const;

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { call, problems } = await loadStudio(context, request, params.callId);
  const values: Record<string, string> = {};
  for (const k of TEXT_FIELDS) {
    values[`${k}.fr`] = call.content[k].fr;
    values[`${k}.en`] = call.content[k].en ?? "";
  }
  for (const k of LIST_FIELDS) {
    values[`${k}.fr`] = joinParagraphs(call.content[k], "fr");
    values[`${k}.en`] = joinParagraphs(call.content[k], "en");
  }
  return { h: studioHeader(context, call, problems), values };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const { call } = await loadStudio(context, request, params.callId);
  const form = await request.formData();
  if (readIntent(form) === "preview") {
    const content = textsFrom(parseRow(form, TextsForm, ""), call.content);
    const typed = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
    const preview = callPageView(
      {
        slug: call.slug,
        content,
        timeline: call.timeline,
        opensAt: startOfParisDay(call.timeline.opens),
        closesAt: callClosesAt(call.timeline),
        published: call.status === "published",
      },
      context.locale,
    );
    return { preview, typed };
  }
  return saveFromForm(
    context,
    request,
    params.callId,
    form,
    (e) => ({ ...e, content: textsFrom(parseRow(form, TextsForm, ""), e.content) }),
    t(context.locale, "studio.saved"),
  );
}

export default function StudioTexts() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const typed = result && "typed" in result ? result.typed : null;
  const value = (name: string) => typed?.[name] ?? d.values[name];
  const preview = result && "preview" in result ? result.preview : null;
  return (
    <StudioLayout h={d.h} heading={t("studio.nav.texts")} result={result && !("preview" in result) ? result : null}>
      <p>{t("studio.texts.intro")}</p>
      <Form method="post" key={typed ? "typed" : d.h.revision}>
        <Revision h={d.h} />
        {ORDER.map((k) => {
          const long = k !== "title" && k !== "subtitle";
          return (
            <fieldset key={k} className="studio-text">
              <legend>{t(LABELS[k])}</legend>
              {(["fr", "en"] as const).map((lang) => {
                const id = `text-${k}-${lang}`;
                const label = lang === "fr" ? t("studio.texts.french") : t("studio.texts.english");
                return (
                  <div className="field" key={lang}>
                    <label htmlFor={id}>{label}</label>
                    {long ? (
                      <textarea
                        id={id}
                        name={`${k}.${lang}`}
                        rows={k === "presentation" || k === "conditions" || k === "commitments" ? 6 : 3}
                        defaultValue={value(`${k}.${lang}`)}
                        lang={lang}
                      />
                    ) : (
                      <input id={id} name={`${k}.${lang}`} type="text" maxLength={200} defaultValue={value(`${k}.${lang}`)} lang={lang} />
                    )}
                  </div>
                );
              })}
            </fieldset>
          );
        })}
        <p className="actions">
          <button type="submit" name="intent" value="save" className="button primary">
            {t("studio.save")}
          </button>{" "}
          <button type="submit" name="intent" value="preview" className="button">
            {t("studio.texts.preview")}
          </button>
        </p>
      </Form>
      {preview ? (
        <section aria-labelledby="preview-title" className="studio-preview">
          <h2 id="preview-title">{t("studio.texts.previewTitle")}</h2>
          <p className="notice notice-info">{t("studio.texts.previewNote")}</p>
          <div className="preview-frame">
            <CallPresentation d={preview} preview headingLevel={3} />
          </div>
        </section>
      ) : null}
    </StudioLayout>
  );
}
