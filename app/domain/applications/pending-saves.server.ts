// When a session has expired, a page saved without JavaScript would lose what was typed. Instead the
// posted answers are kept for a day under a secret token; after signing in, the person finds them back
// in the form (only as a member of the dossier) and saves them.
import { createHash, randomBytes } from "node:crypto";
import type { Kdb } from "../../db/database.server";

const DAY_MS = 86_400_000;
const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export async function keepPendingSave(
  db: Kdb,
  input: { dossierId: string; sectionKey: string; form: FormData; now?: Date },
): Promise<string> {
  const now = input.now ?? new Date();
  const body = new URLSearchParams();
  for (const [k, v] of input.form.entries())
    if (typeof v === "string" && (k.startsWith("f.") || k.startsWith("v.") || k === "_fields")) body.append(k, v);
  const token = randomBytes(24).toString("base64url");
  await db.deleteFrom("pending_save").where("expires_at", "<", now.toISOString()).execute();
  await db
    .insertInto("pending_save")
    .values({
      token_hash: hash(token),
      dossier_id: input.dossierId,
      section_key: input.sectionKey,
      body: body.toString(),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + DAY_MS).toISOString(),
    })
    .execute();
  return token;
}

/** The kept form of this dossier's section, if the token is valid (membership is checked by the caller). */
export async function findPendingSave(
  db: Kdb,
  input: { token: string; dossierId: string; sectionKey: string; now?: Date },
): Promise<URLSearchParams | null> {
  const row = await db
    .selectFrom("pending_save")
    .select(["body", "expires_at"])
    .where("token_hash", "=", hash(input.token))
    .where("dossier_id", "=", input.dossierId)
    .where("section_key", "=", input.sectionKey)
    .executeTakeFirst();
  if (!row || new Date(row.expires_at) < (input.now ?? new Date())) return null;
  return new URLSearchParams(row.body);
}
