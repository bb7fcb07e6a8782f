import { Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { allowFromAddress } from "../auth/accounts.server";
import type { CallContent } from "../domain/calls/call-content";
import { acceptCallInvitation, findCallInvitation } from "../domain/review/team.server";
import { localized } from "../forms/definition";
import { t } from "../i18n/i18n";
import { attempt, requireUser } from "../lib/route-helpers.server";
import { ErrorSummary } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/team-invitation";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "teamInvite.title");

export async function loader({ params, context }: Route.LoaderArgs) {
  const inv = await findCallInvitation(context.services.db, params.token);
  const path = `/equipe/invitations/${params.token}`;
  return {
    valid: Boolean(inv && !inv.accepted_at && new Date(inv.expires_at) > new Date()),
    // Why a link no longer works, in words: already used, expired, or unknown (issue 9).
    refusal: !inv
      ? ("invitation.invalid" as const)
      : inv.accepted_at
        ? ("invitation.used" as const)
        : new Date(inv.expires_at) <= new Date()
          ? ("invitation.expired" as const)
          : null,
    call: inv ? localized((JSON.parse(inv.content_json) as CallContent).title, context.locale) : "",
    role: inv?.role ?? "reviewer",
    dossier: inv?.dossier_name ?? null,
    email: inv?.email ?? "",
    signedInAs: context.user?.email ?? null,
    signIn: `/connexion?redirectTo=${encodeURIComponent(path)}`,
    signUp: `/inscription?redirectTo=${encodeURIComponent(path)}&email=${encodeURIComponent(inv?.email ?? "")}`,
  };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  // Invitation links are long random tokens; this only slows down someone trying them in bulk.
  const refused = await allowFromAddress(context.services.db, "linkPagesByAddress", context.ip);
  if (refused) return { error: t(context.locale, refused.error, refused.vars) };
  const r = await attempt(context, () => acceptCallInvitation(context.services.db, { token: params.token, userId: user.id }));
  if (!r.ok) return { error: r.error };
  return redirect(
    r.value.role === "organiser"
      ? `/admin/appels/${r.value.callId}`
      : r.value.dossierId
        ? `/instruction/dossiers/${r.value.dossierId}`
        : "/instruction",
  );
}

export default function TeamInvitation() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  if (!d.valid) {
    return (
      <div className="page narrow">
        <h1>{t(d.refusal ?? "invitation.invalid")}</h1>
      </div>
    );
  }
  const title =
    d.role === "expert"
      ? t("teamInvite.expertHeading", { call: d.call, dossier: d.dossier ?? "" })
      : d.role === "organiser"
        ? t("teamInvite.organiserHeading", { call: d.call })
        : t("teamInvite.reviewerHeading", { call: d.call });
  return (
    <div className="page narrow">
      <h1>{title}</h1>
      <p>
        {t(
          d.role === "expert"
            ? "teamInvite.expertIntro"
            : d.role === "organiser"
              ? "teamInvite.organiserIntro"
              : "teamInvite.reviewerIntro",
        )}
      </p>
      <p>{t("teamInvite.confidential")}</p>
      {result?.error ? <ErrorSummary title={t("error.title")} errors={[{ message: result.error }]} /> : null}
      {d.signedInAs ? (
        <Form method="post">
          <p>{t("teamInvite.signedInAs", { email: d.signedInAs })}</p>
          <button type="submit" className="button primary">
            {t("teamInvite.accept")}
          </button>
        </Form>
      ) : (
        <p>
          {t("invitation.signInFirst", { email: d.email })} <Link to={d.signIn}>{t("nav.signIn")}</Link> ·{" "}
          <Link to={d.signUp}>{t("nav.signUp")}</Link>
        </p>
      )}
    </div>
  );
}
