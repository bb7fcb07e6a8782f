import { Link, useActionData, useLoaderData } from "react-router";
import { threadView } from "../domain/applications/messages.server";
import { postFromForm } from "../lib/messages.server";
import { notFound, requireMemberDossier } from "../lib/route-helpers.server";
import { useT } from "../ui/i18n";
import { MessageThread } from "../ui/messages";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/dossier-messages";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "messages.title");

/** The applicant's side of the conversation with the call's team (once the dossier is submitted). */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user, dossier } = await requireMemberDossier(context, request, params.id);
  if (dossier.state === "draft" && dossier.submission_count === 0) notFound(context);
  const maxFileBytes = context.services.config.uploadLimits.maxFileBytes;
  return {
    id: dossier.id,
    ...(await threadView(context.services.db, { dossierId: dossier.id, userId: user.id, side: "applicant", maxFileBytes }, context.locale)),
  };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const { user, dossier } = await requireMemberDossier(context, request, params.id);
  return postFromForm(context, request, { dossierId: dossier.id, userId: user.id, side: "applicant" });
}

export default function DossierMessages() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <div className="page">
      <p>
        <Link to={`/dossiers/${d.id}`}>← {t("messages.backToDossier")}</Link>
      </p>
      <h1>{t("messages.title")}</h1>
      <p>{t("messages.applicantIntro")}</p>
      <MessageThread messages={d.messages} mySide="applicant" result={result} maxFiles={d.maxFiles} maxMb={d.maxMb} />
    </div>
  );
}
