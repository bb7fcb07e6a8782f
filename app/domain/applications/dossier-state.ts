// The dossier's lifecycle: one explicit state machine. Every change of state goes through
// transition(), and is recorded (who, when) by the function that applies it.
export const DOSSIER_STATES = ["draft", "submitted"] as const;
export type DossierState = (typeof DOSSIER_STATES)[number];

export type DossierEvent = "submit" | "reopen";

const transitions: Record<DossierEvent, { from: DossierState[]; to: DossierState }> = {
  submit: { from: ["draft"], to: "submitted" },
  reopen: { from: ["submitted"], to: "draft" },
};

export class TransitionNotAllowed extends Error {
  constructor(
    readonly from: string,
    readonly event: DossierEvent,
  ) {
    super(`Transition "${event}" is not allowed from state "${from}"`);
  }
}

export function canTransition(from: string, event: DossierEvent): boolean {
  return (transitions[event].from as string[]).includes(from);
}

export function transition(from: string, event: DossierEvent): DossierState {
  if (!canTransition(from, event)) throw new TransitionNotAllowed(from, event);
  return transitions[event].to;
}

/** States in which applicants may change answers and files. */
export function isEditableByApplicant(state: string): boolean {
  return state === "draft";
}
