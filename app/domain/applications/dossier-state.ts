// The dossier's lifecycle: one explicit state machine. Every change of state goes through
// transition(), and is recorded (who, when) by the function that applies it.
//
//   draft ──submit──▶ submitted ──start_review──▶ under_review ──accept/decline/waitlist──▶ decided
//     ▲                  │  ▲                          │
//     └──────reopen──────┘  └─────────resubmit──── returned_for_changes ◀──return_for_changes
//   any submitted state ──withdraw (the applicant)──▶ withdrawn
import { DomainError } from "../../lib/errors";
export const DOSSIER_STATES = ["draft", "submitted", "under_review", "returned_for_changes", "accepted", "declined", "waitlisted", "withdrawn"] as const;
export type DossierState = (typeof DOSSIER_STATES)[number];

export type DossierEvent = "submit" | "reopen" | "start_review" | "return_for_changes" | "resubmit" | "accept" | "decline" | "waitlist" | "withdraw";

/** Who may trigger an event: the applicant's organisation members, or the call's instruction team. */
export type Actor = "applicant" | "organiser";

const transitions: Record<DossierEvent, { from: DossierState[]; to: DossierState; by: Actor; needsNote?: boolean }> = {
  submit: { from: ["draft"], to: "submitted", by: "applicant" },
  reopen: { from: ["submitted"], to: "draft", by: "applicant" },
  start_review: { from: ["submitted"], to: "under_review", by: "organiser" },
  return_for_changes: { from: ["submitted", "under_review"], to: "returned_for_changes", by: "organiser", needsNote: true },
  resubmit: { from: ["returned_for_changes"], to: "submitted", by: "applicant" },
  // A decision always comes with its reasons (the call promises « une réponse motivée »).
  accept: { from: ["submitted", "under_review", "waitlisted"], to: "accepted", by: "organiser", needsNote: true },
  decline: { from: ["submitted", "under_review", "waitlisted"], to: "declined", by: "organiser", needsNote: true },
  waitlist: { from: ["submitted", "under_review"], to: "waitlisted", by: "organiser", needsNote: true },
  // An organisation may withdraw its application at any time once submitted; its data then follows the
  // call's retention period for withdrawn dossiers.
  withdraw: { from: ["submitted", "under_review", "returned_for_changes", "waitlisted", "accepted"], to: "withdrawn", by: "applicant" },
};

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
  const t = transitions[event];
  return (t.from as string[]).includes(from) && (by === undefined || t.by === by);
}

export function transition(from: string, event: DossierEvent, by?: Actor): DossierState {
  if (!canTransition(from, event, by)) throw new TransitionNotAllowed(from, event);
  return transitions[event].to;
}

export function transitionNeedsNote(event: DossierEvent): boolean {
  return Boolean(transitions[event].needsNote);
}

/** States in which applicants may change answers and files. */
export function isEditableByApplicant(state: string): boolean {
  return state === "draft" || state === "returned_for_changes";
}

/** Returned dossiers may be changed and resubmitted after the call's deadline, for that dossier alone. */
export function ignoresDeadline(state: string): boolean {
  return state === "returned_for_changes";
}

/** The applicant's submit button: a first submission or a resubmission after changes were asked. */
export function submitEventFor(state: string): DossierEvent | null {
  if (state === "draft") return "submit";
  if (state === "returned_for_changes") return "resubmit";
  return null;
}
