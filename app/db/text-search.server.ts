// French full-text search over community documents (experience sheets, discussion posts): one table
// per database behind one interface, like the dossiers' (SQLite FTS5 without accents, PostgreSQL 'french').
import { sql } from "kysely";
import { isPostgres, type Kdb } from "./database.server";

/** Accents are ignored on both sides (PostgreSQL's French configuration would otherwise keep them). */
export const stripAccents = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
/** Words from what a person typed, safe for either engine's query syntax. */
export const searchWords = (query: string) => (stripAccents(query).match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12);
/**
 * PostgreSQL's query text for these words: every one, each stem as a prefix. Stemming alone made a word miss
 * its own plural wherever the French stemmer cuts them differently (« maraicher » → maraich, « maraichers » →
 * maraicher; « emploi », « emplois » kept whole), where SQLite's prefixes found it.
 */
export const pgPrefixes = (terms: string[]) => terms.map((t) => `${t.replace(/'/g, "")}:*`).join(" & ");

export async function indexDocument(db: Kdb, input: { kind: string; refId: string; scopeId: string; content: string }): Promise<void> {
  const content = stripAccents(input.content);
  if (isPostgres(db)) {
    await sql`insert into search_doc (kind, ref_id, scope_id, content) values (${input.kind}, ${input.refId}, ${input.scopeId}, ${content})
      on conflict (kind, ref_id) do update set content = excluded.content, scope_id = excluded.scope_id`.execute(db);
    return;
  }
  await sql`insert into search_doc_row (kind, ref_id) values (${input.kind}, ${input.refId}) on conflict (kind, ref_id) do nothing`.execute(
    db,
  );
  const { rows } = await sql<{
    row: number;
  }>`select row from search_doc_row where kind = ${input.kind} and ref_id = ${input.refId}`.execute(db);
  await sql`delete from search_doc where rowid = ${rows[0].row}`.execute(db);
  await sql`insert into search_doc (rowid, kind, ref_id, scope_id, content) values (${rows[0].row}, ${input.kind}, ${input.refId}, ${input.scopeId}, ${content})`.execute(
    db,
  );
}

/** Ids of documents of a kind within a scope matching every word, best first. */
export async function searchDocuments(db: Kdb, input: { kind: string; scopeId: string; query: string; limit?: number }): Promise<string[]> {
  const terms = searchWords(input.query);
  if (terms.length === 0) return [];
  const limit = input.limit ?? 500;
  if (isPostgres(db)) {
    const q = pgPrefixes(terms);
    const { rows } = await sql<{
      ref_id: string;
    }>`select ref_id from search_doc where kind = ${input.kind} and scope_id = ${input.scopeId} and tsv @@ to_tsquery('french', ${q})
      order by ts_rank(tsv, to_tsquery('french', ${q})) desc, ref_id limit ${limit}`.execute(db);
    return rows.map((r) => r.ref_id);
  }
  const match = terms.map((t) => `"${t}"*`).join(" ");
  const { rows } = await sql<{
    ref_id: string;
  }>`select ref_id from search_doc where search_doc match ${match} and kind = ${input.kind} and scope_id = ${input.scopeId} order by rank, ref_id limit ${limit}`.execute(
    db,
  );
  return rows.map((r) => r.ref_id);
}
