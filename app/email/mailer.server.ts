// Outgoing e-mail. Every message is recorded (organisers can read them in the app) for 90 days; with
// SMTP_URL it is also sent over SMTP, otherwise it is only captured locally — the embedded default.
import nodemailer, { type Transporter } from "nodemailer";
import { emails } from "../ops/metrics.server";
import { daysBefore, deleteInBatches, type Kdb } from "../db/database.server";
import type { FileStorage } from "../files/storage.server";
import { newId } from "../lib/ids";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ id: string }>;
}

export function createMailer(options: { db: Kdb; storage: FileStorage; from: string; smtpUrl?: string }): Mailer {
  const transport: Transporter | null = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  return {
    async send(mail) {
      const id = newId();
      let messageId: string | null = null;
      if (transport) {
        try {
          const info = await transport.sendMail({ from: options.from, ...mail });
          messageId = info.messageId ?? null;
        } catch (e) {
          emails.inc({ outcome: "failed" });
          throw e;
        }
      }
      const attachments = [];
      for (const [i, a] of (mail.attachments ?? []).entries()) {
        const storageKey = `mail/${id}/${i}`;
        await options.storage.put(storageKey, a.content);
        attachments.push({ filename: a.filename, size: a.content.length, contentType: a.contentType, storageKey });
      }
      await options.db
        .insertInto("email")
        .values({
          id,
          to_addr: mail.to,
          subject: mail.subject,
          text_body: mail.text,
          html_body: mail.html ?? null,
          attachments_json: JSON.stringify(attachments),
          transport: transport ? "smtp" : "captured",
          message_id: messageId,
          created_at: new Date().toISOString(),
        })
        .execute();
      emails.inc({ outcome: transport ? "sent" : "captured" });
      return { id };
    },
  };
}

/** How long the record of a sent e-mail (its address, text and attachments) is kept. */
export const SENT_EMAILS_KEPT_DAYS = 90;
// Smaller than the usual PURGE_BATCH: each row also removes its attachments from storage.
const EMAIL_PURGE_BATCH = 200;

/**
 * Deletes the records of e-mails sent more than 90 days ago, with their attachments (a decision letter's
 * PDF) from storage, a batch at a time; returns how many went. They were kept forever, every address and
 * text with them, and the table grew with every e-mail (issue 11).
 */
export async function purgeSentEmails(db: Kdb, storage: FileStorage, now = new Date()): Promise<number> {
  const before = daysBefore(now, SENT_EMAILS_KEPT_DAYS);
  return deleteInBatches(db, EMAIL_PURGE_BATCH, async (limit) => {
    const old = await db
      .selectFrom("email")
      .select(["id", "attachments_json"])
      .where("created_at", "<", before)
      .orderBy("created_at")
      .limit(limit)
      .execute();
    for (const e of old) for (const a of JSON.parse(e.attachments_json) as { storageKey: string }[]) await storage.remove(a.storageKey);
    if (old.length)
      await db
        .deleteFrom("email")
        .where(
          "id",
          "in",
          old.map((e) => e.id),
        )
        .execute();
    return old.length;
  });
}
