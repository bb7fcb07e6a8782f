// The dossier's lifecycle, in one module (issue 10): its typed states and events, the transition table,
// the named groups of states beside the machine, who may edit, and what the applicant sees and should do
// next. Pure and browser-safe; lifecycle.server.ts applies a transition (check, write, record, queue
// follow-up jobs) in one database transaction.
//
//   draft ──submit──▶ submitted ──start_review──▶ under_review ──accept/decline/waitlist──▶ decided
//     ▲                  │  ▲                          │
//     └──────reopen──────┘  └─────────resubmit──── returned_for_changes ◀──return_for_changes
//   any submitted state ──withdraw (the applicant)──▶ withdrawn
import { DomainError } from "../../lib/errors";
import type { MessageKey } from "../../i18n/i18n";

export const DOSSIER_STATES = [
  "draft",
  "submitted",
  "under_review",
  "returned_for_changes",
  "accepted",
  "declined",
  "waitlisted",
  "withdrawn",
] as const;
export type DossierState = (typeof DOSSIER_STATES)[number];

export const DOSSIER_EVENTS = [
  "submit",
  "reopen",
  "start_review",
  "return_for_changes",
  "resubmit",
  "accept",
  "decline",
  "waitlist",
  "withdraw",
] as const;
export type DossierEvent = (typeof DOSSIER_EVENTS)[number];

/** Who may trigger an event: the applicant's organisation members, or the call's organisers. */
export type Actor = "applicant" | "organiser";

interface TransitionRule {
  from: readonly DossierState[];
  to: DossierState;
  by: Actor;
  /** A reasoned step: the note is required (at least 10 characters). */
  needsNote?: boolean;
  /** The organisation's members are e-mailed at once (decisions wait for the answers, ADR 009). */
  tellsApplicant?: boolean;
  /** Steps the applicant sees in the dossier's history (review steps and decisions are the team's). */
  shownToApplicant?: boolean;
}

export const TRANSITIONS: Record<DossierEvent, TransitionRule> = {
  submit: { from: ["draft"], to: "submitted", by: "applicant", shownToApplicant: true },
  reopen: { from: ["submitted"], to: "draft", by: "applicant", shownToApplicant: true },
  start_review: { from: ["submitted"], to: "under_review", by: "organiser", tellsApplicant: true },
  return_for_changes: {
    from: ["submitted", "under_review"],
    to: "returned_for_changes",
    by: "organiser",
    needsNote: true,
    tellsApplicant: true,
    shownToApplicant: true,
  },
  resubmit: { from: ["returned_for_changes"], to: "submitted", by: "applicant", shownToApplicant: true },
  // A decision always comes with its reasons (the call promises « une réponse motivée »).
  accept: { from: ["submitted", "under_review", "waitlisted"], to: "accepted", by: "organiser", needsNote: true },
  decline: { from: ["submitted", "under_review", "waitlisted"], to: "declined", by: "organiser", needsNote: true },
  waitlist: { from: ["submitted", "under_review"], to: "waitlisted", by: "organiser", needsNote: true },
  // An organisation may withdraw its application at any time once submitted; its data then follows the
  // call's retention period for withdrawn dossiers.
  withdraw: {
    from: ["submitted", "under_review", "returned_for_changes", "waitlisted", "accepted"],
    to: "withdrawn",
    by: "applicant",
    shownToApplicant: true,
  },
};

/**
 * Named groups of states, beside the machine. The community is not one of them: it is the accepted
 * dossiers whose answer was sent (lifecycle.server.ts, `communityDossiers`), a fact outside the state.
 */
export const STATE_GROUPS = {
  /** The applicant may change answers and files. */
  editableByApplicant: ["draft", "returned_for_changes"],
  /** The team reads, assigns and reviews these. */
  reviewable: ["submitted", "under_review", "waitlisted", "accepted", "declined"],
  /** Awaiting a decision: the selection assistant decides these. */
  undecided: ["submitted", "under_review", "waitlisted"],
  /** A decision was taken (it reaches the applicant with the answers). */
  decided: ["accepted", "declined", "waitlisted"],
  /** Submitted at least once and not withdrawn: in the call's lists and exports. */
  inInstruction: ["submitted", "under_review", "returned_for_changes", "accepted", "declined", "waitlisted"],
} as const satisfies Record<string, readonly DossierState[]>;
export type StateGroup = keyof typeof STATE_GROUPS;

export function inGroup(state: string, group: StateGroup): boolean {
  return (STATE_GROUPS[group] as readonly string[]).includes(state);
}

/** The group as a mutable list, for `where("state", "in", …)`. */
export function statesOf(group: StateGroup): DossierState[] {
  return [...STATE_GROUPS[group]];
}

export function isDossierState(s: string): s is DossierState {
  return (DOSSIER_STATES as readonly string[]).includes(s);
}

