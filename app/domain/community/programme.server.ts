// The two-year programme at a glance (issue 12): one time line of the community's commitment period —
// learning visits, national meetings, their reports and experience sheets, the yearly indicators — month
// by month, each with what is done, what is due and what is late. Members and organisers read it; it
// prints as it reads.
import type { Kdb } from "../../db/database.server";
import { addDays, parisToday } from "../../lib/paris-time";
import { communityAccess, commitmentPeriod, membersOf } from "./community.server";
import { captureDueOf, captureStatus } from "./event-follow-up.server";

export type ProgrammeStatus = "done" | "planned" | "due" | "late";

export interface ProgrammeItem {
  /** Civil date (Paris) the item is at or due by. */
  date: string;
  kind: "visit" | "meeting" | "report" | "sheets" | "indicators";
  title: string;
  status: ProgrammeStatus;
  /** What is left, when something is (« 2 fiches manquantes »): message key and count. */
  missing?: number;
  eventId?: string;
}

export async function programmeOf(db: Kdb, input: { callId: string; userId: string; now?: Date }) {
  await communityAccess(db, input.userId, input.callId);
  const { start, end } = await commitmentPeriod(db, input.callId);
  const today = parisToday(input.now ?? new Date());
  const items: ProgrammeItem[] = [];
  const events = await db
    .selectFrom("community_event")
    .selectAll()
    .where("call_id", "=", input.callId)
    .where("status", "!=", "cancelled")
    .orderBy("starts_at")
    .execute();
  for (const e of events) {
    const day = parisToday(new Date(e.starts_at));
    const held = day < today || (day === today && new Date(e.ends_at) <= (input.now ?? new Date()));
    items.push({ date: day, kind: e.kind, title: e.title, status: held ? "done" : "planned", eventId: e.id });
    if (!held) continue;
    if (e.kind === "visit") {
      const capture = await captureStatus(db, e.id);
      const due = captureDueOf(e);
      const late = (done: boolean) => (done ? "done" : due < today ? "late" : "due");
      items.push({ date: due, kind: "report", title: e.title, status: late(capture.report), eventId: e.id });
      const missing = capture.organisations.filter((o) => !o.sheet).length;
      items.push({ date: due, kind: "sheets", title: e.title, status: late(missing === 0), missing, eventId: e.id });
    } else {
      // A meeting's minutes are due a fortnight after it.
      const due = addDays(day, 14);
      items.push({ date: due, kind: "report", title: e.title, status: e.report ? "done" : due < today ? "late" : "due", eventId: e.id });
    }
  }
  // The indicators of each year of the period, due by the end of the following January.
  const members = (await membersOf(db, input.callId)).length;
  const declared = await db
    .selectFrom("impact_indicator")
    .select(["year", db.fn.countAll<number>().as("n")])
    .where("call_id", "=", input.callId)
    .groupBy("year")
    .execute();
  for (let year = Number(start.slice(0, 4)); year <= Number(end.slice(0, 4)); year++) {
    const due = `${year + 1}-01-31`;
    const n = Number(declared.find((d) => Number(d.year) === year)?.n ?? 0);
    const missing = Math.max(0, members - n);
    const status: ProgrammeStatus =
      missing === 0 && members > 0 ? "done" : due < today ? "late" : `${year}-12-31` < today ? "due" : "planned";
    items.push({ date: due, kind: "indicators", title: String(year), status, missing });
  }
  items.sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind));
  const months = new Map<string, ProgrammeItem[]>();
  for (const i of items) months.set(i.date.slice(0, 7), [...(months.get(i.date.slice(0, 7)) ?? []), i]);
  return {
    start,
    end,
    today,
    months: [...months].map(([month, list]) => ({ month, items: list })),
    counts: {
      done: items.filter((i) => i.status === "done").length,
      due: items.filter((i) => i.status === "due").length,
      late: items.filter((i) => i.status === "late").length,
      planned: items.filter((i) => i.status === "planned").length,
    },
  };
}
