import { isPlatformOrganiser } from "../access/policy.server";
// The PTCE charter (issue 3): its versioned text, the simple electronic signature of an organisation
// (who, in what role, for whom, explicit consent, when, and the SHA-256 fingerprint of the exact text
// signed), the signed PDF, the charter partner's workflow (steering committee informed, descriptive
// sheet template and graphic kit sent, logo use authorised — each step e-mailed to the organisation),
// the files signatories download, and the opt-in public directory.
import { createHash } from "node:crypto";
import { forgetUser } from "../../auth/session.server";
import { frenchOrder } from "../../db/collation.server";
import type { Kdb } from "../../db/database.server";
import type { FileStorage } from "../../files/storage.server";
import { communeByCode } from "../../forms/territory.server";
import { isLocale, t, type MessageKey } from "../../i18n/i18n";
import { enqueue } from "../../jobs/queue.server";
import { DomainError, NotFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { formatParisDate, formatParisDateTime, isCivilDate, parisToday } from "../../lib/paris-time";
import { frenchSpacing } from "../../lib/typography";
import { isCharterPartner } from "../access/policy.server";
import { sanitiseFileName, sniffType, type UploadLimits } from "../applications/attachments.server";
import { createPdf } from "../applications/dossier-pdf.server";
import { applyTransition } from "../applications/lifecycle.server";
import { submissionProfile } from "../applications/profile.server";
import { slugify } from "../applications/receipt.server";
import { featuresOf } from "../calls/call-content";
import { memberEmails } from "../organisations/member-emails.server";
import { emitWebhookEvent } from "../webhooks/webhooks.server";
import { PLACEHOLDER_CHARTER } from "./charter-text";

/** The fingerprint of a text as signed: its title and body, Unicode-normalised, with Unix line ends. */
export function charterFingerprint(title: string, body: string): string {
  const canonical = `${title}\n\n${body}`.normalize("NFC").replace(/\r\n?/g, "\n");
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}

export async function ensureCharterText(db: Kdb, now = new Date()): Promise<void> {
  const any = await db.selectFrom("charter_text").select("id").executeTakeFirst();
  if (any) return;
  await db
    .insertInto("charter_text")
    .values({
      id: newId(),
      version: 1,
      title: PLACEHOLDER_CHARTER.title,
      body: PLACEHOLDER_CHARTER.body,
      placeholder: 1,
      created_by: null,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column("version").doNothing())
    .execute();
}

export async function currentCharter(db: Kdb) {
  await ensureCharterText(db);
  return db.selectFrom("charter_text").selectAll().orderBy("version", "desc").limit(1).executeTakeFirstOrThrow();
}

async function isOrganiser(db: Kdb, userId: string) {
  return (await db.selectFrom("user").select("role").where("id", "=", userId).executeTakeFirst())?.role === "organiser";
}

/** A new version of the text (signatures keep the version and fingerprint they signed). Administrators only. */
export async function saveCharterText(
  db: Kdb,
  input: { title: string; body: string; actorId: string; appUrl?: string; now?: Date },
): Promise<number> {
  if (!(await isOrganiser(db, input.actorId))) throw new NotFound();
  const title = input.title.trim();
  const body = input.body.replace(/\r\n/g, "\n").trim();
  if (!title || body.length < 20) throw new DomainError("charter.textRequired", 400);
  const current = await currentCharter(db);
  if (current.title === title && current.body === body) return current.version;
  const version = current.version + 1;
  await db
    .insertInto("charter_text")
    .values({
      id: newId(),
      version,
      title,
      body,
      placeholder: 0,
      created_by: input.actorId,
      created_at: (input.now ?? new Date()).toISOString(),
    })
    .execute();
  // Every organisation that signed an earlier version is asked to read and sign this one.
  if (input.appUrl) {
    const signed = await db.selectFrom("charter_signature").select(["organization_id", "organisation_name"]).execute();
    for (const s of signed)
      await notifyOrganisation(db, s.organization_id, "mail.charter.newVersion", {
        organisation: s.organisation_name,
        version: String(version),
        link: `${input.appUrl}/charte`,
      });
  }
  return version;
}

/**
 * Organisations of this person that may sign: they answered « yes » to the charter question in a
 * submitted dossier. With the signature, if any.
 */
export async function charterStatusFor(db: Kdb, userId: string) {
  const rows = await db
    .selectFrom("membership")
    .innerJoin("organization", "organization.id", "membership.organization_id")
    .innerJoin("dossier", "dossier.organization_id", "organization.id")
    .innerJoin("submission", (j) =>
      j.onRef("submission.dossier_id", "=", "dossier.id").onRef("submission.number", "=", "dossier.submission_count"),
    )
    .innerJoin("call", "call.id", "dossier.call_id")
    .leftJoin("charter_signature", "charter_signature.organization_id", "organization.id")
    .leftJoin("charter_text as signed_text", "signed_text.id", "charter_signature.text_id")
    .select([
      "organization.id",
      "organization.name",
      "submission.answers_json",
      "submission.profile_json",
      "submission.form_version_id",
      "charter_signature.id as signature_id",
      "signed_text.version as signed_version",
      "call.content_json",
    ])
    .where("membership.user_id", "=", userId)
    .execute();
  const out = new Map<
    string,
    { organizationId: string; name: string; territory: string | null; signatureId: string | null; signedVersion: number | null }
  >();
  for (const r of rows) {
    // Eligibility is what the dossier's answers mean (« wants to sign the charter »), whatever the call's keys.
    // Only calls with a charter step open it (a call for projects with grants has none, issue 10).
    if (!featuresOf(JSON.parse(r.content_json)).charter && !r.signature_id) continue;
    const p = await submissionProfile(db, r);
    if (p.wantsCharter !== true && !r.signature_id) continue;
    const place = p.communeCode ? communeByCode(p.communeCode) : undefined;
    out.set(r.id, {
      organizationId: r.id,
      name: r.name,
      territory: place ? `${place.nom} (${place.departement})` : null,
      signatureId: r.signature_id ?? null,
      signedVersion: r.signed_version ?? null,
    });
  }
  return [...out.values()];
}

export async function signCharter(
  db: Kdb,
  input: {
    organizationId: string;
    userId: string;
    signatoryName: string;
    signatoryRole: string;
    consent: boolean;
    textVersion: number;
    now?: Date;
    appUrl: string;
  },
): Promise<string> {
  const eligible = (await charterStatusFor(db, input.userId)).find((o) => o.organizationId === input.organizationId);
  if (!eligible) throw new NotFound();
  const name = input.signatoryName.trim();
  const role = input.signatoryRole.trim();
  if (name.length < 2) throw new DomainError("charter.nameRequired", 400);
  if (role.length < 2) throw new DomainError("charter.roleRequired", 400);
  if (!input.consent) throw new DomainError("charter.consentRequired", 400);
  const text = await currentCharter(db);
  // The person signs the text they read: if it changed meanwhile, they are asked to read it again.
  if (text.version !== input.textVersion) throw new DomainError("charter.textChanged", 409);
  if (eligible.signatureId && eligible.signedVersion === text.version) throw new DomainError("charter.alreadySigned", 409);
  const at = (input.now ?? new Date()).toISOString();
  if (eligible.signatureId) {
    // A new version of the charter, signed again: the signature moves to it; every signing is kept.
    const moved = await db
      .updateTable("charter_signature")
      .set({
        text_id: text.id,
        sha256: charterFingerprint(text.title, text.body),
        signatory_name: name,
        signatory_role: role,
        signed_by: input.userId,
        signed_at: at,
      })
      .where("id", "=", eligible.signatureId)
      .where("text_id", "!=", text.id)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new DomainError("charter.alreadySigned", 409);
    await recordSigning(db, {
      signatureId: eligible.signatureId,
      organizationId: input.organizationId,
      text,
      name,
      role,
      userId: input.userId,
      at,
    });
    return eligible.signatureId;
  }
  const id = newId();
  const inserted = await db
    .insertInto("charter_signature")
    .values({
      id,
      organization_id: input.organizationId,
      text_id: text.id,
      sha256: charterFingerprint(text.title, text.body),
      signatory_name: name,
      signatory_role: role,
      organisation_name: eligible.name,
      signed_by: input.userId,
      signed_at: at,
      committee_informed_on: null,
      committee_informed_at: null,
      kit_sent_at: null,
      logo_authorised_at: null,
      directory_opt_in: 0,
      directory_description: null,
      territory: eligible.territory,
    })
    .onConflict((oc) => oc.column("organization_id").doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) throw new DomainError("charter.alreadySigned", 409);
  await recordSigning(db, { signatureId: id, organizationId: input.organizationId, text, name, role, userId: input.userId, at });
  await notifyOrganisation(db, input.organizationId, "mail.charter.signed", {
    organisation: eligible.name,
    link: `${input.appUrl}/charte`,
  });
  // The charter is the platform's; each call the organisation applied to hears of it through its webhooks.
  const calls = await db
    .selectFrom("dossier")
    .select("call_id")
    .distinct()
    .where("organization_id", "=", input.organizationId)
    .where("state", "!=", "draft")
    .execute();
  for (const c of calls) {
    await emitWebhookEvent(db, {
      callId: c.call_id,
      type: "charter.signed",
      data: {
        signature_id: id,
        organisation: { id: input.organizationId, name: eligible.name },
        text_version: text.version,
        signed_at: at,
      },
      now: input.now,
    });
  }
  const partners = await db.selectFrom("user").select(["email", "name", "locale"]).where("role", "=", "charter_partner").execute();
  for (const p of partners) {
    const L = isLocale(p.locale) ? p.locale : "fr";
    await enqueue(db, "send-mail", {
      to: p.email,
      subject: t(L, "mail.charter.newSignature.subject", { organisation: eligible.name }),
      text: t(L, "mail.charter.newSignature.body", {
        name: p.name,
        organisation: eligible.name,
        link: `${input.appUrl}/partenaire-charte`,
      }),
    });
  }
  return id;
}

/** Every signing kept with the version signed: the directory and the organisation's page show it. */
async function recordSigning(
  db: Kdb,
  input: {
    signatureId: string;
    organizationId: string;
    text: { id: string; version: number; title: string; body: string };
    name: string;
    role: string;
    userId: string;
    at: string;
  },
) {
  await db
    .insertInto("charter_signing")
    .values({
      id: newId(),
      signature_id: input.signatureId,
      organization_id: input.organizationId,
      text_id: input.text.id,
      version: input.text.version,
      sha256: charterFingerprint(input.text.title, input.text.body),
      signatory_name: input.name,
      signatory_role: input.role,
      signed_by: input.userId,
      signed_at: input.at,
    })
    .onConflict((oc) => oc.columns(["organization_id", "version"]).doNothing())
    .execute();
}

async function notifyOrganisation(
  db: Kdb,
  organizationId: string,
  key: "mail.charter.signed" | "mail.charter.committee" | "mail.charter.kit" | "mail.charter.logo" | "mail.charter.newVersion",
  vars: Record<string, string>,
) {
  for (const m of await memberEmails(db, organizationId)) {
    await enqueue(db, "send-mail", {
      to: m.email,
      subject: t(m.locale, `${key}.subject` as MessageKey, vars),
      text: t(m.locale, `${key}.body` as MessageKey, { ...vars, name: m.name }),
    });
  }
}

export type PartnerStep = "committee" | "kit" | "logo";

/** The charter partner's steps, each once, each e-mailed to the organisation. */
export async function recordPartnerStep(
  db: Kdb,
  input: { signatureId: string; step: PartnerStep; actorId: string; committeeDate?: string; appUrl: string; now?: Date },
): Promise<void> {
  if (!(await isCharterPartner(db, input.actorId))) throw new NotFound();
  const sig = await db.selectFrom("charter_signature").selectAll().where("id", "=", input.signatureId).executeTakeFirst();
  if (!sig) throw new NotFound();
  const at = (input.now ?? new Date()).toISOString();
  const column = input.step === "committee" ? "committee_informed_at" : input.step === "kit" ? "kit_sent_at" : "logo_authorised_at";
  const set: Record<string, string> = { [column]: at };
  if (input.step === "committee") {
    const date = input.committeeDate ?? "";
    if (!isCivilDate(date) || date > parisToday(input.now)) throw new DomainError("charter.committeeDate", 400);
    // The committee can only be told of a signature once it exists (issue 9).
    if (date < parisToday(new Date(sig.signed_at)))
      throw new DomainError("charter.committeeBeforeSignature", 400, { date: formatParisDate(parisToday(new Date(sig.signed_at)), "fr") });
    set.committee_informed_on = date;
  }
  if (input.step === "kit") {
    const files = await db.selectFrom("community_file").select("id").executeTakeFirst();
    if (!files) throw new DomainError("charter.noKitFiles", 409);
  }
  const r = await db.updateTable("charter_signature").set(set).where("id", "=", sig.id).where(column, "is", null).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new DomainError("charter.stepAlreadyDone", 409);
  const vars = {
    organisation: sig.organisation_name,
    date: set.committee_informed_on ? formatParisDate(set.committee_informed_on, "fr") : "",
    link: `${input.appUrl}/charte`,
  };
  await notifyOrganisation(
    db,
    sig.organization_id,
    input.step === "committee" ? "mail.charter.committee" : input.step === "kit" ? "mail.charter.kit" : "mail.charter.logo",
    vars,
  );
}

/** The partner's queue: newest signatures first, those with steps left before the others. */
export async function partnerQueue(db: Kdb, actorId: string) {
  if (!(await isCharterPartner(db, actorId))) throw new NotFound();
  const rows = await db.selectFrom("charter_signature").selectAll().orderBy("signed_at", "desc").execute();
  const pending = (r: (typeof rows)[number]) => !r.committee_informed_at || !r.kit_sent_at || !r.logo_authorised_at;
  return [...rows.filter(pending), ...rows.filter((r) => !pending(r))];
}

/** A signature, for the organisation's members, the charter partner and administrators. */
export async function signatureFor(db: Kdb, input: { signatureId: string; userId: string }) {
  const sig = await db.selectFrom("charter_signature").selectAll().where("id", "=", input.signatureId).executeTakeFirst();
  if (!sig) throw new NotFound();
  if (!(await isCharterPartner(db, input.userId))) {
    const member = await db
      .selectFrom("membership")
      .select("user_id")
      .where("organization_id", "=", sig.organization_id)
      .where("user_id", "=", input.userId)
      .executeTakeFirst();
    if (!member) throw new NotFound();
  }
  return sig;
}

export async function signedCharterPdf(
  db: Kdb,
  input: { signatureId: string; userId: string },
): Promise<{ pdf: Buffer; filename: string }> {
  const sig = await signatureFor(db, input);
  const text = await db.selectFrom("charter_text").selectAll().where("id", "=", sig.text_id).executeTakeFirstOrThrow();
  const { doc, done } = createPdf({ margin: 60, title: text.title, author: sig.organisation_name });
  doc.font("bold").fontSize(16).text(frenchSpacing(text.title));
  doc.font("regular").fontSize(9).fillColor("#444").text(`Version ${text.version}`).moveDown(1);
  doc.fillColor("#1a1a1a").fontSize(10.5);
  for (const paragraph of text.body.split(/\n{2,}/)) doc.text(frenchSpacing(paragraph)).moveDown(0.6);
  doc.moveDown(1).font("bold").fontSize(11).text("Signature électronique simple");
  doc
    .font("regular")
    .fontSize(10)
    .text(
      frenchSpacing(
        `Signé par ${sig.signatory_name}, ${sig.signatory_role}, pour ${sig.organisation_name}, le ${formatParisDateTime(sig.signed_at, "fr")} (heure de Paris), après avoir coché : « J’ai lu la charte et je la signe au nom de mon organisation. »`,
      ),
    );
  doc.moveDown(0.5).text(`Empreinte SHA-256 du texte signé (titre et texte) :`);
  doc.font("regular").fontSize(9).text(sig.sha256);
  doc.end();
  return { pdf: await done, filename: `charte-ptce-signee-${slugify(sig.organisation_name)}.pdf` };
}

/** The signatory organisation chooses to appear (or not) in the public directory. */
export async function setDirectoryEntry(
  db: Kdb,
  input: { signatureId: string; userId: string; optIn: boolean; description: string },
): Promise<void> {
  const sig = await signatureFor(db, input);
  const member = await db
    .selectFrom("membership")
    .select("user_id")
    .where("organization_id", "=", sig.organization_id)
    .where("user_id", "=", input.userId)
    .executeTakeFirst();
  if (!member) throw new NotFound();
  const description = input.description.trim();
  if (description.length > 500) throw new DomainError("team.textTooLong", 400, { max: 500 });
  await db
    .updateTable("charter_signature")
    .set({ directory_opt_in: input.optIn ? 1 : 0, directory_description: description || null })
    .where("id", "=", sig.id)
    .execute();
}

export async function publicDirectory(db: Kdb) {
  return db
    .selectFrom("charter_signature")
    .innerJoin("charter_text", "charter_text.id", "charter_signature.text_id")
    .select([
      "charter_signature.id",
      "charter_signature.organisation_name",
      "charter_signature.territory",
      "charter_signature.directory_description",
      "charter_signature.logo_authorised_at",
      "charter_signature.signed_at",
      "charter_text.version",
    ])
    .where("charter_signature.directory_opt_in", "=", 1)
    .orderBy(frenchOrder(db, "charter_signature.organisation_name"))
    .execute();
}

export async function addCommunityFile(
  db: Kdb,
  storage: FileStorage,
  input: { kind: "kit" | "sheet_template"; name: string; data: Buffer; actorId: string; limits: UploadLimits; now?: Date },
): Promise<string> {
  if (!(await isOrganiser(db, input.actorId))) throw new NotFound();
  if (input.data.length === 0) throw new DomainError("upload.empty", 400);
  if (input.data.length > input.limits.maxFileBytes)
    throw new DomainError("upload.tooLarge", 413, { max: Math.round(input.limits.maxFileBytes / 1048576) });
  const mime = await sniffType(input.data);
  if (!mime) throw new DomainError("upload.badType", 415);
  const id = newId();
  const key = `community/${id}`;
  await storage.put(key, input.data);
  await db
    .insertInto("community_file")
    .values({
      id,
      kind: input.kind,
      name: sanitiseFileName(input.name, mime),
      mime,
      size: input.data.length,
      storage_key: key,
      uploaded_by: input.actorId,
      uploaded_at: (input.now ?? new Date()).toISOString(),
    })
    .execute();
  return id;
}

export async function communityFiles(db: Kdb) {
  return db
    .selectFrom("community_file")
    .select(["id", "kind", "name", "size", "uploaded_at"])
    .orderBy("kind")
    .orderBy(frenchOrder(db, "name"))
    .execute();
}

/** Signatories download the kit once the partner has sent it; the partner and administrators always. */
export async function communityFileFor(db: Kdb, input: { fileId: string; userId: string }) {
  const file = await db.selectFrom("community_file").selectAll().where("id", "=", input.fileId).executeTakeFirst();
  if (!file) throw new NotFound();
  if (await isCharterPartner(db, input.userId)) return file;
  const sent = await db
    .selectFrom("charter_signature")
    .innerJoin("membership", "membership.organization_id", "charter_signature.organization_id")
    .select("charter_signature.id")
    .where("membership.user_id", "=", input.userId)
    .where("charter_signature.kit_sent_at", "is not", null)
    .executeTakeFirst();
  if (!sent) throw new NotFound();
  return file;
}

export async function removeCommunityFile(db: Kdb, storage: FileStorage, input: { fileId: string; actorId: string }): Promise<void> {
  if (!(await isOrganiser(db, input.actorId))) throw new NotFound();
  const file = await db.selectFrom("community_file").select("storage_key").where("id", "=", input.fileId).executeTakeFirst();
  if (!file) throw new NotFound();
  await db.deleteFrom("community_file").where("id", "=", input.fileId).execute();
  await storage.remove(file.storage_key);
}

/** Administrators make someone the charter partner (the Labo de l'ESS), by the e-mail of their account. */
export async function setCharterPartner(db: Kdb, input: { email: string; actorId: string; partner: boolean }): Promise<void> {
  if (!(await isOrganiser(db, input.actorId))) throw new NotFound();
  const user = await db.selectFrom("user").select(["id", "role"]).where("email", "=", input.email.trim().toLowerCase()).executeTakeFirst();
  if (!user) throw new DomainError("charter.noSuchAccount", 404);
  if (isPlatformOrganiser(user)) throw new DomainError("charter.alreadyOrganiser", 409);
  await db
    .updateTable("user")
    .set({ role: input.partner ? "charter_partner" : "applicant" })
    .where("id", "=", user.id)
    .execute();
  await forgetUser(db, user.id);
}

export async function charterPartners(db: Kdb) {
  return db
    .selectFrom("user")
    .select(["id", "name", "email"])
    .where("role", "=", "charter_partner")
    .orderBy(frenchOrder(db, "name"))
    .execute();
}

/** Accepted dossiers of an organisation in calls whose selected sign the charter: what declining the charter withdraws. */
async function selectedDossiersUnderCharter(db: Kdb, organizationId: string) {
  const rows = await db
    .selectFrom("dossier")
    .innerJoin("call", "call.id", "dossier.call_id")
    .select(["dossier.id", "call.content_json"])
    .where("dossier.organization_id", "=", organizationId)
    .where("dossier.state", "=", "accepted")
    .execute();
  return rows.filter((r) => featuresOf(JSON.parse(r.content_json)).charter).map((r) => r.id);
}

/** The person's organisations that may still decline the charter: eligible, not signed, selected in a call with a charter. */
export async function declinableOrganisations(db: Kdb, userId: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const o of await charterStatusFor(db, userId))
    if (!o.signatureId && (await selectedDossiersUnderCharter(db, o.organizationId)).length) out.add(o.organizationId);
  return out;
}

/**
 * A selected organisation declines to sign the charter: its selection in each call with a charter ends
 * (the dossier is withdrawn, the reason recorded), which frees its place for the waiting list.
 */
export async function declineCharter(
  db: Kdb,
  input: { organizationId: string; userId: string; reason: string; confirm: boolean; now?: Date },
): Promise<number> {
  const eligible = (await charterStatusFor(db, input.userId)).find((o) => o.organizationId === input.organizationId);
  if (!eligible) throw new NotFound();
  if (eligible.signatureId) throw new DomainError("charter.alreadySigned", 409);
  if (!input.confirm) throw new DomainError("charter.declineConfirm", 400);
  const dossiers = await selectedDossiersUnderCharter(db, input.organizationId);
  if (!dossiers.length) throw new DomainError("charter.nothingToDecline", 409);
  const reason = input.reason.trim().slice(0, 1500);
  for (const id of dossiers) {
    await applyTransition(db, {
      dossierId: id,
      event: "withdraw",
      actor: { id: input.userId, as: "applicant" },
      note: t("fr", "charter.declinedNote", { reason: reason || "—" }),
      idempotent: true,
      now: input.now,
    });
  }
  return dossiers.length;
}

/** A file of the charter's kit and its bytes, for those who may have it. NotFound otherwise. */
export async function communityFileDownload(services: { db: Kdb; storage: FileStorage }, input: { fileId: string; userId: string }) {
  const file = await communityFileFor(services.db, input);
  return { file: { mime: file.mime, name: file.name }, data: await services.storage.get(file.storage_key) };
}
