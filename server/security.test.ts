import { describe, expect, it } from "vitest";
import { newNonce } from "./security";

describe("CSP nonces from the random pool", () => {
  it("are 16 bytes, and never repeat across refills of the pool", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const n = newNonce();
      expect(Buffer.from(n, "base64")).toHaveLength(16);
      seen.add(n);
    }
    expect(seen.size).toBe(2000);
  });
});
