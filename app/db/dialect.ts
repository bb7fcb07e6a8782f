import type { Kysely, SelectQueryBuilder } from "kysely";

/**
 * Which engine a Kysely instance (or transaction) talks to, where the SQL must differ. Its own module, free of
 * the schema and the migrations, so that the migrations ask the same question without importing the database
 * layer that runs them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: the application's and the migrations'
export const isPostgres = (db: Kysely<any>): boolean => db.getExecutor().adapter.constructor.name.startsWith("Postgres");

/**
 * For a long loop of statements over many dossiers: what to await after each item. It gives the event loop
 * a turn for the requests waiting on this process at the first item, then whenever `sliceMs` of the loop's
 * own work have passed since the last turn. SQLite's statements answer at once and their promises are
 * already settled: without turns, such a loop held every other request of the process until it ended — a
 * search's catch-up of 1,500 submissions two seconds, a bulk action on 2,000 dossiers or the reminders of
 * every draft as long (issue 11). A turn after every item starved the loop instead: under ten organisers'
 * searches, each turn lasting their work, the catch-up indexed 51 submissions in 6 s. PostgreSQL's round
 * trips let requests in already: nothing to do there.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema
export function requestTurns(db: Kysely<any>, sliceMs = 50): () => Promise<void> | undefined {
  if (isPostgres(db)) return () => undefined;
  let last = -Infinity;
  return () => {
    if (performance.now() - last < sliceMs) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        last = performance.now();
        resolve();
      }),
    );
  };
}

/** The usual batch of a purge (deleteInBatches): rows deleted per statement before other requests go in. */
export const PURGE_BATCH = 500;

/**
 * A purge too large for one statement: `deleteSome` deletes at most `batch` rows (and whatever goes with
 * them) and says how many; it runs again while it deletes a full batch, the process's other requests let
 * in between (requestTurns), so that a purge of a deadline's records never holds SQLite's write lock in one
 * go. Returns how many rows went in all.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema
export async function deleteInBatches(db: Kysely<any>, batch: number, deleteSome: (limit: number) => Promise<number>): Promise<number> {
  const letRequestsIn = requestTurns(db);
  let deleted = 0;
  for (;;) {
    const n = await deleteSome(batch);
    deleted += n;
    if (n < batch) return deleted;
    await letRequestsIn();
  }
}

/**
 * deleteInBatches for the usual purge: `choose(limit)` selects the ids of at most `limit` rows of `table`
 * to go; they are deleted, again while a full batch goes. Returns how many rows went in all.
 */
export function deleteChosenInBatches(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema
  db: Kysely<any>,
  table: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema
  choose: (limit: number) => SelectQueryBuilder<any, any, { id: string }>,
  batch = PURGE_BATCH,
): Promise<number> {
  return deleteInBatches(db, batch, async (limit) =>
    Number((await db.deleteFrom(table).where("id", "in", choose(limit)).executeTakeFirst()).numDeletedRows),
  );
}

/** The instant `days` days before `now`, as the ISO text the records' timestamps are kept in (a purge's limit). */
export const daysBefore = (now: Date, days: number): string => new Date(now.getTime() - days * 86_400_000).toISOString();
