import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres } from "../dialect";

// Issue 11: a search first asks whether any of its call's submissions is still waiting to be indexed
// (search.server.ts, waitingToBeIndexed). With statistics taken while a deadline's index jobs were pending,
// SQLite's planner then walked every index job ever run, or the whole job table, on every search page:
// 0.16 ms with 1,500 jobs run, and the table kept every job forever. The jobs still to run now have an
// index of their own, which holds none of those already run: on SQLite with each job's payload (covering,
// so that no statistic makes a scan look cheaper); on PostgreSQL by type only, as a b-tree entry cannot
// hold an e-mail's payload (2,704 bytes at most). The jobs already run are purged after a while
// (queue.server.ts, purgeFinishedJobs).
export const openJobs: Migration = {
  async up(db: Kysely<any>) {
    if (isPostgres(db)) await sql`create index job_open on job (type) where status in ('pending', 'running')`.execute(db);
    else await sql`create index job_open on job (type, payload_json) where status in ('pending', 'running')`.execute(db);
  },
};
