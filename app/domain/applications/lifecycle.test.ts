import { describe, expect, it } from "vitest";
import {
  applicantView,
  canTransition,
  DOSSIER_EVENTS,
  ignoresDeadline,
  inGroup,
  isEditableByApplicant,
  mayEditAnswers,
  STATE_GROUPS,
  statesOf,
  submitEventFor,
  transition,
  transitionNeedsNote,
  TransitionNotAllowed,
  TRANSITIONS,
  DOSSIER_STATES,
  type DossierEvent,
} from "./lifecycle";

describe("the dossier lifecycle machine", () => {
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
    for (const e of ["submit", "start_review", "return_for_changes", "resubmit", "start_review", "waitlist", "accept"] as DossierEvent[])
      s = transition(s, e);
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

describe("the lifecycle's groups and the applicant's view", () => {
  it("names groups of states, each made of real states", () => {
    expect(statesOf("undecided")).toEqual(["submitted", "under_review", "waitlisted"]);
    expect(inGroup("returned_for_changes", "reviewable")).toBe(false);
    expect(inGroup("accepted", "reviewable")).toBe(true);
    for (const group of Object.keys(STATE_GROUPS) as (keyof typeof STATE_GROUPS)[])
      for (const s of STATE_GROUPS[group]) expect(DOSSIER_STATES).toContain(s);
    for (const e of DOSSIER_EVENTS) for (const s of TRANSITIONS[e].from) expect(DOSSIER_STATES).toContain(s);
  });
  it("lets only the applicant edit, before the deadline unless the dossier was returned", () => {
    expect(mayEditAnswers("draft", "applicant", { deadlinePassed: false })).toBe(true);
    expect(mayEditAnswers("draft", "applicant", { deadlinePassed: true })).toBe(false);
    expect(mayEditAnswers("returned_for_changes", "applicant", { deadlinePassed: true })).toBe(true);
    expect(mayEditAnswers("draft", "organiser", { deadlinePassed: false })).toBe(false);
    expect(mayEditAnswers("submitted", "applicant", { deadlinePassed: false })).toBe(false);
  });
  it("tells the applicant the state it may know and the next step", () => {
    const view = (state: string, o: Partial<Parameters<typeof applicantView>[0]> = {}) =>
      applicantView({ state, deadlinePassed: false, complete: false, ...o });
    expect(view("draft")).toMatchObject({ next: "dossier.next.fill", mayEdit: true, maySubmit: true, mayWithdraw: false });
    expect(view("draft", { complete: true }).next).toBe("dossier.next.submit");
    expect(view("draft", { deadlinePassed: true })).toMatchObject({ next: "dossier.next.closed", mayEdit: false, maySubmit: false });
    expect(view("submitted")).toMatchObject({
      next: "dossier.next.submitted",
      mayReopen: true,
      mayWithdraw: true,
      badge: { label: "state.submitted" },
    });
    expect(view("submitted", { deadlinePassed: true }).mayReopen).toBe(false);
    // A decision taken but not yet sent is still « en cours d'instruction » (ADR 009).
    expect(view("accepted")).toMatchObject({ next: "dossier.next.inReview", badge: { label: "state.inReview" } });
    expect(view("accepted", { answerSent: "accepted" })).toMatchObject({
      next: "dossier.next.decided.accepted",
      badge: { label: "state.decided.accepted", tone: "accepted" },
    });
    expect(view("accepted", { answerSent: "accepted", hasCommunity: false }).next).toBe("dossier.next.decided.acceptedNoCommunity");
    // Withdrawn says so, even after an answer was sent (it used to say « en cours d'instruction »).
    expect(view("withdrawn", { answerSent: "accepted" })).toMatchObject({
      next: "dossier.next.withdrawn",
      badge: { label: "state.withdrawn" },
      mayWithdraw: false,
    });
    expect(view("returned_for_changes", { deadlinePassed: true })).toMatchObject({
      next: "dossier.next.returned",
      mayEdit: true,
      maySubmit: true,
    });
  });
});
