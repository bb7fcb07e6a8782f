import { SettingsForm } from "../domain/calls/studio-inputs.server";
import { parseRow } from "../http/parse-form.server";
// The call's settings: who runs it and whom to contact, selection defaults, whether the selected sign a
// charter and form a community, and the texts its e-mails add.
import { Form, useActionData, useLoaderData } from "react-router";
import { featuresOf } from "../domain/calls/call-content";
import { settingsFrom } from "../domain/calls/studio-forms";
import { t } from "../i18n/i18n";
import { loadStudio, saveFromForm, studioHeader } from "../lib/studio-route.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { Revision, StudioLayout } from "../ui/studio";
import type { Route } from "./+types/studio-settings";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "studio.nav.settings");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { call, problems } = await loadStudio(context, request, params.callId);
  const c = call.content;
  const f = featuresOf(c);
  return {
    h: studioHeader(context, call, problems),
    values: {
      organiser: c.organiser,
      "contact.name": c.contact.name,
      "contact.role": c.contact.role,
      "contact.organisation": c.contact.organisation,
      "contact.email": c.contact.email,
      "contact.phone": c.contact.phone,
      targetSelection: String(c.targetSelection),
      maxPerRegion: c.selection?.maxPerRegion ? String(c.selection.maxPerRegion) : "",
      minOperational: c.selection?.minOperationalShare !== undefined ? String(Math.round(c.selection.minOperationalShare * 100)) : "",
      "receipt.fr": c.emails?.receipt?.fr ?? "",
      "receipt.en": c.emails?.receipt?.en ?? "",
      "reminder.fr": c.emails?.reminder?.fr ?? "",
      "reminder.en": c.emails?.reminder?.en ?? "",
    } as Record<string, string>,
    charter: f.charter,
    community: f.community,
  };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const form = await request.formData();
  return saveFromForm(
    context,
    request,
    params.callId,
    form,
    (e) => ({ ...e, content: settingsFrom(parseRow(form, SettingsForm, ""), e.content) }),
    t(context.locale, "studio.saved"),
  );
}

export default function StudioSettings() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const typed = result?.typed ?? null;
  const v = (name: string) => typed?.[name] ?? d.values[name] ?? "";
  const input = (name: string, label: string, type = "text") => (
    <div className="field">
      <label htmlFor={`s-${name}`}>{label}</label>
      <input id={`s-${name}`} name={name} type={type} inputMode={type === "number" ? "numeric" : undefined} defaultValue={v(name)} />
    </div>
  );
  const area = (name: string, label: string) => (
    <div className="field">
      <label htmlFor={`s-${name}`}>{label}</label>
      <textarea id={`s-${name}`} name={name} rows={3} defaultValue={v(name)} lang={name.endsWith(".en") ? "en" : undefined} />
    </div>
  );
  const box = (name: "charter" | "community", label: string) => (
    <div className="choice">
      <input type="checkbox" id={`s-${name}`} name={name} defaultChecked={typed ? typed[name] === "on" : d[name]} />
      <label htmlFor={`s-${name}`}>{label}</label>
    </div>
  );
  return (
    <StudioLayout h={d.h} heading={t("studio.nav.settings")} result={result}>
      <Form method="post" key={typed ? "typed" : d.h.revision}>
        <Revision h={d.h} />
        {input("organiser", t("studio.settings.organiser"))}
        <fieldset>
          <legend>{t("studio.settings.contact")}</legend>
          {input("contact.name", t("studio.settings.contactName"))}
          {input("contact.role", t("studio.settings.contactRole"))}
          {input("contact.organisation", t("studio.settings.contactOrganisation"))}
          {input("contact.email", t("studio.settings.contactEmail"), "email")}
          {input("contact.phone", t("studio.settings.contactPhone"), "tel")}
        </fieldset>
        <fieldset>
          <legend>{t("studio.settings.features")}</legend>
          {box("charter", t("studio.settings.charter"))}
          {box("community", t("studio.settings.community"))}
        </fieldset>
        <fieldset>
          <legend>{t("studio.settings.selection")}</legend>
          {input("targetSelection", t("studio.settings.target"), "number")}
          {input("maxPerRegion", t("studio.settings.maxPerRegion"), "number")}
          {input("minOperational", t("studio.settings.minOperational"), "number")}
        </fieldset>
        <fieldset>
          <legend>{t("studio.settings.emails")}</legend>
          {area("receipt.fr", `${t("studio.settings.receipt")} (${t("studio.texts.french")})`)}
          {area("receipt.en", `${t("studio.settings.receipt")} (${t("studio.texts.english")})`)}
          {area("reminder.fr", `${t("studio.settings.reminder")} (${t("studio.texts.french")})`)}
          {area("reminder.en", `${t("studio.settings.reminder")} (${t("studio.texts.english")})`)}
        </fieldset>
        <button type="submit" className="button primary">
          {t("studio.save")}
        </button>
      </Form>
    </StudioLayout>
  );
}
