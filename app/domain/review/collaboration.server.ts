// What the instruction team shares about a dossier and never shows the applicant: private notes,
// labels, the reviewers' discussion; and each person's saved views of the dossier list.
import { reusableQuery } from "../../db/reusable-query.server";
import type { Kdb } from "../../db/database.server";
import { DomainError, NotFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { assertCanSeeDossier } from "../access/policy.server";
import { frenchOrder } from "../../db/collation.server";

const MAX_TEXT = 10000;

function cleanText(body: string): string {
  const text = body.trim();
  if (!text) throw new DomainError("team.emptyText", 400);
  if (text.length > MAX_TEXT) throw new DomainError("team.textTooLong", 400, { max: MAX_TEXT });
  return text;
}

/** Notes are written by the call's organisers and the dossier's reviewers (not by one-off experts). */
async function assertTeamMember(db: Kdb, userId: string, dossierId: string) {
  const access = await assertCanSeeDossier(db, userId, dossierId);
  if (access.role === "expert") throw new NotFound();
  return access;
}

/** Private notes and the reviewers' discussion are the same kind of thread, in two tables. */
type TeamThread = "dossier_note" | "review_comment";

async function addToThread(
  db: Kdb,
  table: TeamThread,
  input: { dossierId: string; authorId: string; body: string; now?: Date },
): Promise<string> {
  await assertTeamMember(db, input.authorId, input.dossierId);
  const id = newId();
  await db
    .insertInto(table)
    .values({
      id,
      dossier_id: input.dossierId,
      author_id: input.authorId,
      body: cleanText(input.body),
      created_at: (input.now ?? new Date()).toISOString(),
    })
    .execute();
  return id;
}

async function threadOf(db: Kdb, table: TeamThread, dossierId: string) {
  return db
    .selectFrom(table)
    .innerJoin("user", "user.id", `${table}.author_id`)
    .select([`${table}.id as id`, `${table}.body as body`, `${table}.created_at as created_at`, "user.name as name"])
    .where(`${table}.dossier_id`, "=", dossierId)
    .orderBy(`${table}.created_at`)
    .execute();
}

/** Notes: the call's organisers and the dossier's reviewers (not one-off experts); never the applicant. */
export const addNote = (db: Kdb, input: { dossierId: string; authorId: string; body: string; now?: Date }) =>
  addToThread(db, "dossier_note", input);
export const notesOf = (db: Kdb, dossierId: string) => threadOf(db, "dossier_note", dossierId);
/** The reviewers' discussion: organisers and the dossier's reviewers; a declared conflict hides it. */
export const addComment = (db: Kdb, input: { dossierId: string; authorId: string; body: string; now?: Date }) =>
  addToThread(db, "review_comment", input);
export const commentsOf = (db: Kdb, dossierId: string) => threadOf(db, "review_comment", dossierId);

export function normaliseLabel(label: string): string {
  const l = label.trim().replace(/\s+/g, " ");
  if (!l) throw new DomainError("team.emptyText", 400);
  if (l.length > 40) throw new DomainError("team.labelTooLong", 400, { max: 40 });
  return l;
}

export async function addLabel(db: Kdb, input: { dossierId: string; label: string; actorId: string; now?: Date }): Promise<void> {
  const { callId } = await assertTeamMember(db, input.actorId, input.dossierId);
  await db
    .insertInto("dossier_label")
    .values({
      dossier_id: input.dossierId,
      call_id: callId,
      label: normaliseLabel(input.label),
      added_by: input.actorId,
      added_at: (input.now ?? new Date()).toISOString(),
    })
    .onConflict((oc) => oc.columns(["dossier_id", "label"]).doNothing())
    .execute();
}

export async function removeLabel(db: Kdb, input: { dossierId: string; label: string; actorId: string }): Promise<void> {
  await assertTeamMember(db, input.actorId, input.dossierId);
  await db.deleteFrom("dossier_label").where("dossier_id", "=", input.dossierId).where("label", "=", input.label).execute();
}

export async function labelsOf(db: Kdb, dossierId: string): Promise<string[]> {
  return (await db.selectFrom("dossier_label").select("label").where("dossier_id", "=", dossierId).orderBy("label").execute()).map(
    (r) => r.label,
  );
}

/** Every label used in a call, with how many dossiers carry it. */
export async function labelsOfCall(db: Kdb, callId: string) {
  const { rows } = await labelsQuery(db, callId);
  return rows.map((r) => ({ label: r.label, n: Number(r.n) }));
}
// Compiled once, as `viewsQuery`: the list page reads both at every request (issue 11).
const labelsQuery = reusableQuery((db: Kdb, callId: string) =>
  db
    .selectFrom("dossier_label")
    .select(["label", db.fn.countAll<number>().as("n")])
    .where("call_id", "=", callId)
    .groupBy("label")
    .orderBy("label"),
);

/** A saved view is a named query string of the list page, private to its author. */
export async function saveView(
  db: Kdb,
  input: { userId: string; callId: string; name: string; query: string; now?: Date },
): Promise<string> {
  const name = input.name.trim().slice(0, 80);
  if (!name) throw new DomainError("views.nameRequired", 400);
  const params = new URLSearchParams(input.query);
  params.delete("page");
  params.delete("vue");
  const id = newId();
  await db
    .insertInto("saved_view")
    .values({
      id,
      user_id: input.userId,
      call_id: input.callId,
      name,
      query: params.toString(),
      created_at: (input.now ?? new Date()).toISOString(),
    })
    .execute();
  return id;
}

export async function viewsOf(db: Kdb, userId: string, callId: string) {
  return (await viewsQuery(db, userId, callId)).rows;
}
const viewsQuery = reusableQuery((db: Kdb, userId: string, callId: string) =>
  db
    .selectFrom("saved_view")
    .select(["id", "name", "query"])
    .where("user_id", "=", userId)
    .where("call_id", "=", callId)
    .orderBy(frenchOrder(db, "name")),
);

export async function deleteView(db: Kdb, input: { userId: string; viewId: string }): Promise<void> {
  const r = await db.deleteFrom("saved_view").where("id", "=", input.viewId).where("user_id", "=", input.userId).executeTakeFirst();
  if (Number(r.numDeletedRows) !== 1) throw new NotFound();
}
