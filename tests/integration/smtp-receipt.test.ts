// A real SMTP exchange: the receipt leaves Trame through nodemailer and arrives at an smtp-server
// listener, with the submitted dossier attached as a PDF.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";
import { createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { freePort } from "../support/server";
import { asChanges, completeAnswers } from "../support/fixtures";
import { findCallBySlug } from "../../app/domain/calls/calls.server";
import { createOrganisation } from "../../app/domain/organisations/organisations.server";
import { openOrCreateDossier, saveAnswers, submitDossier } from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";
import { runDueJobs } from "../../app/jobs/queue.server";
import { plain } from "../support/text";

describe("receipt over SMTP", () => {
  let env: TestEnv;
  let smtp: SMTPServer;
  const received: ParsedMail[] = [];

  beforeAll(async () => {
    const port = await freePort();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            received.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((res) => smtp.listen(port, "127.0.0.1", res));
    env = await testEnv("sqlite", { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: "Trame <appel@trame.test>" });
  });
  afterAll(async () => {
    await env?.close();
    await new Promise<void>((res) => smtp.close(() => res()));
  });

  it("delivers the receipt with the PDF attached to the member", async () => {
    const db = env.services.db;
    const user = await createVerifiedUser(env.services, "Élise Ñúñez");
    const call = (await findCallBySlug(db, "ptce-emploi-2015"))!;
    const org = await createOrganisation(db, { name: "Pôle « Émergence » d’Ariège", userId: user.id });
    const id = await openOrCreateDossier(db, { call, organizationId: org, userId: user.id });
    await saveAnswers(db, { dossier: await dossierForMember(db, user.id, id), userId: user.id, changes: asChanges(completeAnswers()) });
    const outcome = await submitDossier(db, { dossier: await dossierForMember(db, user.id, id), userId: user.id, locale: "fr" });
    expect(outcome.status).toBe("submitted");
    received.length = 0; // drop the sign-up verification e-mail, if it was sent
    await db.deleteFrom("job").where("type", "=", "send-mail").execute();
    // Two jobs: the receipt, and the dossier's search indexing (queued by each submission, issue 11).
    expect(await runDueJobs(db, env.services.jobHandlers)).toBe(2);
    expect((await db.selectFrom("job").select(["type", "status"]).orderBy("type").execute()).map((j) => `${j.type}:${j.status}`)).toEqual([
      "index-dossier:done",
      "send-receipt:done",
    ]);
    expect(received).toHaveLength(1);
    const mail = received[0];
    expect(mail.to && "text" in mail.to ? mail.to.text : "").toContain(user.email);
    expect(mail.from?.text).toContain("appel@trame.test");
    expect(mail.subject).toBe("Accusé de dépôt — PTCE Emploi et sécurisation des parcours socio-professionnels");
    expect(plain(mail.text)).toContain("« Pôle « Émergence » d’Ariège »");
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0].contentType).toBe("application/pdf");
    expect(mail.attachments[0].content.subarray(0, 5).toString()).toBe("%PDF-");
    const row = await db.selectFrom("email").selectAll().where("subject", "like", "Accusé%").executeTakeFirstOrThrow();
    expect(row.transport).toBe("smtp");
    expect(row.message_id).toBeTruthy();
  });
});
