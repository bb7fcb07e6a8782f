// The default call's texts once its dates are filled: no placeholder left for a person to read (issue 9:
// « par exemple {communityStart:month-example} » was shown as is).
import { describe, expect, it } from "vitest";
import { ptceEmploi2015 } from "./call";
import { fillTimelinePlaceholders } from "../../../app/domain/calls/calls.server";

describe("the PTCE 2015 call as data", () => {
  it("leaves no placeholder unfilled in its texts and form", () => {
    const filled = fillTimelinePlaceholders(JSON.stringify({ content: ptceEmploi2015.content, form: ptceEmploi2015.form }), ptceEmploi2015.originalTimeline);
    expect(filled.match(/\{[A-Za-z]+(?::[A-Za-z-]+)?\}/g) ?? []).toEqual([]);
    expect(filled).toContain("par exemple « avril 2015 »");
  });
});
