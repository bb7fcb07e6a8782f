// Attachments: accepted only for the types the call allows, recognised by their content (magic bytes),
// never by their name or the type the browser sends; sized per file and per dossier.
import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import type { Kdb } from "../../db/database.server";
import type { FileStorage } from "../../files/storage.server";
import { findField } from "../../forms/definition";
import { DomainError, NotFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { formDefinition } from "../calls/calls.server";
import { acceptedKinds, kindAllows, KIND_TYPES } from "../../forms/types/files/kinds";
import { assertEditable, type DossierRow } from "./dossiers.server";

export const ALLOWED_TYPES: Record<string, { ext: string; label: string }> = {
  "application/pdf": { ext: "pdf", label: "PDF" },
  "application/vnd.oasis.opendocument.text": { ext: "odt", label: "ODT" },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { ext: "docx", label: "DOCX" },
  "application/vnd.oasis.opendocument.spreadsheet": { ext: "ods", label: "ODS" },
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { ext: "xlsx", label: "XLSX" },
  "image/jpeg": { ext: "jpg", label: "JPEG" },
  "image/png": { ext: "png", label: "PNG" },
};

export interface UploadLimits {
  maxFileBytes: number;
  maxDossierBytes: number;
}

export const DEFAULT_LIMITS: UploadLimits = { maxFileBytes: 20 * 1024 * 1024, maxDossierBytes: 100 * 1024 * 1024 };

/** What the content really is, or null when it is not one of the allowed types. */
export async function sniffType(data: Buffer): Promise<string | null> {
  const detected = await fileTypeFromBuffer(data);
  if (!detected) return null;
  return detected.mime in ALLOWED_TYPES ? detected.mime : null;
}

/** A safe file name: no path, no control or shell characters, bounded length, extension from the content. */
export function sanitiseFileName(original: string, mime: string): string {
  const ext = ALLOWED_TYPES[mime]?.ext ?? "bin";
  const base = original.split(/[\\/]/).pop() ?? "";
  const stem = base
    .replace(/\.[^.]*$/, "")
    .normalize("NFC")
    .replace(/[^\p{L}\p{N} _().,'’-]+/gu, "_")
    .replace(/^[.\s_-]+/, "")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 100);
  return `${stem || "document"}.${ext}`;
}

export async function addAttachment(
  db: Kdb,
  storage: FileStorage,
  input: {
    dossier: DossierRow;
    fieldKey: string;
    originalName: string;
    data: Buffer;
    truncated: boolean;
    userId: string;
    limits: UploadLimits;
    now?: Date;
  },
): Promise<{ id: string; safeName: string }> {
  const now = input.now ?? new Date();
  await assertEditable(db, input.dossier, now);
  const def = await formDefinition(db, input.dossier.form_version_id);
  const field = findField(def, input.fieldKey);
  if (!field || field.type !== "files") throw new DomainError("dossier.unknownField", 400);
  // A question may accept less than the instance allows (e.g. a 2 MB logo), never more.
  const maxFileBytes = Math.min(input.limits.maxFileBytes, field.maxFileMb ? field.maxFileMb * 1048576 : Infinity);
  if (input.truncated || input.data.length > maxFileBytes) {
    throw new DomainError("upload.tooLarge", 413, { max: Math.round(maxFileBytes / 1048576) });
  }
  if (input.data.length === 0) throw new DomainError("upload.empty", 400);
  const mime = await sniffType(input.data);
  if (!mime) throw new DomainError("upload.badType", 415);
  if (!kindAllows(field.accept, mime)) {
    const kinds = acceptedKinds(field.accept).flatMap((k) => KIND_TYPES[k].extensions.map((e) => e.slice(1).toUpperCase()));
    throw new DomainError("upload.kindNotAccepted", 415, { kinds: [...new Set(kinds.map((k) => (k === "JPEG" ? "JPG" : k)))].join(", ") });
  }
  const existing = await db
    .selectFrom("attachment")
    .select([db.fn.countAll().as("n"), db.fn.sum<number>("size").as("total")])
    .where("dossier_id", "=", input.dossier.id)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  const used = Number(existing?.total ?? 0);
  if (used + input.data.length > input.limits.maxDossierBytes) {
    throw new DomainError("upload.dossierFull", 413, { max: Math.round(input.limits.maxDossierBytes / 1048576) });
  }
  const inField = await db
    .selectFrom("attachment")
    .select(db.fn.countAll().as("n"))
    .where("dossier_id", "=", input.dossier.id)
    .where("field_key", "=", input.fieldKey)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (field.maxFiles && Number(inField?.n ?? 0) >= field.maxFiles) throw new DomainError("field.files.max", 409, { max: field.maxFiles });
  const id = newId();
  const storageKey = `dossiers/${input.dossier.id}/${id}`;
  await storage.put(storageKey, input.data);
  const safeName = sanitiseFileName(input.originalName, mime);
  await db
    .insertInto("attachment")
    .values({
      id,
      dossier_id: input.dossier.id,
      field_key: input.fieldKey,
      original_name: input.originalName.slice(0, 255),
      safe_name: safeName,
      mime,
      size: input.data.length,
      sha256: createHash("sha256").update(input.data).digest("hex"),
      storage_key: storageKey,
      uploaded_by: input.userId,
      uploaded_at: now.toISOString(),
      deleted_at: null,
    })
    .execute();
  return { id, safeName };
}

export async function listAttachments(db: Kdb, dossierId: string) {
  return db
    .selectFrom("attachment")
    .select(["id", "field_key", "safe_name", "mime", "size", "uploaded_at"])
    .where("dossier_id", "=", dossierId)
    .where("deleted_at", "is", null)
    .orderBy("uploaded_at")
    .execute();
}

/** Removing keeps the stored file: submitted versions may still list it. */
export async function removeAttachment(db: Kdb, input: { dossier: DossierRow; attachmentId: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  await assertEditable(db, input.dossier, now);
  const r = await db
    .updateTable("attachment")
    .set({ deleted_at: now.toISOString() })
    .where("id", "=", input.attachmentId)
    .where("dossier_id", "=", input.dossier.id)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new NotFound();
}

/** A file of a dossier the user may read (membership is checked by the caller through dossierForMember). */
export async function attachmentOfDossier(db: Kdb, dossierId: string, attachmentId: string) {
  const row = await db
    .selectFrom("attachment")
    .select(["id", "safe_name", "mime", "size", "storage_key"])
    .where("id", "=", attachmentId)
    .where("dossier_id", "=", dossierId)
    .executeTakeFirst();
  if (!row) throw new NotFound();
  return row;
}
