import { describe, expect, it } from "vitest";
import { canTransition, isEditableByApplicant, transition, TransitionNotAllowed } from "./dossier-state";

describe("dossier state machine", () => {
  it("submits a draft and reopens a submitted dossier", () => {
    expect(transition("draft", "submit")).toBe("submitted");
    expect(transition("submitted", "reopen")).toBe("draft");
  });
  it("refuses transitions that are not defined", () => {
    expect(() => transition("submitted", "submit")).toThrow(TransitionNotAllowed);
    expect(() => transition("draft", "reopen")).toThrow(TransitionNotAllowed);
    expect(canTransition("unknown", "submit")).toBe(false);
  });
  it("lets applicants edit drafts only", () => {
    expect(isEditableByApplicant("draft")).toBe(true);
    expect(isEditableByApplicant("submitted")).toBe(false);
  });
});
