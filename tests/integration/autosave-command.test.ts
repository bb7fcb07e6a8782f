// The autosave command (issue 11) on both databases: on PostgreSQL, once the dossier is known to the
// process, an autosave is ONE statement — and that statement still refuses whatever the general path
// refuses: a person no longer a member, a dossier no longer editable, a deadline passed, the rate limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type KyselyPlugin } from "kysely";
import { DATABASES, createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { findCallBySlug, type Call } from "../../app/domain/calls/calls.server";
import { acceptInvitation, createOrganisation, inviteMember } from "../../app/domain/organisations/organisations.server";
import { loadAnswers, openOrCreateDossier } from "../../app/domain/applications/dossiers.server";
import { autosave } from "../../app/domain/applications/autosave.server";
import { DomainError } from "../../app/lib/errors";
import { LIMITS } from "../../app/security/limits";
import type { Kdb } from "../../app/db/database.server";
import { newId } from "../../app/lib/ids";

/** The database, counting the statements run through it. */
function counting(db: Kdb) {
  const seen = { n: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      seen.n++;
      return args.result;
    },
  };
  return { db: db.withPlugin(plugin), seen };
}

const form = (value: string, version: number) =>
  new URLSearchParams({ _fields: "q1_issues", "f.q1_issues": value, "v.q1_issues": String(version) });

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("the autosave was accepted");
}

