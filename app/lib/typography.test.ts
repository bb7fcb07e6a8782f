import { describe, expect, it } from "vitest";
import { frenchSpacing } from "./typography";

describe("frenchSpacing", () => {
  it("binds guillemets and high punctuation to their words", () => {
    expect(frenchSpacing("« PTCE » : oui ! Vraiment ? Oui ; bien")).toBe(
      "«\u00a0PTCE\u00a0»\u00a0: oui\u202f! Vraiment\u202f? Oui\u202f; bien",
    );
  });
  it("leaves URLs, times and already correct text alone", () => {
    expect(frenchSpacing("http://x.fr 14:32")).toBe("http://x.fr 14:32");
    expect(frenchSpacing("Bravo\u202f!")).toBe("Bravo\u202f!");
  });
});
