import { Form, Link, useActionData, useLoaderData } from "react-router";
import { addCommunityFile, removeCommunityFile, saveCharterText, setCharterPartner } from "../domain/charter/charter.server";
import { AdminCharterForms } from "../domain/charter/inputs.server";
import { adminCharterView } from "../domain/charter/views.server";
import { parseIntent, postedFiles } from "../http/parse-form.server";
import { t as translate } from "../i18n/i18n";
import { readForm } from "../lib/form-files.server";
import { attempt, requireOrganiser } from "../lib/route-helpers.server";
import { ErrorSummary, Notice } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/admin-charter";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "adminCharter.title");

/** Administrators: the charter's text (each change a new version), the files for signatories, the charter partner. */
export async function loader({ context, request }: Route.LoaderArgs) {
  requireOrganiser(context, request);
  return adminCharterView(context.services.db, context.locale);
}

export async function action({ context, request }: Route.ActionArgs): Promise<{ error?: string; notice?: string } | Response> {
  const user = requireOrganiser(context, request);
  const db = context.services.db;
  const L = context.locale;
  const read = await readForm(context, request);
  if (!read.form) return { error: read.error };
  const form = read.form;
  const p = parseIntent(form, AdminCharterForms, L);
  if (!p.ok) return { error: translate(L, "error.badRequest") };
  if (p.intent === "text") {
    const { title, body } = p.value;
    const r = await attempt(context, () => saveCharterText(db, { title, body, actorId: user.id, appUrl: context.services.config.appUrl }));
    return r.ok ? { notice: translate(L, "adminCharter.saved", { n: r.value }) } : { error: r.error };
  }
  if (p.intent === "file") {
    const [file] = postedFiles(form, "file");
    if (!file) return { error: translate(L, "upload.empty") };
    const { kind } = p.value;
    const r = await attempt(context, async () =>
      addCommunityFile(db, context.services.storage, {
        kind,
        name: file.name,
        data: Buffer.from(await file.arrayBuffer()),
        actorId: user.id,
        limits: context.services.config.uploadLimits,
      }),
    );
    return r.ok ? { notice: translate(L, "adminCharter.fileAdded") } : { error: r.error };
  }
  if (p.intent === "remove-file") {
    const { fileId } = p.value;
    const r = await attempt(context, () => removeCommunityFile(db, context.services.storage, { fileId, actorId: user.id }));
    return r.ok ? { notice: translate(L, "adminCharter.fileRemoved") } : { error: r.error };
  }
  const partner = p.intent === "partner";
  const { email } = p.value;
  const r = await attempt(context, () => setCharterPartner(db, { email, actorId: user.id, partner }));
  return r.ok ? { notice: translate(L, partner ? "adminCharter.partnerAdded" : "adminCharter.partnerRemoved") } : { error: r.error };
}

export default function AdminCharter() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <div className="page">
      <p>
        <Link to="/admin">← {t("admin.title")}</Link>
      </p>
      <h1>{t("adminCharter.title")}</h1>
      {result?.notice ? <Notice kind="success">{result.notice}</Notice> : null}
      {result?.error ? <ErrorSummary title={t("error.title")} errors={[{ message: result.error }]} /> : null}
      <section aria-labelledby="text-title">
        <h2 id="text-title">{t("adminCharter.text", { n: d.text.version })}</h2>
        {d.text.placeholder ? <Notice kind="warning">{t("charter.placeholderNotice")}</Notice> : null}
        <p className="hint">{t("adminCharter.textHint")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="text" />
          <div className="field">
            <label htmlFor="charter-title">{t("adminCharter.textTitle")}</label>
            <input id="charter-title" name="title" type="text" defaultValue={d.text.title} required />
          </div>
          <div className="field">
            <label htmlFor="charter-body">{t("adminCharter.textBody")}</label>
            <textarea id="charter-body" name="body" rows={18} defaultValue={d.text.body} required />
          </div>
          <button type="submit" className="button primary">
            {t("adminCharter.saveText")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="files-title">
        <h2 id="files-title">{t("adminCharter.files")}</h2>
        <p className="hint">{t("adminCharter.filesHint")}</p>
        <ul>
          {d.files.map((f) => (
            <li key={f.id}>
              <a href={`/charte/fichiers/${f.id}`}>{f.name}</a> — {t(`charter.fileKind.${f.kind}` as "charter.fileKind.kit")} — {f.at}{" "}
              <Form method="post" className="inline">
                <input type="hidden" name="intent" value="remove-file" />
                <input type="hidden" name="fileId" value={f.id} />
                <button type="submit" className="link-button danger" aria-label={t("adminCharter.removeNamed", { name: f.name })}>
                  {t("labels.remove")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <Form method="post" encType="multipart/form-data" className="inline-form">
          <input type="hidden" name="intent" value="file" />
          <div className="field">
            <label htmlFor="file-kind">{t("adminCharter.fileKind")}</label>
            <select id="file-kind" name="kind">
              <option value="kit">{t("charter.fileKind.kit")}</option>
              <option value="sheet_template">{t("charter.fileKind.sheet_template")}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="file">{t("adminCharter.file")}</label>
            <input id="file" name="file" type="file" required />
          </div>
          <button type="submit" className="button">
            {t("adminCharter.upload")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="partner-title">
        <h2 id="partner-title">{t("adminCharter.partners")}</h2>
        <p className="hint">{t("adminCharter.partnersHint")}</p>
        <ul>
          {d.partners.map((p) => (
            <li key={p.id}>
              {p.name} ({p.email}){" "}
              <Form method="post" className="inline">
                <input type="hidden" name="intent" value="unpartner" />
                <input type="hidden" name="email" value={p.email} />
                <button type="submit" className="link-button danger" aria-label={t("adminCharter.removePartner", { name: p.name })}>
                  {t("labels.remove")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="partner" />
          <div className="field">
            <label htmlFor="partner-email">{t("adminCharter.partnerEmail")}</label>
            <input id="partner-email" name="email" type="email" required />
          </div>
          <button type="submit" className="button">
            {t("adminCharter.addPartner")}
          </button>
        </Form>
      </section>
    </div>
  );
}
