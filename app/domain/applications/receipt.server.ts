// The receipt of a submission: a PDF copy of the submitted dossier, e-mailed to every member of the
// organisation, and the same PDF downloadable from the dossier page.
import type { Kdb } from "../../db/database.server";
import type { Mailer } from "../../email/mailer.server";
import { localized } from "../../forms/definition";
import { t, type Locale } from "../../i18n/i18n";
import { NotFound } from "../../lib/errors";
import { formatParisDateTime } from "../../lib/paris-time";
import { findCallById, formDefinition } from "../calls/calls.server";
import { memberEmails } from "../organisations/member-emails.server";
import { renderDossierPdf, type PdfAttachment } from "./dossier-pdf.server";

export async function submissionPdf(db: Kdb, submissionId: string, locale: Locale) {
  const sub = await db
    .selectFrom("submission")
    .innerJoin("dossier", "dossier.id", "submission.dossier_id")
    .innerJoin("organization", "organization.id", "dossier.organization_id")
    .select([
      "submission.id",
      "submission.number",
      "submission.answers_json",
      "submission.attachments_json",
      "submission.form_version_id",
      "submission.submitted_at",
      "dossier.id as dossier_id",
      "dossier.call_id",
      "dossier.organization_id",
      "organization.name as organization_name",
    ])
    .where("submission.id", "=", submissionId)
    .executeTakeFirst();
  if (!sub) throw new NotFound();
  const call = await findCallById(db, sub.call_id);
  if (!call) throw new NotFound();
  const form = await formDefinition(db, sub.form_version_id);
  const pdf = await renderDossierPdf({
    content: call.content,
    timeline: call.timeline,
    form,
    answers: JSON.parse(sub.answers_json),
    attachments: JSON.parse(sub.attachments_json) as PdfAttachment[],
    organisationName: sub.organization_name,
    submission: { number: sub.number, submittedAt: sub.submitted_at },
    locale,
  });
  return { pdf, sub, call, filename: `depot-${sub.number}-${slugify(sub.organization_name)}.pdf` };
}

export function slugify(s: string): string {
  return (
    s
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "dossier"
  );
}

export async function sendReceipt(
  db: Kdb,
  mailer: Mailer,
  appUrl: string,
  payload: { submissionId: string; locale: Locale },
): Promise<void> {
  const { pdf, sub, call, filename } = await submissionPdf(db, payload.submissionId, payload.locale);
  const L = payload.locale;
  const recipients = await memberEmails(db, sub.organization_id);
  const title = localized(call.content.title, L);
  const link = `${appUrl}/dossiers/${sub.dossier_id}`;
  // The call's own words, written in the studio, follow the platform's (issue 10).
  const extra = call.content.emails?.receipt ? `\n\n${localized(call.content.emails.receipt, L)}` : "";
  for (const r of recipients) {
    await mailer.send({
      to: r.email,
      subject: t(L, "mail.receipt.subject", { title }),
      text:
        t(L, "mail.receipt.body", {
          name: r.name,
          organisation: sub.organization_name,
          title,
          number: sub.number,
          date: formatParisDateTime(sub.submitted_at, L),
          link,
        }) + extra,
      attachments: [{ filename, content: pdf, contentType: "application/pdf" }],
    });
  }
}
