import { Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { SheetForms } from "../domain/community/inputs.server";
import { moveSheet, saveSheet } from "../domain/community/sheets.server";
import { sheetView } from "../domain/community/views.server";
import { parseIntent } from "../http/parse-form.server";
import { t as translate } from "../i18n/i18n";
import { requireCommunity } from "../lib/community-route.server";
import { attempt, notFound, orNotFound } from "../lib/route-helpers.server";
import { sheetInputFrom } from "../lib/sheet-form.server";
import { ErrorSummary, Notice } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { SheetForm } from "../ui/sheet-form";
import type { Route } from "./+types/community-sheet";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "sheets.title");

/** One experience sheet: read it; its authors and organisers edit it; organisers move it through review and publication. New when :sheetId is "nouvelle". */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user, access } = await requireCommunity(context, request, params.callId);
  return orNotFound(context, sheetView(context.services.db, params.callId, params.sheetId, user, access, context.locale));
}

export async function action({ params, context, request }: Route.ActionArgs): Promise<{ error?: string; notice?: string } | Response> {
  const { user } = await requireCommunity(context, request, params.callId);
  const db = context.services.db;
  const L = context.locale;
  const p = parseIntent(await request.formData(), SheetForms, L, { fallback: "save" });
  if (!p.ok) return { error: Object.values(p.errors)[0] ?? translate(L, "error.badRequest") };
  if (p.intent === "move") {
    const { event } = p.value;
    const r = await attempt(context, () => moveSheet(db, { sheetId: params.sheetId, event, userId: user.id }));
    if (!r.ok && r.status === 404) notFound(context);
    return r.ok
      ? { notice: translate(L, "sheets.moved", { status: translate(L, `sheets.status.${r.value}` as "sheets.status.draft") }) }
      : { error: r.error };
  }
  const r = await attempt(context, () =>
    saveSheet(db, {
      ...sheetInputFrom(p.value),
      callId: params.callId,
      userId: user.id,
      sheetId: params.sheetId === "nouvelle" ? undefined : params.sheetId,
    }),
  );
  if (!r.ok && r.status === 404) notFound(context);
  if (!r.ok) return { error: r.error };
  if (params.sheetId === "nouvelle") return redirect(`/communaute/${params.callId}/capitalisation/${r.value}`);
  return { notice: translate(L, "sheets.saved") };
}

const SECTIONS = ["context", "actors", "actions", "results", "impacts", "lessons", "contacts"] as const;

export default function Sheet() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const s = d.sheet;
  return (
    <div className="page">
      <p>
        <Link to={`/communaute/${d.callId}/capitalisation`}>← {t("sheets.title")}</Link>
      </p>
      <h1>{s ? s.title : t("sheets.new")}</h1>
      {result?.notice ? <Notice kind="success">{result.notice}</Notice> : null}
      {result?.error ? <ErrorSummary title={t("error.title")} errors={[{ message: result.error }]} /> : null}
      {s ? (
        <>
          <p className="meta">
            {t(`sheets.status.${s.status}` as "sheets.status.draft")} — {s.organisation ?? t("sheets.community")}
            {s.event ? ` — ${s.event}` : ""}
            {s.publishedAt ? ` — ${t("sheets.publishedOn", { date: s.publishedAt })}` : ""}
          </p>
          <p>{s.themes.join(" · ")}</p>
          <dl className="answers">
            {SECTIONS.filter((k) => s.content[k]).map((k) => (
              <div key={k}>
                <dt>{t(`sheets.field.${k}` as "sheets.field.context")}</dt>
                <dd>{s.content[k]}</dd>
              </div>
            ))}
            {(["jobsCreated", "jobsSecured", "peopleSupported", "trainings"] as const)
              .filter((k) => s.content[k] !== null)
              .map((k) => (
                <div key={k}>
                  <dt>{t(`sheets.field.${k}` as "sheets.field.jobsCreated")}</dt>
                  <dd>{s.content[k]}</dd>
                </div>
              ))}
          </dl>
          {d.organiser ? (
            <Form method="post" className="button-row" aria-label={t("sheets.workflow")}>
              <input type="hidden" name="intent" value="move" />
              {s.status === "draft" ? (
                <button type="submit" name="event" value="review" className="button">
                  {t("sheets.event.review")}
                </button>
              ) : null}
              {s.status === "reviewed" ? (
                <button type="submit" name="event" value="publish" className="button primary">
                  {t("sheets.event.publish")}
                </button>
              ) : null}
              {s.status === "published" && s.content.publicOptIn ? (
                <button type="submit" name="event" value="publish_public" className="button">
                  {t("sheets.event.publish_public")}
                </button>
              ) : null}
              {s.status === "published" || s.status === "public" ? (
                <button type="submit" name="event" value="unpublish" className="button">
                  {t("sheets.event.unpublish")}
                </button>
              ) : null}
            </Form>
          ) : null}
        </>
      ) : null}
      {d.canEdit ? (
        s ? (
          <details>
            <summary>{t("sheets.edit")}</summary>
            <SheetForm values={d.values} themes={d.themes} members={d.members} events={d.events} submit={t("common.save")} />
          </details>
        ) : (
          <SheetForm values={d.values} themes={d.themes} members={d.members} events={d.events} submit={t("sheets.create")} />
        )
      ) : null}
    </div>
  );
}
