// A published call's form changed in the studio becomes a new version (issue 10): checked like a call
// before publishing, refused with its reason when answers already given would be misread, then drafts move
// to it without losing a word; organisations whose draft now lacks a required answer are told, on their
// dossier's page and by e-mail. Submitted dossiers keep the version they were submitted with.
import type { Kdb } from "../../db/database.server";
import type { Answers, FormDefinition } from "../../forms/definition";
import { localized } from "../../forms/definition";
import { fieldImpl } from "../../forms/field-types.server";
import { t } from "../../i18n/i18n";
import { enqueue } from "../../jobs/queue.server";
import { DomainError } from "../../lib/errors";
import { newId, nowIso } from "../../lib/ids";
import { isEditableByApplicant, statesOf } from "../applications/lifecycle";
import { memberEmails } from "../organisations/member-emails.server";
import { forgetCachedCall, formDefinition } from "./calls.server";
import { compareForms, newlyAsked, type FormChange } from "./form-versions";
import { callProblems, conflict, studioCall, type StudioCall } from "./studio.server";

export interface VersionOutcome {
  version: number;
  migrated: number;
  told: number;
}

async function draftAnswers(db: Kdb, dossierIds: string[]): Promise<Map<string, Answers>> {
  const out = new Map<string, Answers>(dossierIds.map((id) => [id, {}]));
  if (dossierIds.length === 0) return out;
  const rows = await db
    .selectFrom("answer")
    .select(["dossier_id", "field_key", "value_json"])
    .where("dossier_id", "in", dossierIds)
    .execute();
  for (const r of rows) out.get(r.dossier_id)![r.field_key] = JSON.parse(r.value_json);
  return out;
}

/** What publishing the edited form would change, before doing it (the studio shows it). */
export async function pendingVersion(db: Kdb, call: StudioCall): Promise<FormChange & { drafts: number }> {
  const row = await db.selectFrom("call").select("current_form_version_id").where("id", "=", call.id).executeTakeFirstOrThrow();
  const current = await formDefinition(db, row.current_form_version_id!);
  const drafts = await db
    .selectFrom("dossier")
    .select("id")
    .where("call_id", "=", call.id)
    .where("state", "in", statesOf("editableByApplicant"))
    .execute();
  const answers = await draftAnswers(
    db,
    drafts.map((d) => d.id),
  );
  return { ...compareForms(current, call.form, [...answers.values()]), drafts: drafts.length };
}

export async function publishFormVersion(
  db: Kdb,
  input: { callId: string; actorId: string; revision: number; appUrl: string; now?: Date },
): Promise<VersionOutcome> {
  const call = await studioCall(db, input.callId, input.actorId);
  if (call.status !== "published") throw new DomainError("studio.notPublished", 409);
  if (call.revision !== input.revision) throw conflict(call);
  if (!call.formPending) throw new DomainError("studio.version.nothing", 409);
  const problems = await callProblems(db, call);
  if (problems.length > 0) throw new DomainError("studio.publishBlocked", 409, { n: problems.length });
  const row = await db.selectFrom("call").select("current_form_version_id").where("id", "=", call.id).executeTakeFirstOrThrow();
  const currentId = row.current_form_version_id!;
  const current = await formDefinition(db, currentId);
  const drafts = await db
    .selectFrom("dossier")
    .select(["id", "organization_id", "form_version_id"])
    .where("call_id", "=", call.id)
    .where("state", "in", statesOf("editableByApplicant"))
    .execute();
  const answers = await draftAnswers(
    db,
    drafts.map((d) => d.id),
  );
  const change = compareForms(current, call.form, [...answers.values()]);
  if (change.unsafe.length > 0) {
    const first = change.unsafe[0];
    throw new DomainError("studio.version.unsafe", 409, { reason: t("fr", first.key, first.vars), n: change.unsafe.length });
  }
  const latest = await db
    .selectFrom("form_version")
    .select(db.fn.max("version").as("v"))
    .where("call_id", "=", call.id)
    .executeTakeFirstOrThrow();
  const version = Number(latest.v ?? current.version) + 1;
  const next: FormDefinition = { ...call.form, version };
  const versionId = newId();
  const at = nowIso(input.now);
  const told: { dossierId: string; organizationId: string; asked: { key: string; label: string }[] }[] = [];
  await db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable("call")
      .set({
        current_form_version_id: versionId,
        draft_form_json: null,
        revision: call.revision + 1,
        updated_by: input.actorId,
        updated_at: at,
      })
      .where("id", "=", call.id)
      .where("revision", "=", call.revision)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw conflict(await studioCall(db, call.id, input.actorId));
    await trx
      .insertInto("form_version")
      .values({ id: versionId, call_id: call.id, version, definition_json: JSON.stringify(next), created_at: at })
      .execute();
    // Drafts move with every answer they hold (answers to removed questions stay stored and in the history).
    for (const d of drafts) {
      await trx.updateTable("dossier").set({ form_version_id: versionId, updated_at: at }).where("id", "=", d.id).execute();
      const a = answers.get(d.id) ?? {};
      const asked = newlyAsked(change, next, a, (f, v) => fieldImpl(f).isEmpty(v, { locale: "fr", attachmentCount: 0 })).map((f) => ({
        key: f.key,
        label: localized(f.label, "fr"),
      }));
      if (asked.length === 0) continue;
      await trx
        .insertInto("dossier_form_change")
        .values({
          id: newId(),
          dossier_id: d.id,
          from_version_id: d.form_version_id,
          to_version_id: versionId,
          asked_json: JSON.stringify(asked),
          created_at: at,
        })
        .execute();
      told.push({ dossierId: d.id, organizationId: d.organization_id, asked });
    }
    const title = call.content.title;
    for (const x of told) {
      for (const m of await memberEmails(trx, x.organizationId)) {
        await enqueue(trx, "send-mail", {
          to: m.email,
          subject: t(m.locale, "mail.formChanged.subject", { title: localized(title, m.locale) }),
          text: t(m.locale, "mail.formChanged.body", {
            name: m.name,
            title: localized(title, m.locale),
            questions: x.asked.map((q) => `• ${q.label}`).join("\n"),
            link: `${input.appUrl}/dossiers/${x.dossierId}`,
          }),
        });
      }
    }
  });
  await forgetCachedCall(db, input.callId);
  return { version, migrated: drafts.length, told: told.length };
}

/** The latest form change a draft has not yet answered by submitting (for its page). */
export async function formChangeNotice(
  db: Kdb,
  dossier: { id: string; form_version_id: string; state: string },
): Promise<{ key: string; label: string }[] | null> {
  if (!isEditableByApplicant(dossier.state)) return null;
  const row = await db
    .selectFrom("dossier_form_change")
    .select("asked_json")
    .where("dossier_id", "=", dossier.id)
    .where("to_version_id", "=", dossier.form_version_id)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  return row ? (JSON.parse(row.asked_json) as { key: string; label: string }[]) : null;
}