describe.each(DATABASES)("the autosave command on %s", (kind) => {
  let env: TestEnv;
  let call: Call;
  const db = () => env.services.db;

  beforeAll(async () => {
    env = await testEnv(kind);
    call = (await findCallBySlug(db(), "ptce-emploi-2015"))!;
  });
  afterAll(async () => env?.close());

  async function newDossier(name: string) {
    const owner = await createVerifiedUser(env.services, `Porteur ${name}`);
    const org = await createOrganisation(db(), { name, userId: owner.id });
    const id = await openOrCreateDossier(db(), { call, organizationId: org, userId: owner.id });
    return { id, org, owner };
  }
  const stored = async (id: string) => (await loadAnswers(db(), id)).q1_issues?.value;
  const now = () => new Date(call.closesAt.getTime() - 86_400_000);

  it("saves each version, in one statement on PostgreSQL once the dossier is known", async () => {
    const d = await newDossier("PTCE Rapide");
    const first = await autosave(db(), { userId: d.owner.id, dossierId: d.id, form: form("Premier jet", 0), locale: "fr", now: now() });
    expect(first).toEqual([{ key: "q1_issues", status: "saved", version: 1 }]);
    const c = counting(db());
    const second = await autosave(c.db, { userId: d.owner.id, dossierId: d.id, form: form("Deuxième jet", 1), locale: "fr", now: now() });
    expect(second).toEqual([{ key: "q1_issues", status: "saved", version: 2 }]);
    if (kind === "postgres") expect(c.seen.n).toBe(1);
    expect(await stored(d.id)).toBe("Deuxième jet");
    // A stale version is still a conflict with both texts (the general path tells it apart).
    const stale = await autosave(db(), {
      userId: d.owner.id,
      dossierId: d.id,
      form: form("Jet d'un autre onglet", 1),
      locale: "fr",
      now: now(),
    });
    expect(stale[0]).toMatchObject({ status: "conflict", version: 2, theirs: "Deuxième jet", yours: "Jet d'un autre onglet" });
  });

  it("refuses a person removed from the organisation, even just after their last save", async () => {
    const d = await newDossier("PTCE Départ");
    await autosave(db(), { userId: d.owner.id, dossierId: d.id, form: form("Avant le départ", 0), locale: "fr", now: now() });
    await db().deleteFrom("membership").where("user_id", "=", d.owner.id).execute();
    const e = await refusal(
      autosave(db(), { userId: d.owner.id, dossierId: d.id, form: form("Après le départ", 1), locale: "fr", now: now() }),
    );
    expect(e.status).toBe(404);
    expect(await stored(d.id)).toBe("Avant le départ");
  });

  it("refuses once the dossier is submitted, and after the deadline", async () => {
    const d = await newDossier("PTCE Envoyé");
    await autosave(db(), { userId: d.owner.id, dossierId: d.id, form: form("Version envoyée", 0), locale: "fr", now: now() });
    const late = await refusal(
      autosave(db(), {
        userId: d.owner.id,
        dossierId: d.id,
        form: form("Trop tard", 1),
        locale: "fr",
        now: new Date(call.closesAt.getTime() + 1000),
      }),
    );
    expect([late.status, late.messageKey]).toEqual([409, "dossier.deadlinePassed"]);
    await db().updateTable("dossier").set({ state: "submitted" }).where("id", "=", d.id).execute();
    const sent = await refusal(
      autosave(db(), { userId: d.owner.id, dossierId: d.id, form: form("Après l'envoi", 1), locale: "fr", now: now() }),
    );
    expect([sent.status, sent.messageKey]).toEqual([409, "dossier.notEditable"]);
    expect(await stored(d.id)).toBe("Version envoyée");
  });

  it("counts every attempt under the rate limit and refuses beyond it, saving nothing", async () => {
    const d = await newDossier("PTCE Pressé");
    await autosave(db(), { userId: d.owner.id, dossierId: d.id, form: form("Dans la limite", 0), locale: "fr", now: now() });
    const key = `autosaveByAccount:${d.owner.id}`;
    const before = await db().selectFrom("throttle").select("hits").where("key", "=", key).executeTakeFirstOrThrow();
    expect(Number(before.hits)).toBe(1);
    await db()
      .updateTable("throttle")
      .set({ hits: LIMITS.autosaveByAccount.max, window_start: now().getTime() })
      .where("key", "=", key)
      .execute();
    const e = await refusal(autosave(db(), { userId: d.owner.id, dossierId: d.id, form: form("Au-delà", 1), locale: "fr", now: now() }));
    expect(e.status).toBe(429);
    expect(Number(e.vars?.retryAfterSeconds)).toBeGreaterThanOrEqual(1);
    expect(Number(e.vars?.retryAfterSeconds)).toBeLessThanOrEqual(60);
    expect(await stored(d.id)).toBe("Dans la limite");
  });

  it("counts refused attempts too: probing a dossier of another organisation uses the prober's limit", async () => {
    const d = await newDossier("PTCE Sondé");
    const prober = await createVerifiedUser(env.services, "Curieux");
    for (let i = 0; i < 3; i++) {
      const e = await refusal(autosave(db(), { userId: prober.id, dossierId: d.id, form: form("Intrus", 1), locale: "fr", now: now() }));
      expect(e.status).toBe(404);
    }
    const hits = await db()
      .selectFrom("throttle")
      .select("hits")
      .where("key", "=", `autosaveByAccount:${prober.id}`)
      .executeTakeFirstOrThrow();
    expect(Number(hits.hits)).toBe(3);
    expect(await stored(d.id)).toBeUndefined();
  });

  // SQLite only: not registered on PostgreSQL, rather than passing there without asserting anything.
  if (kind === "sqlite")
    it("on SQLite, counts the attempt and saves in one transaction: one begin, one commit; once known, at once", async () => {
      const d = await newDossier("PTCE Sobre");
      const sqlSeen: string[] = [];
      const plugin: KyselyPlugin = {
        transformQuery: (args) => args.node,
        transformResult: async (args) => args.result,
      };
      const watched = db().withPlugin(plugin);
      const log = (sqlText: string) => sqlSeen.push(sqlText.trim().split(/\s+/)[0].toLowerCase());
      const executor = watched.getExecutor();
      const original = executor.provideConnection.bind(executor);
      executor.provideConnection = (consumer) =>
        original((connection) =>
          consumer({
            executeQuery: (q) => (log(q.sql), connection.executeQuery(q)),
            streamQuery: (q, size) => connection.streamQuery(q, size),
          }),
        );
      // A first save (a new answer) takes the general path: the limit, the membership and the save, one commit.
      const first = await autosave(watched, { userId: d.owner.id, dossierId: d.id, form: form("Un", 0), locale: "fr", now: now() });
      expect(first).toEqual([{ key: "q1_issues", status: "saved", version: 1 }]);
      expect(sqlSeen.filter((s) => s === "commit")).toHaveLength(1);
      expect(sqlSeen[0]).toBe("begin");
      expect(sqlSeen.at(-1)).toBe("commit");
      // The dossier now known, the next save runs at once on the free connection (saveNow): no statement
      // goes through Kysely's executor, and everything is written all the same — the answer, its revision,
      // the attempt counted.
      sqlSeen.length = 0;
      const second = await autosave(watched, { userId: d.owner.id, dossierId: d.id, form: form("Deux", 1), locale: "fr", now: now() });
      expect(second).toEqual([{ key: "q1_issues", status: "saved", version: 2 }]);
      expect(sqlSeen).toEqual([]);
      expect(await stored(d.id)).toBe("Deux");
      const revision = await db()
        .selectFrom("answer_revision")
        .select(["version", "value_json"])
        .where("dossier_id", "=", d.id)
        .where("field_key", "=", "q1_issues")
        .orderBy("version", "desc")
        .executeTakeFirstOrThrow();
      expect(revision).toEqual({ version: 2, value_json: JSON.stringify("Deux") });
      const hits = await db()
        .selectFrom("throttle")
        .select("hits")
        .where("key", "=", `autosaveByAccount:${d.owner.id}`)
        .executeTakeFirstOrThrow();
      expect(Number(hits.hits)).toBe(2);
    });

  it("keeps one revision per person per five minutes, a colleague's save starting the next, on every path", async () => {
    const d = await newDossier("PTCE Mémoire");
    const colleague = await createVerifiedUser(env.services, "Collègue Mémoire");
    const { token } = await inviteMember(db(), { organizationId: d.org, email: colleague.email, invitedBy: d.owner.id });
    await acceptInvitation(db(), { token, userId: colleague.id });
    const t0 = now().getTime();
    const at = (minutes: number) => new Date(t0 + minutes * 60_000);
    const save = async (userId: string, value: string, version: number, minutes: number) =>
      expect(await autosave(db(), { userId, dossierId: d.id, form: form(value, version), locale: "fr", now: at(minutes) })).toEqual([
        { key: "q1_issues", status: "saved", version: version + 1 },
      ]);
    await save(d.owner.id, "Un", 0, 0); // a new answer: the general path, a first revision
    await save(d.owner.id, "Deux", 1, 1); // the one-statement (PostgreSQL) or at-once (SQLite) path: coalesced
    await save(d.owner.id, "Trois", 2, 2);
    await save(colleague.id, "Quatre", 3, 3); // a colleague: a revision of her own
    await save(d.owner.id, "Cinq", 4, 3.5); // back to the owner: the latest revision is the colleague's, a new one
    await save(d.owner.id, "Six", 5, 4);
    await save(d.owner.id, "Sept", 6, 9); // more than five minutes after that revision began: a new one
    const revisions = await db()
      .selectFrom("answer_revision")
      .select(["version", "value_json", "saved_by"])
      .where("dossier_id", "=", d.id)
      .where("field_key", "=", "q1_issues")
      .orderBy("version")
      .execute();
    expect(revisions).toEqual([
      { version: 3, value_json: JSON.stringify("Trois"), saved_by: d.owner.id },
      { version: 4, value_json: JSON.stringify("Quatre"), saved_by: colleague.id },
      { version: 6, value_json: JSON.stringify("Six"), saved_by: d.owner.id },
      { version: 7, value_json: JSON.stringify("Sept"), saved_by: d.owner.id },
    ]);
  });

  it("finds the revision to coalesce by when it began: on PostgreSQL that update writes no indexed column (HOT)", async () => {
    if (kind === "sqlite") {
      const names = await sql<{
        name: string;
      }>`select name from sqlite_master where type = 'index' and tbl_name = 'answer_revision'`.execute(db());
      expect(names.rows.map((r) => r.name)).toContain("answer_revision_window");
    } else {
      // The columns a coalescing update writes (dossiers.server.ts) may be in no index of the table.
      const indexes = await sql<{ indexdef: string }>`select indexdef from pg_indexes where tablename = 'answer_revision'`.execute(db());
      const defs = indexes.rows.map((r) => r.indexdef);
      expect(defs.some((x) => x.includes("answer_revision_window") && x.includes("(dossier_id, field_key, first_saved_at)"))).toBe(true);
      for (const def of defs) expect(def).not.toMatch(/\b(version|value_json|saved_at)\b/);
    }
  });

  // SQLite only: not registered on PostgreSQL, rather than passing there without asserting anything.
  if (kind === "sqlite")
    it("on SQLite, never saves inside another request's transaction: it waits for the connection, and survives that rollback", async () => {
      const d = await newDossier("PTCE Patient");
      await autosave(db(), { userId: d.owner.id, dossierId: d.id, form: form("Avant", 0), locale: "fr", now: now() });
      let open!: () => void;
      const gate = new Promise<void>((r) => (open = r));
      let held!: () => void;
      const holding = new Promise<void>((r) => (held = r));
      // Another request's transaction holds the one connection across an await, then fails.
      const other = db()
        .transaction()
        .execute(async (trx) => {
          await trx.updateTable("dossier").set({ updated_at: "2000-01-01T00:00:00.000Z" }).where("id", "=", d.id).execute();
          held();
          await gate;
          throw new Error("l'autre requête échoue");
        });
      await holding;
      let saved = false;
      const save = autosave(db(), { userId: d.owner.id, dossierId: d.id, form: form("Pendant", 1), locale: "fr", now: now() }).then(
        (r) => ((saved = true), r),
      );
      await new Promise((r) => setTimeout(r, 50));
      expect(saved).toBe(false);
      open();
      await expect(other).rejects.toThrow("l'autre requête échoue");
      expect(await save).toEqual([{ key: "q1_issues", status: "saved", version: 2 }]);
      expect(await stored(d.id)).toBe("Pendant");
    });

  it("keeps the dossier within its total in characters, not bytes: accented text fits, one character more does not", async () => {
    const d = await newDossier("PTCE Accentué");
    const dossier = await db().selectFrom("dossier").select("form_version_id").where("id", "=", d.id).executeTakeFirstOrThrow();
    const version = await db()
      .selectFrom("form_version")
      .select(["definition_json", "call_id", "version"])
      .where("id", "=", dossier.form_version_id)
      .executeTakeFirstOrThrow();
    const small = newId();
    const def = { ...JSON.parse(version.definition_json), maxDossierCharacters: 2000 };
    await db()
      .insertInto("form_version")
      .values({
        id: small,
        call_id: version.call_id,
        version: version.version + 100,
        definition_json: JSON.stringify(def),
        created_at: new Date().toISOString(),
      })
      .execute();
    await db().updateTable("dossier").set({ form_version_id: small }).where("id", "=", d.id).execute();
    const save = (key: string, value: string, v: number) =>
      autosave(db(), {
        userId: d.owner.id,
        dossierId: d.id,
        form: new URLSearchParams({ _fields: key, [`f.${key}`]: value, [`v.${key}`]: String(v) }),
        locale: "fr",
        now: now(),
      });
    await save("q1_issues", "é".repeat(900), 0); // 902 characters stored, 1,802 bytes
    await save("q2_objectives", "x", 0);
    // 902 + 1,002 characters: within 2,000, though the bytes (2,804) are not.
    expect(await save("q2_objectives", "y".repeat(1000), 1)).toEqual([{ key: "q2_objectives", status: "saved", version: 2 }]);
    const over = await refusal(save("q2_objectives", "z".repeat(1097), 2));
    expect([over.status, over.messageKey]).toEqual([413, "answer.dossierFull"]);
    expect((await loadAnswers(db(), d.id)).q2_objectives.value).toBe("y".repeat(1000));
  });
});
