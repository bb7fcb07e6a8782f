import { Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { allowFromAddress } from "../auth/accounts.server";
import { acceptInvitation, findInvitation } from "../domain/organisations/organisations.server";
import { t } from "../i18n/i18n";
import { attempt, requireUser } from "../lib/route-helpers.server";
import { ErrorSummary } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/invitation";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "org.invite");

export async function loader({ params, context }: Route.LoaderArgs) {
  const inv = await findInvitation(context.services.db, params.token);
  return {
    organisation: inv?.organization_name ?? null,
    email: inv?.email ?? "",
    valid: Boolean(inv && !inv.accepted_at && new Date(inv.expires_at) > new Date()),
    // Why a link no longer works, in words: already used, expired, or unknown (issue 9).
    refusal: !inv
      ? ("invitation.invalid" as const)
      : inv.accepted_at
        ? ("invitation.used" as const)
        : new Date(inv.expires_at) <= new Date()
          ? ("invitation.expired" as const)
          : null,
    signedIn: Boolean(context.user),
    path: `/invitations/${params.token}`,
  };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  // Invitation links are long random tokens; this only slows down someone trying them in bulk.
  const refused = await allowFromAddress(context.services.db, "linkPagesByAddress", context.ip);
  if (refused) return { error: t(context.locale, refused.error, refused.vars) };
  const r = await attempt(context, () => acceptInvitation(context.services.db, { token: params.token, userId: user.id }));
  if (!r.ok) return { error: r.error };
  return redirect(`/organisations/${r.value}`);
}

export default function Invitation() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  if (!d.organisation || !d.valid) {
    return (
      <div className="page narrow">
        <h1>{t(d.refusal ?? "invitation.invalid")}</h1>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>{t("invitation.title", { organisation: d.organisation })}</h1>
      {result?.error ? (
        <ErrorSummary title={t("invitation.title", { organisation: d.organisation })} errors={[{ message: result.error }]} />
      ) : null}
      {d.signedIn ? (
        <Form method="post">
          <button type="submit" className="button primary">
            {t("invitation.accept")}
          </button>
        </Form>
      ) : (
        <p>
          {t("invitation.signInFirst", { email: d.email })}{" "}
          <Link to={`/connexion?redirectTo=${encodeURIComponent(d.path)}`}>{t("nav.signIn")}</Link> ·{" "}
          <Link to={`/inscription?redirectTo=${encodeURIComponent(d.path)}&email=${encodeURIComponent(d.email)}`}>{t("nav.signUp")}</Link>
        </p>
      )}
    </div>
  );
}
