import { useEffect, useRef, useState } from "react";
import { Form, Link, redirect, useActionData, useLoaderData, useRevalidator } from "react-router";
import { allowFromAddress } from "../auth/accounts.server";
import { addAttachment, removeAttachment } from "../domain/applications/attachments.server";
import { assertEditable, saveAnswers, type SaveResult } from "../domain/applications/dossiers.server";
import { keepPendingSave } from "../domain/applications/pending-saves.server";
import { conflictsView, sectionView } from "../domain/applications/views.server";
import { findCallById, formDefinition } from "../domain/calls/calls.server";
import { conditionHolds, isField, localized, type Field, type Item } from "../forms/definition";
import { changesFromForm } from "../forms/read-form.server";
import { postedFiles, readIntent } from "../http/parse-form.server";
import { t } from "../i18n/i18n";
import { formatParisClock } from "../lib/paris-time";
import { attempt, notFound, orNotFound, requireMemberDossier } from "../lib/route-helpers.server";
import { useAutosave } from "../ui/autosave";
import { FieldView } from "../ui/form-field";
import { ErrorSummary, Notice } from "../ui/forms";
import { useT } from "../ui/i18n";
import type { Route } from "./+types/dossier-section";

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data ? `${data.sectionTitle} — Trame` : "Trame" }];
}

async function load(context: Route.LoaderArgs["context"], request: Request, params: Route.LoaderArgs["params"]) {
  const { user, dossier } = await requireMemberDossier(context, request, params.id);
  const db = context.services.db;
  const def = await formDefinition(db, dossier.form_version_id);
  const section = def.sections.find((s) => s.key === params.section);
  if (!section) notFound(context);
  const call = await findCallById(db, dossier.call_id);
  if (!call) notFound(context);
  return { user, db, dossier, def, section, call };
}

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { dossier } = await requireMemberDossier(context, request, params.id);
  const url = new URL(request.url);
  return {
    ...(await orNotFound(
      context,
      sectionView(
        context.services.db,
        dossier,
        params.section,
        url.searchParams.get("reprise"),
        context.services.config.uploadLimits.maxFileBytes,
        context.locale,
      ),
    )),
    upload: url.searchParams.get("upload"),
    uploadMessage:
      url.searchParams.get("upload") === "ok"
        ? t(context.locale, "upload.ok", { name: url.searchParams.get("name") ?? "" })
        : (url.searchParams.get("message") ?? ""),
  };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  if (!context.user) {
    // The session expired while the person was typing: keep what they sent, restore it after sign-in.
    if (await allowFromAddress(context.services.db, "linkPagesByAddress", context.ip))
      return redirect(`/connexion?redirectTo=${encodeURIComponent(`/dossiers/${params.id}`)}`);
    const form = await request.formData();
    const token = await keepPendingSave(context.services.db, { dossierId: params.id, sectionKey: params.section, form });
    const back = `/dossiers/${params.id}/parties/${params.section}?reprise=${token}`;
    return redirect(`/connexion?redirectTo=${encodeURIComponent(back)}&expire=1`);
  }
  const { user, db, dossier, def, section } = await load(context, request, params);
  const L = context.locale;
  const form = await request.formData();
  const intent = readIntent(form, "save");
  const now = new Date();
  const changes = changesFromForm(def, form);
  const saved = await attempt(context, async () => {
    if (changes.length === 0) {
      await assertEditable(db, dossier, now);
      return [] as SaveResult[];
    }
    return saveAnswers(db, { dossier, userId: user.id, changes, now, locale: L });
  });
  if (!saved.ok) {
    // Nothing is lost: what was typed comes back into the fields.
    // Files chosen with a refused save are not attached: say so plainly (a browser never keeps a chosen file).
    const notAttached = [...form.entries()]
      .filter(([k, v]) => k.startsWith("file.") && typeof v !== "string" && v.size > 0)
      .map(([, v]) => `« ${(v as File).name} » — ${t(L, "section.files.notAttachedRefused")}`);
    return {
      error: saved.error,
      typed: Object.fromEntries(changes.map((c) => [c.key, c.value])),
      conflicts: {},
      savedAt: null,
      addRow: null,
      removed: false,
      attached: [] as string[],
      fileErrors: notAttached,
    };
  }
  let removed = false;
  if (intent.startsWith("removeFile:")) {
    const r = await attempt(context, () => removeAttachment(db, { dossier, attachmentId: intent.slice("removeFile:".length), now }));
    removed = r.ok;
  }
  // Every save takes the files chosen in the form with it (issue 9: a chosen file was dropped when the
  // person pressed « Enregistrer » instead of a separate « Joindre » button). Each is checked as an upload.
  const attached: string[] = [];
  const fileErrors: string[] = [];
  for (const item of section.items) {
    if (!isField(item) || item.type !== "files") continue;
    for (const entry of postedFiles(form, `file.${item.key}`)) {
      const r = await attempt(context, async () =>
        addAttachment(db, context.services.storage, {
          dossier,
          fieldKey: item.key,
          originalName: entry.name || "document",
          data: Buffer.from(await entry.arrayBuffer()),
          truncated: false,
          userId: user.id,
          limits: context.services.config.uploadLimits,
          now,
        }),
      );
      if (r.ok) attached.push(r.value.safeName);
      else fileErrors.push(`« ${entry.name} » — ${r.error}`);
    }
  }
  const { conflicts, typed } = await conflictsView(db, section, saved.value, L);
  if (intent === "back" && Object.keys(conflicts).length === 0 && fileErrors.length === 0) {
    return new Response(null, { status: 303, headers: { Location: `/dossiers/${dossier.id}` } });
  }
  return {
    error: null,
    typed,
    conflicts,
    savedAt: formatParisClock(now, L),
    addRow: intent.startsWith("addRow:") ? intent.slice("addRow:".length) : null,
    removed,
    attached,
    fileErrors,
  };
}

