import { useEffect } from "react";
import { Form, Link, redirect, useActionData, useLoaderData, useRevalidator } from "react-router";
import { exportsView } from "../domain/calls/admin-views.server";
import { canonicalQuery } from "../domain/calls/dossier-query";
import { startExport } from "../domain/exports/exports.server";
import { EXPORT_FORMATS } from "../domain/exports/formats";
import { ExportForm } from "../domain/exports/inputs.server";
import { parseForm } from "../http/parse-form.server";
import { t as translate } from "../i18n/i18n";
import { attempt, requireCallOrganiser } from "../lib/route-helpers.server";
import { CallPageHeader } from "../ui/call-nav";
import { Notice } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/admin-exports";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "exports.title");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { call } = await requireCallOrganiser(context, request, params.callId);
  const query = canonicalQuery(new URL(request.url).searchParams);
  return exportsView(context.services.db, call, query, context.locale);
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const { user, call } = await requireCallOrganiser(context, request, params.callId);
  const parsed = parseForm(await request.formData(), ExportForm, context.locale);
  if (!parsed.ok) return { error: translate(context.locale, "error.badRequest") };
  const { format, query } = parsed.value;
  const r = await attempt(context, () =>
    startExport(context.services.db, context.services.storage, { callId: call.id, userId: user.id, format, query, locale: context.locale }),
  );
  if (!r.ok) return { error: r.error };
  return redirect(`/admin/appels/${call.id}/exports?lance=${r.value}`);
}

export default function Exports() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const revalidator = useRevalidator();
  const running = d.exports.some((e) => e.status === "pending" || e.status === "running");
  // With JavaScript, progress updates by itself every two seconds; without, the "refresh" link does it.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  return (
    <div className="page wide">
      <CallPageHeader callId={d.callId} community={d.hasCommunity} heading={t("exports.heading", { title: d.title })} result={result} />
      <p>{t("exports.intro")}</p>
      {d.query ? (
        <p>
          {t("exports.filtered", { filters: d.filters })} <Link to=".">{t("exports.whole")}</Link>
        </p>
      ) : null}
      <div className="button-row">
        {EXPORT_FORMATS.map((f) => (
          <Form method="post" key={f} className="inline">
            <input type="hidden" name="format" value={f} />
            <input type="hidden" name="query" value={d.query} />
            <button type="submit" className="button">
              {t(`exports.start.${f}` as "exports.start.csv")}
            </button>
          </Form>
        ))}
      </div>
      <h2>{t("exports.list")}</h2>
      {running ? (
        <p>
          <Link to=".">{t("exports.refresh")}</Link>
        </p>
      ) : null}
      {d.exports.length ? (
        <ul className="exports" aria-live="polite">
          {d.exports.map((e) => (
            <li key={e.id}>
              {e.format.toUpperCase()} — {e.at} — {e.by} — {e.filtered ? `${t("exports.filteredShort")} — ` : ""}
              {e.status === "done" ? (
                <a href={`/admin/exports/${e.id}`}>
                  {t("exports.download")} ({Math.ceil((e.size ?? 0) / 1024)} Ko)
                </a>
              ) : e.status === "failed" ? (
                <span>
                  {t("exports.failed")} {e.error}
                </span>
              ) : (
                <>
                  <label htmlFor={`progress-${e.id}`}>{t("exports.progress", { done: e.done, total: e.total })}</label>{" "}
                  <progress id={`progress-${e.id}`} max={Math.max(1, e.total)} value={e.done} />
                </>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <Notice kind="info">{t("exports.none")}</Notice>
      )}
    </div>
  );
}
