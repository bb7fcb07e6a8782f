// The PTCE charter on both databases (issue 3): who may sign, the signature's record and fingerprint,
// the signed PDF, the charter partner's steps (each once, each e-mailed), the files signatories get once
// the kit is sent, the public directory, and what the charter partner can and cannot see.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { organiserId, submittedDossier, type SubmittedDossier } from "../support/dossiers";
import { SAMPLE_PNG } from "../support/fixtures";
import {
  addCommunityFile,
  charterFingerprint,
  charterStatusFor,
  communityFileFor,
  currentCharter,
  partnerQueue,
  publicDirectory,
  recordPartnerStep,
  saveCharterText,
  setCharterPartner,
  setDirectoryEntry,
  signCharter,
  signedCharterPdf,
} from "../../app/domain/charter/charter.server";
import { assertCanSeeDossier } from "../../app/domain/access/policy.server";
import { DEFAULT_LIMITS } from "../../app/domain/applications/attachments.server";
import { NotFound } from "../../app/lib/errors";
import { parisToday } from "../../app/lib/paris-time";

describe.each(DATABASES)("the PTCE charter on %s", (kind) => {
  let env: TestEnv;
  let organiser = "";
  let yes: SubmittedDossier;
  let no: SubmittedDossier;
  let partner = { id: "", email: "", password: "" };
  let signatureId = "";
  const appUrl = "https://trame.test";

  beforeAll(async () => {
    env = await testEnv(kind);
    organiser = await organiserId(env.services);
    yes = await submittedDossier(env.services, { name: "PTCE Figeac", answers: { charter_sign: "yes" } });
    no = await submittedDossier(env.services, {
      name: "PTCE Rennes",
      commune: { query: "Rennes", code: "35238" },
      answers: { charter_sign: "no" },
    });
    partner = await createVerifiedUser(env.services, "Paula du Labo");
    await setCharterPartner(env.services.db, { email: partner.email, actorId: organiser, partner: true });
  });
  afterAll(async () => env?.close());

  it("only organisations that asked to sign may sign, with name, role and consent", async () => {
    const db = env.services.db;
    expect(await charterStatusFor(db, no.owner.id)).toEqual([]);
    const text = await currentCharter(db);
    expect(text.placeholder).toBe(1);
    const base = {
      organizationId: yes.org,
      userId: yes.owner.id,
      signatoryName: "Camille Martin",
      signatoryRole: "Coprésidente",
      consent: true,
      textVersion: text.version,
      appUrl,
    };
    await expect(signCharter(db, { ...base, organizationId: no.org, userId: no.owner.id })).rejects.toBeInstanceOf(NotFound);
    await expect(signCharter(db, { ...base, userId: no.owner.id })).rejects.toBeInstanceOf(NotFound);
    await expect(signCharter(db, { ...base, consent: false })).rejects.toMatchObject({ messageKey: "charter.consentRequired" });
    await expect(signCharter(db, { ...base, signatoryRole: " " })).rejects.toMatchObject({ messageKey: "charter.roleRequired" });
    await expect(signCharter(db, { ...base, textVersion: text.version - 1 })).rejects.toMatchObject({ messageKey: "charter.textChanged" });
    const results = await Promise.allSettled([signCharter(db, base), signCharter(db, base)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    signatureId = (results.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<string>).value;
    const sig = await db.selectFrom("charter_signature").selectAll().where("id", "=", signatureId).executeTakeFirstOrThrow();
    expect(sig).toMatchObject({
      signatory_name: "Camille Martin",
      signatory_role: "Coprésidente",
      organisation_name: "Association PTCE Figeac",
      territory: "Figeac (46)",
    });
    expect(sig.sha256).toBe(charterFingerprint(text.title, text.body));
    const mails = await db.selectFrom("job").select("payload_json").where("payload_json", "like", "%Charte PTCE sign%").execute();
    expect(mails.length).toBeGreaterThanOrEqual(1);
    const toPartner = await db
      .selectFrom("job")
      .select("payload_json")
      .where("payload_json", "like", `%${partner.email}%`)
      .where("payload_json", "like", "%Nouvelle signature%")
      .execute();
    expect(toPartner).toHaveLength(1);
  });

  it("a new text version does not change what was signed; the signed PDF shows signatory, time and fingerprint", async () => {
    const db = env.services.db;
    const v = await saveCharterText(db, {
      title: "Charte de la démarche collective PTCE",
      body: "Texte officiel de la charte, saisi par l’administrateur.",
      actorId: organiser,
    });
    expect(v).toBe(2);
    await expect(saveCharterText(db, { title: "X", body: "Une tentative par un candidat.", actorId: yes.owner.id })).rejects.toBeInstanceOf(
      NotFound,
    );
    const { pdf } = await signedCharterPdf(db, { signatureId, userId: yes.owner.id });
    const dir = mkdtempSync(join(tmpdir(), "charter-"));
    writeFileSync(join(dir, "c.pdf"), pdf);
    const text = execFileSync("pdftotext", [join(dir, "c.pdf"), "-"])
      .toString()
      .replace(/\s+/g, " ");
    const sig = await db.selectFrom("charter_signature").select("sha256").where("id", "=", signatureId).executeTakeFirstOrThrow();
    expect(text).toContain("TEXTE PROVISOIRE");
    expect(text).toContain("Signé par Camille Martin, Coprésidente, pour Association PTCE Figeac");
    expect(text).toContain(sig.sha256);
    await expect(signedCharterPdf(db, { signatureId, userId: no.owner.id })).rejects.toBeInstanceOf(NotFound);
    expect((await signedCharterPdf(db, { signatureId, userId: partner.id })).pdf.length).toBeGreaterThan(1000);
  });

  it("the partner records each step once, e-mailed to the organisation; files open to signatories once sent", async () => {
    const db = env.services.db;
    const storage = env.services.storage;
    expect((await partnerQueue(db, partner.id)).map((s) => s.id)).toEqual([signatureId]);
    await expect(partnerQueue(db, yes.owner.id)).rejects.toBeInstanceOf(NotFound);
    await expect(
      recordPartnerStep(db, { signatureId, step: "committee", actorId: yes.owner.id, committeeDate: "2015-04-02", appUrl }),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(
      recordPartnerStep(db, { signatureId, step: "committee", actorId: partner.id, committeeDate: "2999-01-01", appUrl }),
    ).rejects.toMatchObject({ messageKey: "charter.committeeDate" });
    // Not before the signature itself (issue 9).
    await expect(
      recordPartnerStep(db, { signatureId, step: "committee", actorId: partner.id, committeeDate: "2015-04-02", appUrl }),
    ).rejects.toMatchObject({ messageKey: "charter.committeeBeforeSignature" });
    await recordPartnerStep(db, { signatureId, step: "committee", actorId: partner.id, committeeDate: parisToday(), appUrl });
    await expect(
      recordPartnerStep(db, { signatureId, step: "committee", actorId: partner.id, committeeDate: parisToday(), appUrl }),
    ).rejects.toMatchObject({ messageKey: "charter.stepAlreadyDone" });
    await expect(recordPartnerStep(db, { signatureId, step: "kit", actorId: partner.id, appUrl })).rejects.toMatchObject({
      messageKey: "charter.noKitFiles",
    });
    const fileId = await addCommunityFile(db, storage, {
      kind: "kit",
      name: "logo-ptce.png",
      data: SAMPLE_PNG,
      actorId: organiser,
      limits: DEFAULT_LIMITS,
    });
    await expect(communityFileFor(db, { fileId, userId: yes.owner.id })).rejects.toBeInstanceOf(NotFound);
    await recordPartnerStep(db, { signatureId, step: "kit", actorId: partner.id, appUrl });
    expect((await communityFileFor(db, { fileId, userId: yes.owner.id })).name).toBe("logo-ptce.png");
    await expect(communityFileFor(db, { fileId, userId: no.owner.id })).rejects.toBeInstanceOf(NotFound);
    await recordPartnerStep(db, { signatureId, step: "logo", actorId: partner.id, appUrl });
    for (const subject of ["comité de pilotage est informé", "trame de fiche descriptive", "utilisation du logo autorisée"]) {
      const mail = await db
        .selectFrom("job")
        .select("payload_json")
        .where("payload_json", "like", `%${yes.owner.email}%`)
        .where("payload_json", "like", `%${subject}%`)
        .execute();
      expect(mail, subject).toHaveLength(1);
    }
  });

  it("the public directory lists only those who opt in; the partner sees no dossier", async () => {
    const db = env.services.db;
    expect(await publicDirectory(db)).toEqual([]);
    await expect(setDirectoryEntry(db, { signatureId, userId: no.owner.id, optIn: true, description: "" })).rejects.toBeInstanceOf(
      NotFound,
    );
    await setDirectoryEntry(db, { signatureId, userId: yes.owner.id, optIn: true, description: "Recyclerie et chantier d’insertion." });
    expect(await publicDirectory(db)).toEqual([
      expect.objectContaining({
        organisation_name: "Association PTCE Figeac",
        territory: "Figeac (46)",
        directory_description: "Recyclerie et chantier d’insertion.",
      }),
    ]);
    await expect(assertCanSeeDossier(db, partner.id, yes.id)).rejects.toBeInstanceOf(NotFound);
  });
});
