// Idempotency-Key for the API's writes (issue 13), as in the IETF draft « The Idempotency-Key HTTP Header
// Field »: the first request with a key claims it (one insert: one process wins, on SQLite as on
// PostgreSQL), its answer is kept 24 hours and replayed to any repetition of the same request; the same
// key with another request is refused; a repetition while the first is still running is told so.
import type { Kdb } from "../db/database.server";

const KEPT_MS = 24 * 3600_000;
/** A claim left by a process that died mid-request is taken over after this long. */
const STALE_MS = 5 * 60_000;

export type Claim = { kind: "new" } | { kind: "replay"; status: number; body: string } | { kind: "mismatch" } | { kind: "in-progress" };

export async function claimIdempotencyKey(
  db: Kdb,
  input: { tokenId: string; key: string; requestHash: string; now?: Date },
): Promise<Claim> {
  const now = input.now ?? new Date();
  const inserted = await db
    .insertInto("api_idempotency")
    .values({
      token_id: input.tokenId,
      key: input.key,
      request_hash: input.requestHash,
      status: 0,
      body: "",
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.columns(["token_id", "key"]).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { kind: "new" };
  const row = await db
    .selectFrom("api_idempotency")
    .selectAll()
    .where("token_id", "=", input.tokenId)
    .where("key", "=", input.key)
    .executeTakeFirst();
  if (!row) return claimIdempotencyKey(db, input); // released meanwhile
  if (row.created_at < new Date(now.getTime() - KEPT_MS).toISOString()) {
    // Expired: the key is free again.
    await db
      .deleteFrom("api_idempotency")
      .where("token_id", "=", input.tokenId)
      .where("key", "=", input.key)
      .where("created_at", "=", row.created_at)
      .execute();
    return claimIdempotencyKey(db, input);
  }
  if (row.request_hash !== input.requestHash) return { kind: "mismatch" };
  if (Number(row.status) === 0) {
    if (row.created_at >= new Date(now.getTime() - STALE_MS).toISOString()) return { kind: "in-progress" };
    const taken = await db
      .updateTable("api_idempotency")
      .set({ created_at: now.toISOString() })
      .where("token_id", "=", input.tokenId)
      .where("key", "=", input.key)
      .where("status", "=", 0)
      .where("created_at", "=", row.created_at)
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) === 1 ? { kind: "new" } : { kind: "in-progress" };
  }
  return { kind: "replay", status: Number(row.status), body: row.body };
}

export async function storeIdempotentAnswer(db: Kdb, input: { tokenId: string; key: string; status: number; body: string }): Promise<void> {
  await db
    .updateTable("api_idempotency")
    .set({ status: input.status, body: input.body })
    .where("token_id", "=", input.tokenId)
    .where("key", "=", input.key)
    .execute();
}

/** A request that failed on our side leaves its key free, so that the client may retry it. */
export async function releaseIdempotencyKey(db: Kdb, input: { tokenId: string; key: string }): Promise<void> {
  await db
    .deleteFrom("api_idempotency")
    .where("token_id", "=", input.tokenId)
    .where("key", "=", input.key)
    .where("status", "=", 0)
    .execute();
}

export async function purgeIdempotencyKeys(db: Kdb, now = new Date()): Promise<void> {
  await db
    .deleteFrom("api_idempotency")
    .where("created_at", "<", new Date(now.getTime() - KEPT_MS).toISOString())
    .execute();
}
