import type { Kysely, Migration } from "kysely";

// Issue 13: the HTTP API. Personal access tokens (stored as a SHA-256 of the secret, scoped to calls and
// to read or write, expiring); the answers already given to an Idempotency-Key; webhooks per call and the
// log of their deliveries.
export const api: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("api_token")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("token_hash", "text", (c) => c.notNull().unique())
      .addColumn("hint", "text", (c) => c.notNull())
      .addColumn("access", "text", (c) => c.notNull())
      .addColumn("call_ids_json", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .addColumn("last_used_at", "text")
      .addColumn("revoked_at", "text")
      .execute();
    await db.schema.createIndex("api_token_user").on("api_token").columns(["user_id", "created_at"]).execute();

    await db.schema
      .createTable("api_idempotency")
      .addColumn("token_id", "text", (c) => c.notNull())
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("request_hash", "text", (c) => c.notNull())
      .addColumn("status", "integer", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("api_idempotency_pk", ["token_id", "key"])
      .execute();
    await db.schema.createIndex("api_idempotency_created").on("api_idempotency").column("created_at").execute();

    await db.schema
      .createTable("webhook")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("call_id", "text", (c) => c.notNull())
      .addColumn("url", "text", (c) => c.notNull())
      .addColumn("secret", "text", (c) => c.notNull())
      .addColumn("events_json", "text", (c) => c.notNull())
      .addColumn("active", "integer", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("webhook_call").on("webhook").columns(["call_id", "active"]).execute();

    await db.schema
      .createTable("webhook_delivery")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("webhook_id", "text", (c) => c.notNull())
      .addColumn("event", "text", (c) => c.notNull())
      .addColumn("payload", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull())
      .addColumn("last_status", "integer")
      .addColumn("last_error", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("last_attempt_at", "text")
      .addColumn("delivered_at", "text")
      .addColumn("replay_of", "text")
      .execute();
    await db.schema.createIndex("webhook_delivery_hook").on("webhook_delivery").columns(["webhook_id", "created_at"]).execute();
  },
};
