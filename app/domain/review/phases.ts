// Review phases (issue 12): a call's instruction runs in dated phases, as pretalx's review phases do. Each
// phase says what the team may do while it lasts — score, see the other reviewers' reviews, see the
// applicants' names — and whether applicants may still change a dossier returned to them. A phase starts
// at its date and lasts until the next one starts: nothing has to switch it, the clock does. A call
// without phases (the PTCE 2015 call) keeps the rights it always had. Pure: no database.
import type { LocalizedText } from "../../forms/definition";
import { parisWallTimeToInstant } from "../../lib/paris-time";
import type { MessageKey } from "../../i18n/i18n";

export interface ReviewPhase {
  name: LocalizedText;
  /** When it starts, as a Paris wall time « YYYY-MM-DDTHH:MM ». */
  starts: string;
  /** Reviewers and experts may write or change their review. */
  canScore: boolean;
  /** A reviewer sees the others' reviews once their own is written; when false, never (organisers always do). */
  seeOthers: boolean;
  /** Reviewers and experts see who applied; when false, the dossier is shown under a number, identity answers hidden. */
  seeNames: boolean;
  /** Applicants may change and resubmit a dossier returned to them; when false, dossiers are frozen for the phase. */
  applicantsEdit: boolean;
}

export type PhaseRights = Pick<ReviewPhase, "canScore" | "seeOthers" | "seeNames" | "applicantsEdit">;

/** The rights outside any phase: everything the platform allowed before phases existed. */
export const OPEN_RIGHTS: PhaseRights = { canScore: true, seeOthers: true, seeNames: true, applicantsEdit: true };

export const RIGHTS: (keyof PhaseRights)[] = ["canScore", "seeOthers", "seeNames", "applicantsEdit"];

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** The instant a phase starts, or null when its date cannot be read. */
export function phaseStart(p: Pick<ReviewPhase, "starts">): Date | null {
  const m = WALL.exec(p.starts);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCMonth() !== mo - 1) return null;
  return parisWallTimeToInstant(y, mo, d, h, mi);
}

export interface PhaseNow {
  /** The phase in force, with when it started and when the next one takes over (null: the last one). */
  current: { index: number; phase: ReviewPhase; startsAt: Date; endsAt: Date | null } | null;
  next: { index: number; phase: ReviewPhase; startsAt: Date } | null;
  rights: PhaseRights;
}

/** The phase in force at an instant; phases whose date cannot be read are ignored (the studio names them). */
export function phaseAt(phases: readonly ReviewPhase[] | undefined, now: Date): PhaseNow {
  const dated = (phases ?? [])
    .map((phase, index) => ({ phase, index, startsAt: phaseStart(phase) }))
    .filter((p): p is { phase: ReviewPhase; index: number; startsAt: Date } => p.startsAt !== null)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  let i = -1;
  while (i + 1 < dated.length && dated[i + 1].startsAt <= now) i++;
  const following = dated[i + 1] ?? null;
  if (i < 0) return { current: null, next: following, rights: OPEN_RIGHTS };
  const c = dated[i];
  const rights: PhaseRights = {
    canScore: c.phase.canScore,
    seeOthers: c.phase.seeOthers,
    seeNames: c.phase.seeNames,
    applicantsEdit: c.phase.applicantsEdit,
  };
  return { current: { ...c, endsAt: following?.startsAt ?? null }, next: following, rights };
}

/**
 * When the review being written now is due: the end of the scoring phase in force, or the start of the
 * next phase that stops scoring. Null when nothing ends it.
 */
export function scoringDueAt(phases: readonly ReviewPhase[] | undefined, now: Date): Date | null {
  const n = phaseAt(phases, now);
  if (!n.current?.phase.canScore) return null;
  const later = (phases ?? [])
    .map((phase) => ({ phase, startsAt: phaseStart(phase) }))
    .filter((p): p is { phase: ReviewPhase; startsAt: Date } => p.startsAt !== null && p.startsAt > now)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return later.find((p) => !p.phase.canScore)?.startsAt ?? null;
}

/** What the studio names before a call is published: unreadable dates, two phases at once, unnamed phases. */
export function phaseProblems(phases: readonly ReviewPhase[] | undefined): { key: MessageKey; vars: Record<string, string | number> }[] {
  const out: { key: MessageKey; vars: Record<string, string | number> }[] = [];
  const seen = new Map<number, number>();
  (phases ?? []).forEach((p, i) => {
    const n = i + 1;
    if (!p.name.fr.trim()) out.push({ key: "studio.check.phaseNoName", vars: { n } });
    const at = phaseStart(p);
    if (!at) out.push({ key: "studio.check.phaseDate", vars: { n } });
    else if (seen.has(at.getTime())) out.push({ key: "studio.check.phaseSameStart", vars: { n, other: seen.get(at.getTime())! } });
    else seen.set(at.getTime(), n);
  });
  return out;
}

/** Phases in the order they follow each other (the studio keeps them so). */
export function sortPhases(phases: ReviewPhase[]): ReviewPhase[] {
  const at = (p: ReviewPhase) => phaseStart(p)?.getTime() ?? Number.MAX_SAFE_INTEGER;
  return [...phases].sort((a, b) => at(a) - at(b));
}

/** The label a reviewer sees instead of the applicant's name while names are hidden: stable, not guessable from the list order. */
export function anonymousLabel(dossierId: string): string {
  let h = 0;
  for (const ch of dossierId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `D-${(h % 46656).toString(36).toUpperCase().padStart(3, "0")}-${dossierId.slice(-3).toUpperCase()}`;
}
