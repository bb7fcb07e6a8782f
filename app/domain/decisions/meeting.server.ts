// The selection meeting (issue 12; HotCRP's meeting tracker, with decisions): the chair opens a session
// whose agenda puts the dossiers to discuss first, then the others by score; every member of the
// committee follows the dossier under discussion on their own screen as the chair moves on; decisions
// are recorded live with their reasons, through the dossier's lifecycle; and at each decision the
// selection's constraints are checked again — how many are selected against the target, per région
// against its cap, the share of dossiers in activity against its minimum.
import type { Kdb } from "../../db/database.server";
import { localized } from "../../forms/definition";
import { REGION_NAMES } from "../../forms/territory-lists";
import type { Locale } from "../../i18n/i18n";
import { DomainError, NotFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { formatParisDateTime } from "../../lib/paris-time";
import { formatDecimal } from "../../lib/typography";
import { assertOrganisesCall, roleInCall, type CallRole } from "../access/policy.server";
import { statesOf } from "../applications/lifecycle";
import { findCallById } from "../calls/calls.server";
import { callAggregates, selectionCandidates } from "../review/reviews.server";
import type { Decision } from "./letters";
import { confirmSelection } from "./selection.server";

const UNDECIDED = statesOf("undecided");

export interface ConstraintCheck {
  target: number;
  accepted: number;
  /** Régions over their cap among the accepted. */
  regionsOver: { region: string; count: number; max: number }[];
  operational: { count: number; needed: number; reachable: boolean } | null;
}

/** The selection's constraints against the decisions taken so far (the call's settings from the studio). */
export async function checkConstraints(db: Kdb, callId: string): Promise<ConstraintCheck> {
  const call = await findCallById(db, callId);
  if (!call) throw new NotFound();
  const target = call.content.targetSelection;
  // One read of the candidates (and of the call's reviews behind their scores), split by state.
  const candidates = await selectionCandidates(db, callId, ["accepted", ...UNDECIDED]);
  const accepted = candidates.filter((c) => c.state === "accepted");
  const max = call.content.selection?.maxPerRegion;
  const perRegion = new Map<string, number>();
  for (const a of accepted) if (a.region) perRegion.set(a.region, (perRegion.get(a.region) ?? 0) + 1);
  const regionsOver = max ? [...perRegion].filter(([, n]) => n > max).map(([region, count]) => ({ region, count, max })) : [];
  const share = call.content.selection?.minOperationalShare;
  let operational: ConstraintCheck["operational"] = null;
  if (share !== undefined && share > 0) {
    const needed = Math.ceil(share * target - 1e-9);
    const count = accepted.filter((a) => a.operational).length;
    // Still reachable when the places left and the undecided dossiers in activity can make up the difference.
    const undecided = candidates.filter((c) => c.state !== "accepted");
    const placesLeft = Math.max(0, target - accepted.length);
    const reachable = count + Math.min(placesLeft, undecided.filter((u) => u.operational).length) >= needed;
    operational = { count, needed, reachable };
  }
  return { target, accepted: accepted.length, regionsOver, operational };
}

async function openMeeting(db: Kdb, callId: string) {
  return db
    .selectFrom("selection_meeting")
    .selectAll()
    .where("call_id", "=", callId)
    .where("ended_at", "is", null)
    .orderBy("started_at", "desc")
    .executeTakeFirst();
}

/** Opens the session (or returns the one open): dossiers to discuss first, then by score, best first. */
export async function startMeeting(db: Kdb, input: { callId: string; actorId: string; now?: Date }): Promise<string> {
  await assertOrganisesCall(db, input.actorId, input.callId);
  const open = await openMeeting(db, input.callId);
  if (open) return open.id;
  const rows = await db
    .selectFrom("dossier")
    .innerJoin("dossier_fact", "dossier_fact.dossier_id", "dossier.id")
    .select(["dossier.id", "dossier_fact.name"])
    .where("dossier.call_id", "=", input.callId)
    .where("dossier.state", "in", UNDECIDED)
    .execute();
  if (!rows.length) throw new DomainError("meeting.nothingToDecide", 409);
  const aggregates = await callAggregates(db, input.callId);
  const agenda = rows
    .map((r) => ({
      id: r.id,
      name: r.name,
      discuss: aggregates.get(r.id)?.disagreement ?? false,
      score: aggregates.get(r.id)?.overall ?? -1,
    }))
    .sort((a, b) => Number(b.discuss) - Number(a.discuss) || b.score - a.score || a.name.localeCompare(b.name, "fr"))
    .map((r) => r.id);
  const id = newId();
  await db
    .insertInto("selection_meeting")
    .values({
      id,
      call_id: input.callId,
      chair_id: input.actorId,
      agenda_json: JSON.stringify(agenda),
      position: 0,
      revision: 1,
      started_at: (input.now ?? new Date()).toISOString(),
      ended_at: null,
    })
    .execute();
  return id;
}

/** The chair moves the committee to a dossier of the agenda (every screen follows). */
export async function moveMeeting(db: Kdb, input: { callId: string; actorId: string; position: number }): Promise<void> {
  await assertOrganisesCall(db, input.actorId, input.callId);
  const m = await openMeeting(db, input.callId);
  if (!m) throw new DomainError("meeting.notOpen", 409);
  const agenda = JSON.parse(m.agenda_json) as string[];
  if (!Number.isInteger(input.position) || input.position < 0 || input.position >= agenda.length)
    throw new DomainError("error.badRequest", 400);
  await db
    .updateTable("selection_meeting")
    .set({ position: input.position, revision: m.revision + 1 })
    .where("id", "=", m.id)
    .execute();
}

export async function endMeeting(db: Kdb, input: { callId: string; actorId: string; now?: Date }): Promise<void> {
  await assertOrganisesCall(db, input.actorId, input.callId);
  const m = await openMeeting(db, input.callId);
  if (!m) return;
  await db
    .updateTable("selection_meeting")
    .set({ ended_at: (input.now ?? new Date()).toISOString(), revision: m.revision + 1 })
    .where("id", "=", m.id)
    .execute();
}

/**
 * Records the committee's decision on the dossier under discussion, with its reasons; the constraints are
 * checked again and returned; the session moves on to the next dossier still undecided.
 */
export async function decideInMeeting(
  db: Kdb,
  input: { callId: string; actorId: string; dossierId: string; decision: Decision; reasons: string; appUrl: string; now?: Date },
): Promise<ConstraintCheck> {
  await assertOrganisesCall(db, input.actorId, input.callId);
  const m = await openMeeting(db, input.callId);
  if (!m) throw new DomainError("meeting.notOpen", 409);
  const agenda = JSON.parse(m.agenda_json) as string[];
  if (!agenda.includes(input.dossierId)) throw new NotFound();
  const r = await confirmSelection(db, {
    callId: input.callId,
    actorId: input.actorId,
    appUrl: input.appUrl,
    now: input.now,
    decisions: [{ dossierId: input.dossierId, decision: input.decision, reasons: input.reasons }],
  });
  if (!r.applied.length) throw new DomainError("meeting.alreadyDecided", 409);
  const states = new Map(
    (await db.selectFrom("dossier").select(["id", "state"]).where("id", "in", agenda).execute()).map((d) => [d.id, d.state]),
  );
  const here = agenda.indexOf(input.dossierId);
  const next = [...agenda.slice(here + 1), ...agenda.slice(0, here)].find((id) => UNDECIDED.includes(states.get(id) as never));
  await db
    .updateTable("selection_meeting")
    .set({ position: next ? agenda.indexOf(next) : here, revision: m.revision + 1 })
    .where("id", "=", m.id)
    .execute();
  return checkConstraints(db, input.callId);
}

/**
 * What a member of the committee sees now: the dossier under discussion (its facts, its score, the
 * reviews), where the session is, and the constraints. A member with a conflict of interest on that
 * dossier sees neither its reviews nor its scores — only that it is under discussion.
 */
export async function meetingView(db: Kdb, input: { callId: string; userId: string }) {
  const role: CallRole | null = await roleInCall(db, input.userId, input.callId);
  if (role !== "organiser" && role !== "reviewer") throw new NotFound();
  const m = await openMeeting(db, input.callId);
  const constraints = await checkConstraints(db, input.callId);
  if (!m) return { role, open: false as const, constraints };
  const agenda = JSON.parse(m.agenda_json) as string[];
  const facts = await db
    .selectFrom("dossier")
    .innerJoin("dossier_fact", "dossier_fact.dossier_id", "dossier.id")
    .leftJoin("dossier_score", "dossier_score.dossier_id", "dossier.id")
    .select([
      "dossier.id",
      "dossier.state",
      "dossier_fact.name",
      "dossier_fact.region",
      "dossier_fact.departement",
      "dossier_fact.stage",
      "dossier_score.overall",
      "dossier_score.disagreement",
    ])
    .where("dossier.id", "in", agenda)
    .execute();
  const byId = new Map(facts.map((f) => [f.id, f]));
  const currentId = agenda[m.position];
  const conflicted = Boolean(
    await db
      .selectFrom("conflict_declaration")
      .select("reviewer_id")
      .where("dossier_id", "=", currentId)
      .where("reviewer_id", "=", input.userId)
      .executeTakeFirst(),
  );
  const reviews = conflicted
    ? []
    : await db
        .selectFrom("review")
        .innerJoin("user", "user.id", "review.reviewer_id")
        .leftJoin("conflict_declaration", (j) =>
          j
            .onRef("conflict_declaration.dossier_id", "=", "review.dossier_id")
            .onRef("conflict_declaration.reviewer_id", "=", "review.reviewer_id"),
        )
        .select(["user.name", "review.comment", "review.opinion"])
        .where("review.dossier_id", "=", currentId)
        .where("conflict_declaration.reviewer_id", "is", null)
        .execute();
  const decision = await db
    .selectFrom("dossier_transition")
    .select(["event", "note", "at"])
    .where("dossier_id", "=", currentId)
    .where("event", "in", ["accept", "decline", "waitlist"])
    .orderBy("at", "desc")
    .executeTakeFirst();
  return {
    role,
    open: true as const,
    meetingId: m.id,
    revision: m.revision,
    position: m.position,
    total: agenda.length,
    agenda: agenda.map((id, i) => ({ id, position: i, name: byId.get(id)?.name ?? "", state: byId.get(id)?.state ?? "" })),
    current: {
      ...byId.get(currentId)!,
      // A conflicted member learns only which dossier is discussed, not how it was scored.
      ...(conflicted ? { overall: null, disagreement: null } : {}),
      conflicted,
      reviews,
      decision: decision ?? null,
    },
    constraints,
  };
}

/** The session's revision, for members' screens to know when to follow (cheap: one indexed row). */
export async function meetingRevision(db: Kdb, input: { callId: string; userId: string }): Promise<number> {
  const role = await roleInCall(db, input.userId, input.callId);
  if (role !== "organiser" && role !== "reviewer") throw new NotFound();
  return (await openMeeting(db, input.callId))?.revision ?? 0;
}

/** The meeting as the pages show it: région names, scores written the French way. */
export async function meetingPageData(db: Kdb, input: { callId: string; userId: string; locale: Locale }) {
  const v = await meetingView(db, input);
  const title = localized((await findCallById(db, input.callId))!.content.title, input.locale);
  const constraints = {
    ...v.constraints,
    regionsOver: v.constraints.regionsOver.map((r) => ({ ...r, region: REGION_NAMES.get(r.region) ?? r.region })),
  };
  if (!v.open) return { callId: input.callId, title, role: v.role, open: false as const, constraints, meeting: null };
  const c = v.current;
  return {
    callId: input.callId,
    title,
    role: v.role,
    open: true as const,
    constraints,
    revision: v.revision,
    agenda: v.agenda,
    meeting: {
      position: v.position,
      total: v.total,
      current: {
        id: c.id,
        name: c.name,
        state: c.state,
        region: c.region ? (REGION_NAMES.get(c.region) ?? c.region) : "—",
        departement: c.departement,
        score: c.overall === null || c.overall === undefined ? null : formatDecimal(Number(c.overall), input.locale),
        toDiscuss: c.disagreement === 1,
        conflicted: c.conflicted,
        reviews: c.reviews,
        decision: c.decision ? { ...c.decision, at: formatParisDateTime(c.decision.at, input.locale) } : null,
      },
    },
  };
}
