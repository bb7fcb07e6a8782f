import type { Kdb } from "../../db/database.server";
import { localized } from "../../forms/definition";
import type { Locale } from "../../i18n/i18n";
import { NotFound } from "../../lib/errors";
import { formatParisDate } from "../../lib/paris-time";
import { renderDossierPdf } from "../applications/dossier-pdf.server";
import { retentionSettings } from "../privacy/retention.server";
import { findCallBySlug, formDefinition, isOpen, listArchivedCalls, listPublishedCalls, type Call } from "./calls.server";
import { SENT_EMAILS_KEPT_DAYS } from "../../email/mailer.server";
import { DONE_JOBS_KEPT_DAYS } from "../../jobs/queue.server";
import { DELIVERIES_KEPT_DAYS } from "../webhooks/webhooks.server";
import { ACCESS_LOG_KEPT_DAYS } from "../../security/access-log.server";
import { LAPSED_INVITATIONS_KEPT_DAYS } from "../privacy/lapsed-invitations.server";

/** The home page: open and coming calls, then past ones. */
export async function homeView(db: Kdb, L: Locale) {
  const now = new Date();
  const card = (c: Call) => ({
    slug: c.slug,
    title: localized(c.content.title, L),
    subtitle: localized(c.content.subtitle, L),
    organiser: c.content.organiser,
    deadline: formatParisDate(c.timeline.deadline, L),
    opens: formatParisDate(c.timeline.opens, L),
  });
  // Every published call: open ones, those opening soon, and closed or archived ones in the archive.
  const published = await listPublishedCalls(db);
  const archived = await listArchivedCalls(db);
  return {
    calls: published.filter((c) => isOpen(c, now)).map(card),
    upcoming: published.filter((c) => now < c.opensAt).map(card),
    archive: [...published.filter((c) => now >= c.closesAt), ...archived].map(card),
  };
}

/** The privacy page: each published call's retention periods. */
export async function privacyView(db: Kdb, L: Locale) {
  const calls = await listPublishedCalls(db);
  return {
    calls: await Promise.all(
      calls.map(async (c) => ({ title: localized(c.content.title, L), retention: await retentionSettings(db, c.id) })),
    ),
    // What the platform keeps of its own work, as its clean-up purges it (ADR 048).
    records: {
      emails: SENT_EMAILS_KEPT_DAYS,
      deliveries: DELIVERIES_KEPT_DAYS,
      jobs: DONE_JOBS_KEPT_DAYS,
      invitations: LAPSED_INVITATIONS_KEPT_DAYS,
    },
    accessLogDays: ACCESS_LOG_KEPT_DAYS,
  };
}

/** A published call's blank form as a PDF, to prepare answers on paper. NotFound for an unknown or unpublished call. */
export async function callTemplatePdf(db: Kdb, slug: string, L: Locale) {
  const call = await findCallBySlug(db, slug);
  if (!call || call.status !== "published") throw new NotFound();
  const form = await formDefinition(db, call.formVersionId);
  const pdf = await renderDossierPdf({ content: call.content, timeline: call.timeline, form, answers: null, attachments: [], locale: L });
  return { pdf, filename: `trame-${call.slug}.pdf` };
}
