// Outgoing e-mail. Every message is recorded (organisers can read them in the app); with SMTP_URL it is
// also sent over SMTP, otherwise it is only captured locally — the embedded default.
import nodemailer, { type Transporter } from "nodemailer";
import { emails } from "../ops/metrics.server";
import type { Kdb } from "../db/database.server";
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
