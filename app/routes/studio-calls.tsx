import { isPlatformOrganiser } from "../domain/access/policy.server";
// « Mes appels »: the calls a person organises (administrators: all), with a new call made blank, from
// another call, or from a call file.
import { Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { StudioCallsForms } from "../domain/calls/inputs.server";
import { createCall, importCall, organisedCalls } from "../domain/calls/studio.server";
import { localized } from "../forms/definition";
import { parseIntent } from "../http/parse-form.server";
import { t } from "../i18n/i18n";
import { filesFrom, readForm } from "../lib/form-files.server";
import { formatParisDate } from "../lib/paris-time";
import { attempt, notFound, requireUser } from "../lib/route-helpers.server";
import { ErrorSummary } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { studioPath } from "../ui/studio";
import type { Route } from "./+types/studio-calls";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "studio.calls.title");

export async function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const L = context.locale;
  const calls = await organisedCalls(context.services.db, user.id);
  if (calls.length === 0 && !isPlatformOrganiser(user)) throw redirect("/espace");
  return {
    mayCreate: isPlatformOrganiser(user),
    calls: calls.map((c) => ({
      id: c.id,
      slug: c.slug,
      status: c.status,
      title: localized(c.content.title, L),
      opens: formatParisDate(c.timeline.opens, L),
      deadline: formatParisDate(c.timeline.deadline, L),
    })),
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  if (!isPlatformOrganiser(user)) notFound(context);
  const read = await readForm(context, request);
  if (!read.form) return { error: read.error };
  const form = read.form;
  const db = context.services.db;
  const p = parseIntent(form, StudioCallsForms, context.locale, { fallback: "create" });
  if (!p.ok) return { error: Object.values(p.errors)[0] ?? t(context.locale, "error.badRequest") };
  if (p.intent === "import") {
    const [file] = await filesFrom(form, "file");
    if (!file) return { error: t(context.locale, "studio.import.bad", { reason: t(context.locale, "field.required") }) };
    const r = await attempt(context, () => importCall(db, { actorId: user.id, raw: file.data.toString("utf8") }));
    if (!r.ok && r.status === 404) notFound(context);
    return r.ok ? redirect(`${studioPath(r.value)}?notice=imported`, 303) : { error: r.error };
  }
  const { title, from } = p.value;
  const r = await attempt(context, () => createCall(db, { actorId: user.id, title, fromCallId: from || undefined }));
  if (!r.ok && r.status === 404) notFound(context);
  return r.ok ? redirect(`${studioPath(r.value)}?notice=created`, 303) : { error: r.error };
}

export default function StudioCalls() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const active = d.calls.filter((c) => c.status !== "archived");
  const archived = d.calls.filter((c) => c.status === "archived");
  const list = (calls: typeof d.calls, H: "h2" | "h3") => (
    <ul className="card-list">
      {calls.map((c) => (
        <li key={c.id} className="card">
          <H>{c.title}</H>
          <p className="meta">
            <span className={`badge badge-${c.status === "published" ? "accepted" : "draft"}`}>{t(`studio.status.${c.status}`)}</span> —{" "}
            {t("call.deadline", { date: c.deadline })}
          </p>
          <p>
            <Link to={studioPath(c.id)} aria-label={`${t("studio.calls.open")} — ${c.title}`}>
              {t("studio.calls.open")}
            </Link>
            {c.status !== "draft" ? (
              <>
                {" · "}
                <Link to={`/admin/appels/${c.id}`} aria-label={`${t("studio.calls.dossiers")} — ${c.title}`}>
                  {t("studio.calls.dossiers")}
                </Link>
              </>
            ) : null}
          </p>
        </li>
      ))}
    </ul>
  );
  return (
    <div className="page">
      <p>
        <Link to="/admin">← {t("admin.title")}</Link>
      </p>
      <h1>{t("studio.calls.title")}</h1>
      <p>{t("studio.calls.intro")}</p>
      {result?.error ? <ErrorSummary title={t("error.title")} errors={[{ message: result.error }]} /> : null}
      {active.length ? list(active, "h2") : <p>{t("studio.calls.none")}</p>}
      {d.mayCreate ? (
        <>
          <section aria-labelledby="create-title">
            <h2 id="create-title">{t("studio.calls.create")}</h2>
            <Form method="post">
              <div className="field">
                <label htmlFor="new-title">{t("studio.calls.newTitle")}</label>
                <input id="new-title" name="title" type="text" required maxLength={200} />
              </div>
              <div className="field">
                <label htmlFor="new-from">{t("studio.calls.from")}</label>
                <select id="new-from" name="from" defaultValue="">
                  <option value="">{t("studio.calls.blank")}</option>
                  {d.calls.map((c) => (
                    <option key={c.id} value={c.id}>
                      {t("studio.calls.duplicateOf", { title: c.title })}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" name="intent" value="create" className="button primary">
                {t("studio.calls.create")}
              </button>
            </Form>
          </section>
          <section aria-labelledby="import-title">
            <h2 id="import-title">{t("studio.calls.import")}</h2>
            <Form method="post" encType="multipart/form-data">
              <div className="field">
                <label htmlFor="import-file">{t("studio.calls.importFile")}</label>
                <p className="hint" id="import-hint">
                  {t("studio.calls.importHint")}
                </p>
                <input id="import-file" name="file" type="file" accept=".json,application/json" aria-describedby="import-hint" />
              </div>
              <button type="submit" name="intent" value="import" className="button">
                {t("studio.calls.importSubmit")}
              </button>
            </Form>
          </section>
        </>
      ) : null}
      {archived.length ? (
        <section aria-labelledby="archive-title">
          <h2 id="archive-title">{t("studio.calls.archive")}</h2>
          {list(archived, "h3")}
        </section>
      ) : null}
    </div>
  );
}
