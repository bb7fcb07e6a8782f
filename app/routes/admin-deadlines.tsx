import { Form, useActionData, useLoaderData } from "react-router";
import { deadlinesView } from "../domain/calls/admin-views.server";
import { extendDeadlineFromForm, requireCallOrganiser } from "../lib/route-helpers.server";
import { CallNav } from "../ui/call-nav";
import { ErrorSummary, Notice } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { StateBadge } from "../ui/state-badge";
import type { Route } from "./+types/admin-deadlines";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "admin.deadlines");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { call } = await requireCallOrganiser(context, request, params.callId);
  return deadlinesView(context.services.db, call, context.locale);
}

export async function action({ params, context, request }: Route.ActionArgs): Promise<{ error?: string; notice?: string } | Response> {
  const { user, call } = await requireCallOrganiser(context, request, params.callId);
  const form = await request.formData();
  return extendDeadlineFromForm(context, form, {
    callId: call.id,
    actorId: user.id,
  });
}

export default function AdminDeadlines() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <div className="page">
      <h1>{t("admin.deadlines")}</h1>
      <p className="meta">{d.title}</p>
      <CallNav callId={d.callId} community={d.hasCommunity} />
      {result?.notice ? <Notice kind="success">{result.notice}</Notice> : null}
      {result?.error ? <ErrorSummary title={t("admin.extend")} errors={[{ message: result.error }]} /> : null}
      {d.dossiers.length === 0 ? <p>{t("admin.noDossier")}</p> : null}
      <ul className="card-list">
        {d.dossiers.map((x) => (
          <li key={x.id} className="card">
            <h2>{x.organisation}</h2>
            <p>
              <StateBadge state={x.state} /> — {x.updated} —{" "}
              {x.extendedUntil
                ? t("dossier.deadlineExtended", { date: x.extendedUntil })
                : t("dossier.deadline", { date: x.currentDeadline })}
            </p>
            <Form method="post" className="inline-form">
              <input type="hidden" name="organizationId" value={x.organisationId} />
              <div className="field">
                <label htmlFor={`until-${x.id}`}>{t("admin.extendUntil")}</label>
                <input type="date" id={`until-${x.id}`} name="until" required />
              </div>
              <div className="field">
                <label htmlFor={`reason-${x.id}`}>{t("admin.extendReason")}</label>
                <input type="text" id={`reason-${x.id}`} name="reason" required />
              </div>
              <button type="submit" className="button">
                {t("admin.extend")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </div>
  );
}
