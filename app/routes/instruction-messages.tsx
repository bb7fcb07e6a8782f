import { Link, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/instruction-messages";
import { assertCanSeeDossier } from "../domain/access/policy.server";
import { NotFound } from "../lib/errors";
import { notFound, requireUser } from "../lib/route-helpers.server";
import { postFromForm, threadFor } from "../lib/messages.server";
import { MessageThread } from "../ui/messages";
import { pageTitle } from "../ui/meta";
import { useT } from "../ui/i18n";
import { recordAccess } from "../security/access-log.server";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "messages.title");

/** The team's side: the call's organisers write to the applicants (reviewers and experts do not). */
async function organiserAccess(context: Route.LoaderArgs["context"], request: Request, id: string) {
  const user = requireUser(context, request);
  try {
    const access = await assertCanSeeDossier(context.services.db, user.id, id);
    if (access.role !== "organiser") throw new NotFound();
    return user;
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
}

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = await organiserAccess(context, request, params.id);
  await recordAccess(context.services.db, { actorId: user.id, role: "organiser", action: "messages", dossierId: params.id });
  const fact = await context.services.db.selectFrom("dossier_fact").select("name").where("dossier_id", "=", params.id).executeTakeFirst();
  return { id: params.id, name: fact?.name ?? "", ...(await threadFor(context, params.id, user.id, "team")) };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const user = await organiserAccess(context, request, params.id);
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
