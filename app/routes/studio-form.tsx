import { STUDIO_FORM_KEYED, StudioFormEdit } from "../domain/calls/inputs.server";
import { readIntent, safeParseNamed } from "../http/parse-form.server";
// The form editor: parts and their questions in order. Every move works by keyboard and without JavaScript
// (« Monter », « Descendre »); with JavaScript a question can also be dragged, and the new order is saved.
import { useState } from "react";
import { Form, Link, useActionData, useLoaderData, useSubmit } from "react-router";
import {
  addQuestion,
  addSection,
  moveItem,
  moveSection,
  removeItem,
  removeSection,
  reorder,
  replaceSection,
  STUDIO_TYPES,
  type StudioType,
} from "../domain/calls/form-editing";
import { pendingVersion, publishFormVersion } from "../domain/calls/form-versions.server";
import { isField, localized, type FormDefinition } from "../forms/definition";
import { t } from "../i18n/i18n";
import { attempt, notFound } from "../lib/route-helpers.server";
import { loadStudio, saveFromForm, studioHeader } from "../lib/studio-route.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { Revision, StudioLayout, studioPath } from "../ui/studio";
import type { Route } from "./+types/studio-form";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "studio.nav.form");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { call, problems } = await loadStudio(context, request, params.callId);
  const L = context.locale;
  const pending = call.status === "published" && call.formPending ? await pendingVersion(context.services.db, call) : null;
  return {
    h: studioHeader(context, call, problems),
    pending: pending
      ? {
          summary: t(L, "studio.version.summary", {
            added: pending.added.length,
            removed: pending.removed.length,
            required: pending.newlyRequired.length,
            drafts: pending.drafts,
          }),
          unsafe: pending.unsafe.map((u) => t(L, u.key, u.vars)),
          version: call.formVersion,
        }
      : null,
    sections: call.form.sections.map((s) => ({
      key: s.key,
      title: localized(s.title, L),
      items: s.items.map((i) => ({
        key: i.key,
        label: isField(i) ? localized(i.label, L) : localized(i.title ?? i.body, L).slice(0, 80),
        type: i.type,
        required: isField(i) && Boolean(i.required),
        conditional: Boolean(i.showIf),
        meaning: isField(i) ? (i.meaning ?? null) : null,
        editable: true,
      })),
    })),
  };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const form = await request.formData();
  const L = context.locale;
  const intent = readIntent(form);
  const [verb, key = ""] = intent.split(":", 2);
  const posted = safeParseNamed(form, StudioFormEdit, (name) => (STUDIO_FORM_KEYED.includes(name) ? `${name}.${key}` : name));
  if (!posted.success) return { error: t(L, "form.invalidValue"), typed: null };
  const fields = posted.data;
  let change: ((f: FormDefinition) => FormDefinition) | null = null;
  switch (verb) {
    case "addSection":
      if (!fields.sectionTitle)
        return { error: t(L, "common.labelled", { label: t(L, "studio.form.sectionTitle"), value: t(L, "field.required") }), typed: null };
      change = (f) => addSection(f, fields.sectionTitle).form;
      break;
    case "renameSection":
      if (!fields.title)
        return { error: t(L, "common.labelled", { label: t(L, "studio.form.sectionTitle"), value: t(L, "field.required") }), typed: null };
      change = (f) => replaceSection(f, key, (s) => ({ ...s, title: { ...s.title, fr: fields.title } }));
      break;
    case "sectionUp":
    case "sectionDown":
      change = (f) => moveSection(f, key, verb === "sectionUp" ? -1 : 1);
      break;
    case "removeSection":
      change = (f) => removeSection(f, key);
      break;
    case "addQuestion": {
      const type = fields.type as StudioType;
      if (!(STUDIO_TYPES as readonly string[]).includes(type)) return { error: t(L, "field.choice"), typed: null };
      if (!fields.label)
        return { error: t(L, "common.labelled", { label: t(L, "studio.form.questionLabel"), value: t(L, "field.required") }), typed: null };
      change = (f) => addQuestion(f, key, type, fields.label).form;
      break;
    }
    case "up":
    case "down":
      change = (f) => moveItem(f, key, verb === "up" ? -1 : 1);
      break;
    case "remove":
      change = (f) => removeItem(f, key);
      break;
    case "publishVersion": {
      const { user } = await loadStudio(context, request, params.callId);
      const r = await attempt(context, () =>
        publishFormVersion(context.services.db, {
          callId: params.callId,
          actorId: user.id,
          revision: fields.revision,
          appUrl: context.services.config.appUrl,
        }),
      );
      return r.ok ? { notice: t(L, "studio.version.published", { ...r.value }), typed: null } : { error: r.error, typed: null };
    }
    case "order":
      change = (f) => reorder(f, fields.order.split(",").filter(Boolean).slice(0, 2000));
      break;
    default:
      notFound(context);
  }
  const apply = change!;
  return saveFromForm(context, request, params.callId, form, (e) => ({ ...e, form: apply(e.form) }), t(L, "studio.saved"));
}

