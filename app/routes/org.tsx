import { Form, useActionData, useLoaderData } from "react-router";
import { InviteMemberForm } from "../domain/organisations/inputs.server";
import { inviteMember, organisationForMember } from "../domain/organisations/organisations.server";
import { parseForm } from "../http/parse-form.server";
import { t as translate } from "../i18n/i18n";
import { enqueue } from "../jobs/queue.server";
import { NotFound } from "../lib/errors";
import { formatParisDate } from "../lib/paris-time";
import { attempt, notFound, requireUser } from "../lib/route-helpers.server";
import { ErrorSummary, Notice, TextInput } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/org";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "org.members");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  try {
    const { org, members, invitations } = await organisationForMember(context.services.db, user.id, params.orgId);
    return {
      org: { id: org.id, name: org.name },
      members: members.map((m) => ({ name: m.name, email: m.email, role: m.role })),
      invitations: invitations.map((i) => ({ email: i.email, expires: formatParisDate(i.expires_at, context.locale) })),
    };
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
}

type OrgActionData = { error?: string; invited?: string; email?: string };

export async function action({ params, context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const { db, config } = context.services;
  const parsed = parseForm(await request.formData(), InviteMemberForm, context.locale);
  if (!parsed.ok) return { error: Object.values(parsed.errors)[0], email: "" };
  const { email } = parsed.value;
  const r = await attempt(context, async () => {
    const { org } = await organisationForMember(db, user.id, params.orgId);
    const { token } = await inviteMember(db, { organizationId: org.id, email, invitedBy: user.id });
    const L = context.locale;
    await enqueue(db, "send-mail", {
      to: email.trim().toLowerCase(),
      subject: translate(L, "mail.invite.subject", { inviter: user.name, organisation: org.name }),
      text: translate(L, "mail.invite.body", { inviter: user.name, organisation: org.name, url: `${config.appUrl}/invitations/${token}` }),
    });
  });
  if (!r.ok) return { error: r.error, email } as OrgActionData;
  return { invited: translate(context.locale, "org.invited", { email }) } as OrgActionData;
}

export default function Org() {
  const { org, members, invitations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <div className="page">
      <h1>{t("org.title", { name: org.name })}</h1>
      <h2>{t("org.members")}</h2>
      <ul>
        {members.map((m) => (
          <li key={m.email}>
            {m.name} — {m.email}
          </li>
        ))}
      </ul>
      {invitations.length > 0 ? (
        <>
          <h2>{t("org.pending")}</h2>
          <ul>
            {invitations.map((i) => (
              <li key={i.email}>
                {i.email} ({i.expires})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 id="invite">{t("org.invite")}</h2>
      {result?.invited ? <Notice kind="success">{result.invited}</Notice> : null}
      {result?.error ? <ErrorSummary title={t("org.invite")} errors={[{ href: "#input-email", message: result.error }]} /> : null}
      <Form method="post">
        <TextInput
          name="email"
          type="email"
          label={t("org.inviteEmail")}
          required
          autoComplete="off"
          error={result?.error}
          defaultValue={result?.email}
        />
        <button type="submit" className="button">
          {t("org.inviteSubmit")}
        </button>
      </Form>
    </div>
  );
}
