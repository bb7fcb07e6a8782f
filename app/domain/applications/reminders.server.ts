// A quarter of drafts on comparable platforms are never submitted: members of organisations whose
// dossier is still a draft are reminded a week and a day before their deadline (their own, if extended).
import { requestTurns, type Kdb } from "../../db/database.server";
import { localized } from "../../forms/definition";
import { t } from "../../i18n/i18n";
import { enqueue } from "../../jobs/queue.server";
import { formatParisDateTime } from "../../lib/paris-time";
import { deadlineFor, listPublishedCalls } from "../calls/calls.server";
import { memberEmails } from "../organisations/member-emails.server";

const REMINDERS = [
  { kind: "d-7", before: 7 * 86_400_000 },
  { kind: "d-1", before: 86_400_000 },
] as const;

/** Queues the reminders that are due; safe to run often and from several processes. Returns how many dossiers were reminded. */
export async function sendDraftReminders(db: Kdb, appUrl: string, now: Date = new Date()): Promise<number> {
  let reminded = 0;
  const letRequestsIn = requestTurns(db);
  for (const call of await listPublishedCalls(db)) {
    const drafts = await db
      .selectFrom("dossier")
      .innerJoin("organization", "organization.id", "dossier.organization_id")
      .select(["dossier.id", "dossier.organization_id", "organization.name"])
      .where("dossier.call_id", "=", call.id)
      .where("dossier.state", "=", "draft")
      .execute();
    for (const d of drafts) {
      await letRequestsIn();
      const deadline = await deadlineFor(db, call, d.organization_id);
      const left = deadline.getTime() - now.getTime();
      if (left <= 0) continue;
      // Only the nearest reminder that is due; a late-created draft does not get the week-before one too.
      const due = REMINDERS.filter((r) => left <= r.before).at(-1);
      if (!due) continue;
      const claimed = await db
        .insertInto("reminder_sent")
        .values({ dossier_id: d.id, kind: due.kind, sent_at: now.toISOString() })
        .onConflict((oc) => oc.columns(["dossier_id", "kind"]).doNothing())
        .executeTakeFirst();
      if (Number(claimed.numInsertedOrUpdatedRows ?? 0) !== 1) continue;
      for (const m of await memberEmails(db, d.organization_id)) {
        const L = m.locale;
        const title = localized(call.content.title, L);
        await enqueue(db, "send-mail", {
          to: m.email,
          subject: t(L, "mail.reminder.subject", { title }),
          text:
            t(L, "mail.reminder.body", {
              name: m.name,
              organisation: d.name,
              title,
              date: formatParisDateTime(new Date(deadline.getTime() - 60_000), L),
              link: `${appUrl}/dossiers/${d.id}`,
            }) + (call.content.emails?.reminder ? `\n\n${localized(call.content.emails.reminder, L)}` : ""),
        });
      }
      reminded++;
    }
  }
  return reminded;
}