/** « La question « X » apparaîtra ici si vous répondez « Y » à « Z », après avoir enregistré. » */
function conditionNote(item: Field, items: Item[], locale: string, t: ReturnType<typeof useT>["t"]): string {
  const c = item.showIf!;
  const source = items.find((i) => i.key === c.field);
  const sourceLabel = source && isField(source) ? localized(source.label, locale) : c.field;
  const optionLabel = (v: string | boolean) => {
    if (source && isField(source) && (source.type === "choice" || source.type === "multichoice"))
      return localized(source.options.find((o) => o.value === v)?.label, locale) || String(v);
    if (v === "yes" || v === true) return t("common.yes");
    if (v === "no" || v === false) return t("common.no");
    return String(v);
  };
  const answer = "equals" in c ? optionLabel(c.equals) : "in" in c ? c.in.map(optionLabel).join(" / ") : t("field.conditionAny");
  return t("field.conditionWaiting", { question: localized(item.label, locale), answer, source: sourceLabel });
}

export default function DossierSection() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, locale } = useT();
  const formRef = useRef<HTMLFormElement>(null);
  const status = useAutosave(formRef, d.dossierId, d.sectionKey, d.editable, d.loadedAt);
  const typed = (result?.typed ?? (result ? {} : (d.restored ?? {}))) as Record<string, unknown>;
  const conflicts = (result?.conflicts ?? {}) as Record<string, { theirs: string; by: string; at: string; version: number }>;
  const [live, setLive] = useState<Record<string, unknown>>({});
  const values: Record<string, unknown> = {
    ...Object.fromEntries(Object.entries(d.answers).map(([k, v]) => [k, v.value])),
    ...typed,
    ...live,
  };

  // With JavaScript, conditional questions appear and disappear as the person answers.
  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    const update = () => {
      const fd = new FormData(form);
      const next: Record<string, unknown> = {};
      for (const item of d.section.items)
        if (item.type === "yesno" || item.type === "choice") next[item.key] = fd.get(`f.${item.key}`) ?? values[item.key];
      setLive(next);
    };
    form.addEventListener("change", update);
    return () => form.removeEventListener("change", update);
    // The part's saved values come with the part: the listener follows the part.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [d.section]);

  // With JavaScript, a chosen file is attached at once through the streaming upload endpoint (no button
  // to forget); without, the next save takes it (see the action).
  const revalidator = useRevalidator();
  // Outside the form, which is rebuilt when the page's data is re-read after the upload.
  const [uploadStatus, setUploadStatus] = useState("");
  useEffect(() => {
    const form = formRef.current;
    if (!form || !d.editable) return;
    const onChange = async (e: Event) => {
      const input = e.target as HTMLInputElement;
      const key = input.dataset?.fileFor;
      if (!key || !input.files?.length) return;
      const file = input.files[0];
      setUploadStatus(t("section.files.sending", { name: file.name }));
      const body = new FormData();
      body.set("fieldKey", key);
      body.set("file", file);
      try {
        const res = await fetch(`/dossiers/${d.dossierId}/fichiers`, {
          method: "POST",
          body,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        const data = (await res.json().catch(() => ({}))) as { message?: string; name?: string };
        if (res.ok) {
          input.value = "";
          setUploadStatus(t("upload.ok", { name: data.name ?? file.name }));
          revalidator.revalidate();
        } else {
          input.value = "";
          setUploadStatus(data.message ?? t("error.server"));
        }
      } catch {
        // Offline: the file stays chosen and goes with the next save.
        setUploadStatus(t("section.files.willGoWithSave", { name: file.name }));
      }
    };
    form.addEventListener("change", onChange);
    return () => form.removeEventListener("change", onChange);
    // The form is rebuilt for each part and each re-read of the data (its key): listen to the current one.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [d.dossierId, d.editable, d.loadedAt]);

  // With JavaScript, commune inputs suggest official communes as the person types.
  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onInput = (e: Event) => {
      const input = e.target as HTMLInputElement;
      if (!input.dataset.communeSearch || !input.list) return;
      const list = input.list;
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = input.value.trim();
        if (q.length < 2) return;
        const res = await fetch(`/api/communes?q=${encodeURIComponent(q)}`).catch(() => null);
        if (!res?.ok) return;
        const items = (await res.json()) as { label: string; postal: string }[];
        list.replaceChildren(
          ...items.map((c) => Object.assign(document.createElement("option"), { value: c.label, label: `${c.label} ${c.postal}` })),
        );
      }, 250);
    };
    form.addEventListener("input", onInput);
    return () => form.removeEventListener("input", onInput);
  }, [d.loadedAt]);

  const conflictCount = Object.keys(conflicts).length;
  const problemList = Object.entries(d.problems).map(([key, message]) => {
    const item = d.section.items.find((i) => i.key === key);
    return {
      href: `#q-${key}`,
      message: t("common.labelled", { label: item && "label" in item ? localized(item.label, locale) : key, value: message }),
    };
  });
  const hasConditions = d.section.items.some((i) => i.showIf);
  return (
    <div className="page">
      <p>
        <Link to={`/dossiers/${d.dossierId}`}>← {t("common.back")}</Link>
      </p>
      <h1>{d.sectionTitle}</h1>
      {d.intro ? <p className="lead">{d.intro}</p> : null}
      {d.restored && !result ? <Notice kind="warning">{t("section.restored")}</Notice> : null}
      {!d.editable ? (
        <Notice kind="warning">
          {d.frozen ? t("dossier.frozen") : d.closed && d.state === "draft" ? t("dossier.deadlinePassed") : t("dossier.notEditable")}
        </Notice>
      ) : null}
      {result?.error ? <ErrorSummary title={t("error.title")} errors={[{ message: result.error }]} /> : null}
      {result?.savedAt && !result.error ? <Notice kind="success">{t("section.saved", { time: result.savedAt })}</Notice> : null}
      {result?.removed ? <Notice kind="success">{t("section.files.removed")}</Notice> : null}
      {result?.attached?.length ? (
        <Notice kind="success">{result.attached.map((name) => t("upload.ok", { name })).join(" ")}</Notice>
      ) : null}
      {result?.fileErrors?.length ? (
        <ErrorSummary title={t("section.files.notAttached")} errors={result.fileErrors.map((message) => ({ message }))} />
      ) : null}
      {conflictCount > 0 ? <Notice kind="warning">{t("section.conflict.summary", { n: conflictCount })}</Notice> : null}
      {d.upload ? <Notice kind={d.upload === "ok" ? "success" : "error"}>{d.uploadMessage}</Notice> : null}
      {problemList.length > 0 && !result?.error ? (
        <div className="problems">
          <p>{t("section.problems", { n: problemList.length })}</p>
          <ul>
            {problemList.map((p, i) => (
              <li key={i}>
                <a href={p.href}>{p.message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="autosave-status" role="status" aria-live="polite" data-autosave-status="1">
        {status}
      </p>
      <p className="upload-status" role="status" aria-live="polite" data-upload-status="1">
        {uploadStatus}
      </p>
      <Form method="post" encType="multipart/form-data" ref={formRef} key={`${d.loadedAt}`} noValidate className="dossier-form">
        <input
          type="hidden"
          name="_fields"
          value={d.section.items
            .filter((i) => isField(i) && i.type !== "files")
            .map((i) => i.key)
            .join(",")}
        />
        {d.section.items.map((item) => {
          const shown = conditionHolds(item.showIf, values);
          if (!isField(item)) {
            return (
              <div key={item.key} className="explanation" hidden={!shown}>
                {item.title ? <h2>{localized(item.title, locale)}</h2> : null}
                {localized(item.body, locale)
                  .split(/\n\n+/)
                  .map((p, i) => (
                    <p key={i}>{p}</p>
                  ))}
              </div>
            );
          }
          const stored = d.answers[item.key];
          const conflict = conflicts[item.key];
          // Without JavaScript a question that depends on another answer only appears after saving: say so
          // where it will appear, naming the answer that brings it (issue 9).
          const waiting =
            !shown && item.showIf && d.editable ? (
              <noscript key={`${item.key}-nojs`}>
                <p className="hint condition-note">{conditionNote(item, d.section.items, locale, t)}</p>
              </noscript>
            ) : null;
          return [
            waiting,
            <FieldView
              key={item.key}
              field={item}
              value={item.key in typed ? typed[item.key] : stored?.value}
              version={conflict ? conflict.version : (stored?.version ?? 0)}
              problem={d.problems[item.key]}
              readOnly={!d.editable}
              communeInfo={d.communeInfo[item.key]}
              attachments={d.attachments}
              dossierId={d.dossierId}
              maxFileMb={d.maxFileMb}
              hidden={!shown}
              extraRow={result?.addRow === item.key}
              conflict={conflict}
            />,
          ];
        })}
        {hasConditions && d.editable ? (
          <noscript>
            <p className="hint">{t("field.conditionNoJs")}</p>
          </noscript>
        ) : null}
        {d.editable ? (
          <div className="actions sticky-actions">
            <button type="submit" name="intent" value="save" className="button primary">
              {t("section.saveDraft")}
            </button>
            <button type="submit" name="intent" value="back" className="button">
              {t("section.saveAndBack")}
            </button>
          </div>
        ) : null}
      </Form>
      <nav className="section-nav" aria-label={t("dossier.sections")}>
        {d.prev ? <Link to={`/dossiers/${d.dossierId}/parties/${d.prev.key}`}>← {d.prev.title}</Link> : <span />}
        {d.next ? <Link to={`/dossiers/${d.dossierId}/parties/${d.next.key}`}>{d.next.title} →</Link> : null}
      </nav>
    </div>
  );
}
