import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres } from "../dialect";

// Issue 3, second part: remote exchanges (threads, posts, notification preferences, digests), the
// capitalisation library (experience sheets) and members' yearly impact indicators, plus one French
// full-text index for these documents (same engines as the dossiers': FTS5 / PostgreSQL 'french').
export const exchangesCapitalisation: Migration = {
  async up(db: Kysely<any>) {
    const postgres = isPostgres(db);
    await db.schema
      .createTable("thread")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("call_id", "text", (c) => c.notNull().references("call.id"))
      .addColumn("event_id", "text")
      .addColumn("theme", "text", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("last_post_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("thread_call").on("thread").columns(["call_id", "last_post_at"]).execute();
    await db.schema
      .createTable("post")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("thread_id", "text", (c) => c.notNull().references("thread.id"))
      .addColumn("author_id", "text", (c) => c.notNull())
      .addColumn("organization_id", "text")
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("attachments_json", "text", (c) => c.notNull())
      .addColumn("mentions_json", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("post_thread").on("post").columns(["thread_id", "created_at"]).execute();
    await db.schema
      .createTable("notification_pref")
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("call_id", "text", (c) => c.notNull())
      .addColumn("mode", "text", (c) => c.notNull()) // immediate | digest | none
      .addColumn("digest_sent_on", "text")
      .addPrimaryKeyConstraint("notification_pref_pk", ["user_id", "call_id"])
      .execute();
    await db.schema
      .createTable("sheet")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("call_id", "text", (c) => c.notNull().references("call.id"))
      .addColumn("organization_id", "text")
      .addColumn("event_id", "text")
      .addColumn("status", "text", (c) => c.notNull()) // draft | reviewed | published | public
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("content_json", "text", (c) => c.notNull())
      .addColumn("themes", "text", (c) => c.notNull()) // ",mobilite,insertion,"
      .addColumn("territory", "text")
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addColumn("published_at", "text")
      .execute();
    await db.schema.createIndex("sheet_call").on("sheet").columns(["call_id", "status"]).execute();
    await db.schema
      .createTable("impact_indicator")
      .addColumn("call_id", "text", (c) => c.notNull().references("call.id"))
      .addColumn("organization_id", "text", (c) => c.notNull())
      .addColumn("year", "integer", (c) => c.notNull())
      .addColumn("jobs_created", "integer", (c) => c.notNull())
      .addColumn("jobs_secured", "integer", (c) => c.notNull())
      .addColumn("people_supported", "integer", (c) => c.notNull())
      .addColumn("trainings", "integer", (c) => c.notNull())
      .addColumn("declared_by", "text", (c) => c.notNull())
      .addColumn("declared_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("impact_indicator_pk", ["call_id", "organization_id", "year"])
      .execute();
    if (postgres) {
      await sql`create table search_doc (
        kind text not null,
        ref_id text not null,
        scope_id text not null,
        content text not null,
        tsv tsvector generated always as (to_tsvector('french', content)) stored,
        primary key (kind, ref_id)
      )`.execute(db);
      await sql`create index search_doc_tsv on search_doc using gin (tsv)`.execute(db);
    } else {
      await sql`create virtual table search_doc using fts5(kind unindexed, ref_id unindexed, scope_id unindexed, content, tokenize = 'unicode61 remove_diacritics 2')`.execute(
        db,
      );
      await sql`create table search_doc_row (row integer primary key autoincrement, kind text not null, ref_id text not null, unique (kind, ref_id))`.execute(
        db,
      );
    }
  },
};