type Sections = Awaited<ReturnType<typeof loader>>["sections"];

export default function StudioForm() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const submit = useSubmit();
  const [dragged, setDragged] = useState<string | null>(null);
  const [order, setOrder] = useState<Sections | null>(null);
  const sections = order ?? d.sections;
  const base = studioPath(d.h.id);

  // Dragging a question over another puts it there; dropping saves the new order (same path as the buttons).
  const moveOver = (targetKey: string) => {
    if (!dragged || dragged === targetKey) return;
    const all = (order ?? d.sections).map((s) => ({ ...s, items: [...s.items] }));
    const from = all.find((s) => s.items.some((i) => i.key === dragged))!;
    const item = from.items.splice(
      from.items.findIndex((i) => i.key === dragged),
      1,
    )[0];
    const to = all.find((s) => s.items.some((i) => i.key === targetKey));
    if (!to) return;
    to.items.splice(
      to.items.findIndex((i) => i.key === targetKey),
      0,
      item,
    );
    setOrder(all);
  };
  const saveOrder = () => {
    if (!order) return;
    const tokens = order.flatMap((s) => [`section:${s.key}`, ...s.items.map((i) => `item:${i.key}`)]);
    submit({ intent: "order", order: tokens.join(","), revision: String(d.h.revision) }, { method: "post" });
    setDragged(null);
    setOrder(null);
  };

  return (
    <StudioLayout h={d.h} heading={t("studio.nav.form")} result={result}>
      <p>{t("studio.form.intro")}</p>
      {d.pending ? (
        <section aria-labelledby="pending-title" className="notice notice-warning">
          <h2 id="pending-title">{t("studio.form.pending", { version: d.pending.version })}</h2>
          <p>{d.pending.summary}</p>
          {d.pending.unsafe.length ? (
            <ul>
              {d.pending.unsafe.map((u, i) => (
                <li key={i}>{u}</li>
              ))}
            </ul>
          ) : null}
          <Form method="post">
            <Revision h={d.h} />
            <button type="submit" name="intent" value="publishVersion" className="button primary">
              {t("studio.form.publishVersion")}
            </button>
          </Form>
        </section>
      ) : d.h.status !== "draft" ? (
        <p className="hint">{t("studio.onlyDraft")}</p>
      ) : null}
      {sections.map((s, si) => (
        <section key={s.key} aria-labelledby={`sec-${s.key}`} className="studio-section">
          <h2 id={`sec-${s.key}`}>{s.title}</h2>
          <Form method="post" className="inline-form">
            <Revision h={d.h} />
            <div className="field">
              <label htmlFor={`title-${s.key}`}>{t("studio.form.sectionTitle")}</label>
              <input id={`title-${s.key}`} name={`title.${s.key}`} type="text" defaultValue={s.title} maxLength={300} />
            </div>
            <button type="submit" name="intent" value={`renameSection:${s.key}`} className="button">
              {t("studio.form.sectionRename")}
            </button>{" "}
            {si > 0 ? (
              <button
                type="submit"
                name="intent"
                value={`sectionUp:${s.key}`}
                className="button secondary"
                aria-label={t("studio.form.sectionUp", { label: s.title })}
              >
                ↑
              </button>
            ) : null}{" "}
            {si < sections.length - 1 ? (
              <button
                type="submit"
                name="intent"
                value={`sectionDown:${s.key}`}
                className="button secondary"
                aria-label={t("studio.form.sectionDown", { label: s.title })}
              >
                ↓
              </button>
            ) : null}{" "}
            <button type="submit" name="intent" value={`removeSection:${s.key}`} className="link-button danger">
              {t("studio.form.sectionRemove", { label: s.title })}
            </button>
          </Form>
          {s.items.length === 0 ? <p className="meta">{t("studio.form.empty")}</p> : null}
          <ol className="studio-questions">
            {s.items.map((i, ii) => (
              <li
                key={i.key}
                draggable
                onDragStart={() => setDragged(i.key)}
                onDragOver={(e) => {
                  e.preventDefault();
                  moveOver(i.key);
                }}
                onDrop={(e) => e.preventDefault()}
                onDragEnd={() => saveOrder()}
                className={dragged === i.key ? "dragging" : undefined}
                data-question={i.key}
              >
                <span className="drag-handle" aria-hidden="true" title={t("studio.form.dragHint")}>
                  ⠿
                </span>{" "}
                <strong>{i.label}</strong> <span className="meta">— {t(`studio.type.${i.type}` as "studio.type.text")}</span>
                {i.required ? <span className="meta"> · {t("studio.form.required")}</span> : null}
                {i.conditional ? <span className="meta"> · {t("studio.form.conditional")}</span> : null}
                {i.meaning ? <span className="meta"> · {t("studio.form.meaning", { meaning: i.meaning })}</span> : null}
                <Form method="post" className="inline-actions">
                  <Revision h={d.h} />
                  {i.editable ? <Link to={`${base}/formulaire/${i.key}`}>{t("studio.form.edit", { label: i.label })}</Link> : null}{" "}
                  {ii > 0 || si > 0 ? (
                    <button
                      type="submit"
                      name="intent"
                      value={`up:${i.key}`}
                      className="button secondary"
                      aria-label={t("studio.form.up", { label: i.label })}
                    >
                      ↑
                    </button>
                  ) : null}{" "}
                  {ii < s.items.length - 1 || si < sections.length - 1 ? (
                    <button
                      type="submit"
                      name="intent"
                      value={`down:${i.key}`}
                      className="button secondary"
                      aria-label={t("studio.form.down", { label: i.label })}
                    >
                      ↓
                    </button>
                  ) : null}{" "}
                  <button
                    type="submit"
                    name="intent"
                    value={`remove:${i.key}`}
                    className="link-button danger"
                    aria-label={t("studio.form.remove", { label: i.label })}
                  >
                    {t("section.files.remove")}
                  </button>
                </Form>
              </li>
            ))}
          </ol>
          <Form method="post" className="studio-add">
            <Revision h={d.h} />
            <h3>{t("studio.form.addQuestion", { section: s.title })}</h3>
            <div className="field">
              <label htmlFor={`label-${s.key}`}>{t("studio.form.questionLabel")}</label>
              <input id={`label-${s.key}`} name={`label.${s.key}`} type="text" maxLength={300} />
            </div>
            <div className="field">
              <label htmlFor={`type-${s.key}`}>{t("studio.form.questionType")}</label>
              <select id={`type-${s.key}`} name={`type.${s.key}`} defaultValue="text">
                {STUDIO_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`studio.type.${type}`)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" name="intent" value={`addQuestion:${s.key}`} className="button">
              {t("studio.form.add")}
            </button>
          </Form>
        </section>
      ))}
      <Form method="post" className="studio-add">
        <Revision h={d.h} />
        <h2>{t("studio.form.addSection")}</h2>
        <div className="field">
          <label htmlFor="new-section">{t("studio.form.sectionTitle")}</label>
          <input id="new-section" name="sectionTitle" type="text" maxLength={300} />
        </div>
        <button type="submit" name="intent" value="addSection" className="button">
          {t("studio.form.addSection")}
        </button>
      </Form>
    </StudioLayout>
  );
}
