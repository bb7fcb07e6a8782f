import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limit";

describe("rate limiter", () => {
  it("allows max attempts per key and window, then again after the window", () => {
    const limiter = createRateLimiter(1000);
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take("a", 2, t0))).toEqual([true, true, false]);
    expect(limiter.take("b", 2, t0)).toBe(true);
    expect(limiter.take("a", 2, t0 + 1000)).toBe(true);
  });
});
