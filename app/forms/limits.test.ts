import { describe, expect, it } from "vitest";
import { answerLimit, overLimit, personCount, DEFAULT_ANSWER_LIMITS } from "./limits";
import type { Field } from "./definition";

const text = (maxLength?: number): Field => ({ type: "text", key: "nom", label: { fr: "Nom" }, maxLength });
const long: Field = { type: "longtext", key: "q1", label: { fr: "Question 1" } };

describe("answer limits", () => {
  it("counts characters as a person does", () => {
    expect(personCount("été")).toBe(3);
    expect(personCount("e\u0301te\u0301")).toBe(3); // accents written as combining marks
    expect(personCount("👩‍👩‍👧 🇫🇷")).toBe(3);
    expect(personCount("a\r\nb")).toBe(3);
  });

  it("takes the call's limit, or the type's default", () => {
    expect(answerLimit(text(200))).toBe(200);
    expect(answerLimit(text())).toBe(DEFAULT_ANSWER_LIMITS.text);
    expect(answerLimit(long)).toBe(DEFAULT_ANSWER_LIMITS.longtext);
  });

  it("names the first limit broken, inside groups too", () => {
    expect(overLimit(text(5), "12345")).toBeNull();
    expect(overLimit(text(5), "123456")).toEqual({ key: "nom", max: 5, count: 6 });
    expect(overLimit(long, "x".repeat(1_900_000))).toMatchObject({ key: "q1", count: 1_900_000 });
    const group: Field = {
      type: "group",
      key: "parties",
      label: { fr: "Parties" },
      itemLabel: { fr: "Partie" },
      maxItems: 3,
      fields: [{ type: "text", key: "name", label: { fr: "Nom" }, maxLength: 10 }],
    };
    expect(overLimit(group, [{ name: "court" }, { name: "beaucoup trop long" }])).toEqual({ key: "parties.1.name", max: 10, count: 18 });
    expect(overLimit(group, [{}, {}, {}, {}])).toEqual({ key: "parties", max: 3, count: 4, rows: true });
  });
});
