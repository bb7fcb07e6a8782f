import { useLoaderData } from "react-router";
import { capturedEmails } from "../domain/calls/instruction.server";
import { formatParisDateTime } from "../lib/paris-time";
import { requireOrganiser } from "../lib/route-helpers.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/admin-emails";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "admin.emails");

export async function loader({ context, request }: Route.LoaderArgs) {
  requireOrganiser(context, request);
  const rows = await capturedEmails(context.services.db);
  return {
    emails: rows.map((r) => ({
      id: r.id,
      to: r.to_addr,
      subject: r.subject,
      text: r.text_body,
      transport: r.transport,
      at: formatParisDateTime(r.created_at, context.locale),
      attachments: (JSON.parse(r.attachments_json) as { filename: string; size: number }[]).map((a, n) => ({ ...a, n })),
    })),
  };
}

export default function AdminEmails() {
  const { emails } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="page">
      <h1>{t("admin.emails")}</h1>
      <p>{t("admin.emails.intro")}</p>
      <ol className="mail-list">
        {emails.map((m) => (
          <li key={m.id} className="card">
            <h2>{m.subject}</h2>
            <p className="meta">
              {t("common.labelled", { label: t("admin.to"), value: m.to })} — {m.at} ({m.transport})
            </p>
            <pre className="mail-body">{m.text}</pre>
            {m.attachments.length ? (
              <p>
                {t("common.labelled", { label: t("admin.attachments"), value: "" })}{" "}
                {m.attachments.map((a) => (
                  <a key={a.n} href={`/admin/courriels/${m.id}/pieces/${a.n}`}>
                    {a.filename}
                  </a>
                ))}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
