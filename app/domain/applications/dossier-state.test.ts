import { describe, expect, it } from "vitest";
import { canTransition, ignoresDeadline, isEditableByApplicant, submitEventFor, transition, transitionNeedsNote, TransitionNotAllowed, DOSSIER_STATES, type DossierEvent } from "./dossier-state";

describe("dossier state machine", () => {
  it("submits a draft and reopens a submitted dossier", () => {
    expect(transition("draft", "submit")).toBe("submitted");
    expect(transition("submitted", "reopen")).toBe("draft");
  });
  it("refuses transitions that are not defined", () => {
    expect(() => transition("submitted", "submit")).toThrow(TransitionNotAllowed);
    expect(() => transition("draft", "reopen")).toThrow(TransitionNotAllowed);
    expect(() => transition("under_review", "reopen")).toThrow(TransitionNotAllowed);
    expect(() => transition("accepted", "decline")).toThrow(TransitionNotAllowed);
    expect(canTransition("unknown", "submit")).toBe(false);
  });
  it("lets each event be triggered only by its actor", () => {
    expect(canTransition("submitted", "accept", "organiser")).toBe(true);
    expect(canTransition("submitted", "accept", "applicant")).toBe(false);
    expect(canTransition("returned_for_changes", "resubmit", "applicant")).toBe(true);
    expect(canTransition("submitted", "reopen", "organiser")).toBe(false);
  });
  it("goes through review to a reasoned decision, and back when changes are asked", () => {
    let s: string = "draft";
    for (const e of ["submit", "start_review", "return_for_changes", "resubmit", "start_review", "waitlist", "accept"] as DossierEvent[]) s = transition(s, e);
    expect(s).toBe("accepted");
    for (const e of ["accept", "decline", "waitlist", "return_for_changes"] as DossierEvent[]) expect(transitionNeedsNote(e)).toBe(true);
    expect(transitionNeedsNote("submit")).toBe(false);
  });
  it("lets applicants edit drafts and returned dossiers only, the latter after the deadline", () => {
    expect(DOSSIER_STATES.filter(isEditableByApplicant)).toEqual(["draft", "returned_for_changes"]);
    expect(ignoresDeadline("returned_for_changes")).toBe(true);
    expect(ignoresDeadline("draft")).toBe(false);
    expect(submitEventFor("draft")).toBe("submit");
    expect(submitEventFor("returned_for_changes")).toBe("resubmit");
    expect(submitEventFor("accepted")).toBeNull();
  });
});