/** An action the dossier's state no longer allows (a colleague or the team moved it): a 409 the page shows. */
export class TransitionNotAllowed extends DomainError {
  constructor(
    readonly from: string,
    readonly event: DossierEvent,
  ) {
    super("dossier.transitionNotAllowed", 409);
    this.message = `Transition "${event}" is not allowed from state "${from}"`;
  }
}

export function canTransition(from: string, event: DossierEvent, by?: Actor): boolean {
  const rule = TRANSITIONS[event];
  return (rule.from as readonly string[]).includes(from) && (by === undefined || rule.by === by);
}

export function transition(from: string, event: DossierEvent, by?: Actor): DossierState {
  if (!canTransition(from, event, by)) throw new TransitionNotAllowed(from, event);
  return TRANSITIONS[event].to;
}

export function transitionNeedsNote(event: DossierEvent): boolean {
  return Boolean(TRANSITIONS[event].needsNote);
}

/** States in which applicants may change answers and files. */
export function isEditableByApplicant(state: string): boolean {
  return inGroup(state, "editableByApplicant");
}

/** Returned dossiers may be changed and resubmitted after the call's deadline, for that dossier alone. */
export const DEADLINE_IGNORED: readonly DossierState[] = ["returned_for_changes"];
export function ignoresDeadline(state: string): boolean {
  return (DEADLINE_IGNORED as readonly string[]).includes(state);
}

/** Who may change the answers now: the applicant's members in editable states, before the deadline unless returned. Never the team. */
export function mayEditAnswers(state: string, actor: Actor, o: { deadlinePassed: boolean; frozen?: boolean }): boolean {
  return actor === "applicant" && !o.frozen && isEditableByApplicant(state) && (!o.deadlinePassed || ignoresDeadline(state));
}

/** The applicant's submit button: a first submission or a resubmission after changes were asked. */
export function submitEventFor(state: string): DossierEvent | null {
  if (state === "draft") return "submit";
  if (state === "returned_for_changes") return "resubmit";
  return null;
}

export type Decision = "accepted" | "declined" | "waitlisted";

export interface ApplicantView {
  /** The badge: the state as the applicant may know it (decisions only once their answer is sent). */
  badge: { label: MessageKey; tone: "draft" | "submitted" | "accepted" };
  /** What to do next, in one sentence. */
  next: MessageKey;
  mayEdit: boolean;
  maySubmit: boolean;
  mayReopen: boolean;
  mayWithdraw: boolean;
}

/**
 * What the organisation sees of its dossier and what it should do next. Review steps and decisions stay
 * « en cours d'instruction » until the answer is sent (ADR 009); a withdrawn dossier says so, whatever came before.
 */
export function applicantView(input: {
  state: string;
  /** The decision whose answer was sent, if any. */
  answerSent?: Decision | null;
  deadlinePassed: boolean;
  /** A review phase freezes dossiers: applicants may change nothing while it lasts. */
  frozen?: boolean;
  /** Every required answer is given. */
  complete: boolean;
  /** The call has a learning community (a call for projects with grants has none). */
  hasCommunity?: boolean;
}): ApplicantView {
  const { state, deadlinePassed } = input;
  const mayEdit = mayEditAnswers(state, "applicant", { deadlinePassed, frozen: input.frozen });
  const maySubmit = mayEdit && submitEventFor(state) !== null;
  const mayReopen = state === "submitted" && !deadlinePassed && !input.frozen;
  const mayWithdraw = canTransition(state, "withdraw", "applicant");
  const answer = state === "withdrawn" ? null : (input.answerSent ?? null);
  const badge: ApplicantView["badge"] = answer
    ? { label: `state.decided.${answer}`, tone: answer === "accepted" ? "accepted" : "submitted" }
    : state === "draft"
      ? { label: "state.draft", tone: "draft" }
      : state === "submitted"
        ? { label: "state.submitted", tone: "submitted" }
        : state === "returned_for_changes"
          ? { label: "state.returned", tone: "draft" }
          : state === "withdrawn"
            ? { label: "state.withdrawn", tone: "draft" }
            : { label: "state.inReview", tone: "submitted" };
  const next: MessageKey = answer
    ? answer === "accepted" && input.hasCommunity === false
      ? "dossier.next.decided.acceptedNoCommunity"
      : `dossier.next.decided.${answer}`
    : state === "withdrawn"
      ? "dossier.next.withdrawn"
      : input.frozen && isEditableByApplicant(state)
        ? "dossier.next.frozen"
        : state === "returned_for_changes"
          ? "dossier.next.returned"
          : state !== "draft" && state !== "submitted"
            ? "dossier.next.inReview"
            : deadlinePassed
              ? "dossier.next.closed"
              : state === "submitted"
                ? "dossier.next.submitted"
                : input.complete
                  ? "dossier.next.submit"
                  : "dossier.next.fill";
  return { badge, next, mayEdit, maySubmit, mayReopen, mayWithdraw };
}
