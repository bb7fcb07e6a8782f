import { describe, expect, it } from "vitest";
import { isFatal } from "./process-policy";

describe("process policy", () => {
  it("goes on after an ordinary fault, stops for corrupt storage, full disk, memory or a storm of faults", () => {
    expect(isFatal(new Error("Unexpected end of form"), 1)).toBe(false);
    expect(isFatal(new TypeError("x is undefined"), 3)).toBe(false);
    expect(isFatal("a string", 1)).toBe(false);
    expect(isFatal(Object.assign(new Error("database disk image is malformed"), { code: "SQLITE_CORRUPT" }), 1)).toBe(true);
    expect(isFatal(Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR_WRITE" }), 1)).toBe(true);
    expect(isFatal(Object.assign(new Error("no space"), { code: "ENOSPC" }), 1)).toBe(true);
    expect(isFatal(new RangeError("Array buffer allocation failed"), 1)).toBe(true);
    expect(isFatal(new Error("ordinary"), 21)).toBe(true);
  });
});
