import { Link, useActionData, useLoaderData } from "react-router";
import { assertOrganiserOfDossier } from "../domain/access/policy.server";
import { teamThreadView } from "../domain/applications/messages.server";
import { postFromForm } from "../lib/messages.server";
import { orNotFound, requireUser } from "../lib/route-helpers.server";
import { useT } from "../ui/i18n";
import { MessageThread } from "../ui/messages";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/instruction-messages";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "messages.title");

/** The team's side: the call's organisers write to the applicants (reviewers and experts do not). */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const maxFileBytes = context.services.config.uploadLimits.maxFileBytes;
  return orNotFound(context, teamThreadView(context.services.db, { dossierId: params.id, userId: user.id, maxFileBytes }, context.locale));
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  await orNotFound(context, assertOrganiserOfDossier(context.services.db, user.id, params.id));
  return postFromForm(context, request, { dossierId: params.id, userId: user.id, side: "team" });
}

export default function InstructionMessages() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <div className="page">
      <p>
        <Link to={`/instruction/dossiers/${d.id}`}>← {d.name}</Link>
      </p>
      <h1>{t("messages.teamTitle", { name: d.name })}</h1>
      <p>{t("messages.teamIntro")}</p>
      <MessageThread messages={d.messages} mySide="team" result={result} maxFiles={d.maxFiles} maxMb={d.maxMb} />
    </div>
  );
}
