// Issue 10: the platform reads what fields mean (the dossier's profile), never one call's answer keys.
// No module outside content/ (the calls themselves), migrations (frozen history) and tests names an
// answer key of the PTCE 2015 call.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { form } from "../../content/calls/ptce-emploi-2015/form";
import { allFields } from "../../app/forms/definition";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "migrations" ? [] : files(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) && !/fixture/.test(name) ? [path] : [];
  });
}

describe("no call's answer keys in the platform", () => {
  it("no module of app/ or server/ names a PTCE 2015 answer key", () => {
    // The call's questions (the columns of its repeatable tables — name, type, amount — are common words, not keys).
    const keys = allFields(form).map(({ field }) => field.key);
    expect(keys.length).toBeGreaterThan(30);
    const found: string[] = [];
    for (const path of [...files("app"), ...files("server")]) {
      const source = readFileSync(path, "utf8");
      for (const key of keys) {
        // A key of its own (ptce_name, host_visit…) anywhere; a common word (stage, commune…) when read from answers.
        const pattern = key.includes("_")
          ? new RegExp(`\\b${key}\\b`)
          : new RegExp(`\\b(a|answers)\\??\\.${key}\\b|\\banswers\\[["']${key}["']\\]`);
        if (pattern.test(source)) found.push(`${path}: ${key}`);
      }
    }
    expect(found).toEqual([]);
  });
});
