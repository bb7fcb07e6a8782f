// How many dossiers of a call are in each state, kept as they change (issue 11): the organisers' list
// shows its per-state counts without counting the call's dossiers at every request. Each change of
// state adds −1 and +1 in the same transaction (lifecycle.server.ts), a new draft +1, a purge −1. The
// figures are spread over a few shards per state, chosen at random, so that fifty simultaneous
// submissions on PostgreSQL do not wait on one another's row lock; reading sums the shards. The periodic
// clean-up recounts from the dossiers, so that no drift can last (a row written by hand, a restore).
import { sql } from "kysely";
import type { Kdb } from "../../db/database.server";
import { reusableQuery } from "../../db/reusable-query.server";

const SHARDS = 8;

/** Adds `delta` dossiers to a call's state (inside the caller's transaction). */
export async function addToStateCount(db: Kdb, input: { callId: string; state: string; delta: number }): Promise<void> {
  const shard = Math.floor(Math.random() * SHARDS);
  await db
    .insertInto("call_state_count")
    .values({ call_id: input.callId, state: input.state, shard, n: input.delta })
    .onConflict((oc) => oc.columns(["call_id", "state", "shard"]).doUpdateSet({ n: sql`call_state_count.n + ${input.delta}` }))
    .execute();
}

/** A dossier moved from one state to another: both counts in one statement. */
export async function moveStateCount(db: Kdb, input: { callId: string; from: string; to: string }): Promise<void> {
  if (input.from === input.to) return;
  const shard = () => Math.floor(Math.random() * SHARDS);
  await moveStatement(db, input.callId, input.from, shard(), input.to, shard());
}

// Compiled once (reusable-query.server.ts): every submission and every review step moves a count.
const moveStatement = reusableQuery((db: Kdb, callId: string, from: string, fromShard: number, to: string, toShard: number) =>
  db
    .insertInto("call_state_count")
    .values([
      { call_id: callId, state: from, shard: fromShard, n: -1 },
      { call_id: callId, state: to, shard: toShard, n: 1 },
    ])
    .onConflict((oc) => oc.columns(["call_id", "state", "shard"]).doUpdateSet({ n: sql`call_state_count.n + excluded.n` })),
);

/** The call's dossiers by state (states without any are absent). */
export async function stateCounts(db: Kdb, callId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("call_state_count")
    .select(["state", (eb) => eb.fn.sum<number>("n").as("n")])
    .where("call_id", "=", callId)
    .groupBy("state")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]).filter(([, n]) => Number(n) > 0));
}

/** The call's listed dossiers by state: drafts are the applicants' own, never in the organisers' list. */
export async function listedStateCounts(db: Kdb, callId: string): Promise<Record<string, number>> {
  const { draft: _drafts, ...listed } = await stateCounts(db, callId);
  return listed;
}

/**
 * Recounts every call from its dossiers (periodic clean-up), in a transaction per call: the kept counts,
 * and the state the list's facts keep beside each dossier (resynchronised where it differs).
 */
export async function recountStates(db: Kdb): Promise<void> {
  const calls = await db.selectFrom("call").select("id").execute();
  for (const { id } of calls) {
    await db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom("dossier")
        .select(["state", (eb) => eb.fn.countAll<number>().as("n")])
        .where("call_id", "=", id)
        .groupBy("state")
        .execute();
      await trx.deleteFrom("call_state_count").where("call_id", "=", id).execute();
      await sql`update dossier_fact set state = (select dossier.state from dossier where dossier.id = dossier_fact.dossier_id)
        where call_id = ${id} and exists (select 1 from dossier where dossier.id = dossier_fact.dossier_id and dossier.state != dossier_fact.state)`.execute(
        trx,
      );
      if (rows.length)
        await trx
          .insertInto("call_state_count")
          .values(rows.map((r) => ({ call_id: id, state: r.state, shard: 0, n: Number(r.n) })))
          .execute();
    });
  }
}
