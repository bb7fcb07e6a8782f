import { Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { membersOf } from "../domain/community/community.server";
import { createEvent } from "../domain/community/events.server";
import { eventInputFrom, requireCommunity } from "../lib/community-route.server";
import { attempt, notFound } from "../lib/route-helpers.server";
import { EventFields } from "../ui/event-fields";
import { ErrorSummary } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/community-event-new";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "events.new");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { access } = await requireCommunity(context, request, params.callId);
  if (access.role !== "organiser") notFound(context);
  const members = await membersOf(context.services.db, params.callId);
  return { callId: params.callId, hosts: members.map((m) => ({ id: m.organizationId, name: m.name })) };
}

export async function action({ params, context, request }: Route.ActionArgs): Promise<{ error?: string } | Response> {
  const { user, access } = await requireCommunity(context, request, params.callId);
  if (access.role !== "organiser") notFound(context);
  const form = await request.formData();
  const r = await attempt(context, () =>
    createEvent(context.services.db, { ...eventInputFrom(form), callId: params.callId, actorId: user.id }),
  );
  if (!r.ok) return { error: r.error };
  return redirect(`/communaute/${params.callId}/evenements/${r.value}`);
}

export default function NewEvent() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <div className="page">
      <p>
        <Link to={`/communaute/${d.callId}`}>← {t("community.title")}</Link>
      </p>
      <h1>{t("events.new")}</h1>
      {result?.error ? <ErrorSummary title={t("error.title")} errors={[{ message: result.error }]} /> : null}
      <Form method="post">
        <EventFields withKind defaults={{ kind: "meeting", capacity: 60 }} hosts={d.hosts} />
        <button type="submit" className="button primary">
          {t("events.create")}
        </button>
      </Form>
    </div>
  );
}
