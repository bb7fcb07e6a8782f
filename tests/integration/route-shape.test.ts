// Issue 13: routes are HTTP only. A loader finds who asks (the access helpers) and calls ONE domain view; an
// action parses its input with a schema and calls domain commands; neither writes SQL nor reads form fields by
// hand. This test reads every route module and names the ones that do not keep to it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROUTES = "app/routes";
const routeFiles = readdirSync(ROUTES)
  .filter((n) => /\.(ts|tsx)$/.test(n))
  .map((n) => ({ name: n, source: readFileSync(join(ROUTES, n), "utf8") }));

/** Helpers that say who is asking and whether they may (not domain views): a loader may call them beside its view. */
const ACCESS_HELPERS = new Set([
  "requireUser",
  "requireOrganiser",
  "requireCallOrganiser",
  "requireTeamSecurity",
  "requireMemberDossier",
  "requireDossierTeam",
  "requireCommunity",
  "requireCommunityMember",
  "access",
  "loadStudio",
  "notFound",
  "orNotFound",
  "isPlatformOrganiser",
  // HTTP framing, not domain reads.
  "contentDisposition",
  "downloadResponse",
  "studioHeader",
]);

/** The names a route imports from server modules: the functions that may read or write (pure modules — phases, call content,
 * typography — compute from what a view returned and are not counted). */
function importedFromServer(source: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(/^import (type )?\{([^}]*)\} from "([^"]+)";/gm)) {
    if (m[1] || !/\.server$/.test(m[3])) continue;
    for (const n of m[2].split(",")) {
      const name = n.trim();
      if (name && !name.startsWith("type ")) names.push(name.split(" as ").pop()!.trim());
    }
  }
  return names;
}

/** The text of a top-level function, from its header to the closing brace at column 0. */
function functionBody(source: string, header: RegExp): string | null {
  const m = header.exec(source);
  if (!m) return null;
  const end = source.indexOf("\n}\n", m.index);
  return source.slice(m.index, end === -1 ? undefined : end);
}

describe("routes are HTTP only", () => {
  it("has routes to read", () => {
    expect(routeFiles.length).toBeGreaterThan(80);
  });

  it("no route builds SQL: reads and writes go through the domain", () => {
    const offenders = routeFiles.filter((f) => /\.(selectFrom|insertInto|updateTable|deleteFrom)\(/.test(f.source)).map((f) => f.name);
    expect(offenders).toEqual([]);
  });

  it("no route, nor a route helper, reads a form field by hand: every input is parsed by a schema", () => {
    // The upload helper (form-files) reads file parts; app/http/parse-form is where schemas read the form.
    const helpers = readdirSync("app/lib")
      .filter((n) => n.endsWith(".server.ts") && n !== "form-files.server.ts")
      .map((n) => ({ name: `lib/${n}`, source: readFileSync(join("app/lib", n), "utf8") }));
    const offenders = [...routeFiles, ...helpers].filter((f) => /\bform\.get(All)?\(/.test(f.source)).map((f) => f.name);
    expect(offenders).toEqual([]);
  });

  it("each loader calls one domain view, beside the helpers that say who asks", () => {
    const offenders: string[] = [];
    let loaders = 0;
    for (const f of routeFiles) {
      const body = functionBody(f.source, /^export (async )?function loader\b/m);
      if (!body) continue;
      loaders++;
      const fromDomain = importedFromServer(f.source).filter((n) => !ACCESS_HELPERS.has(n));
      const called = fromDomain.filter((n) => new RegExp(`\\b${n.replace("$", "\\$")}\\s*\\(`).test(body));
      const awaitedLocal = [...body.matchAll(/\bawait\s+([A-Za-z_$][\w$]*)\s*\(/g)].map((m) => m[1]).filter((n) => !ACCESS_HELPERS.has(n));
      const distinct = [...new Set([...called, ...awaitedLocal])];
      if (distinct.length > 1) offenders.push(`${f.name}: ${distinct.join(", ")}`);
    }
    expect(loaders).toBeGreaterThan(60);
    expect(offenders).toEqual([]);
  });
});
