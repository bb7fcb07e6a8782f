import { describe, expect, it } from "vitest";
import { poolSize } from "./database.server";

describe("PostgreSQL connections per app process", () => {
  it("shares the server's 6 among its app processes, at least 2 each, unless PG_POOL_MAX says", () => {
    expect(poolSize({})).toBe(6);
    expect(poolSize({ TRAME_PROCESS_COUNT: "2" })).toBe(3);
    expect(poolSize({ TRAME_PROCESS_COUNT: "4" })).toBe(2);
    expect(poolSize({ TRAME_PROCESS_COUNT: "16" })).toBe(2);
    expect(poolSize({ TRAME_PROCESS_COUNT: "2", PG_POOL_MAX: "5" })).toBe(5);
  });
});
