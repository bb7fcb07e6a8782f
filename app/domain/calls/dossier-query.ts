// One query for everything (issue 12; pretalx #1618, HotCRP's list actions): the filters of the
// organisers' list, as its address carries them, read once here. The same query drives the list, the
// bulk actions (assign, label, decide, message the applicants) and the exports — so « the dossiers I am
// looking at » means the same everywhere. Pure: the database side is instruction.server.ts.
import type { InstructionFilters } from "./instruction.server";
import type { FormDefinition } from "../../forms/definition";
import { filterableFields } from "../applications/answer-facts";

export const LIST_STATES = ["submitted", "under_review", "returned_for_changes", "waitlisted", "accepted", "declined"] as const;
export const LIST_SORTS = ["name", "submitted", "updated", "score"] as const;

/** The address's names for each filter (French, as people share them); the call's own fields are « c.<key> ». */
const NAMES = [
  "etat",
  "region",
  "departement",
  "stade",
  "secteur",
  "charte",
  "visite",
  "anciennete",
  "evaluateur",
  "note_min",
  "note_max",
  "etiquette",
  "q",
] as const;

function num(v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined || v.trim() === "") return undefined;
  const n = Number(v.replace(",", "."));
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : undefined;
}

/** The filters a query names (never the page: a bulk action or an export takes every matching dossier). */
export function parseDossierQuery(params: URLSearchParams, def: FormDefinition): InstructionFilters {
  const get = (k: string) => params.get(k)?.slice(0, 200) || undefined;
  const yesNo = (k: string) => (get(k) === "yes" || get(k) === "no" ? (get(k) as "yes" | "no") : undefined);
  const state = get("etat");
  return {
    state: LIST_STATES.includes(state as (typeof LIST_STATES)[number]) ? state : undefined,
    region: get("region"),
    departement: get("departement"),
    stage: get("stade"),
    sector: get("secteur"),
    charter: yesNo("charte"),
    hostVisit: yesNo("visite"),
    minYears: num(get("anciennete"), 0, 100),
    reviewer: get("evaluateur"),
    scoreMin: num(get("note_min"), 0, 1000),
    scoreMax: num(get("note_max"), 0, 1000),
    label: get("etiquette"),
    q: get("q"),
    sort: LIST_SORTS.find((s) => s === get("tri")) ?? "name",
    fields: filterableFields(def).map(({ field, kind }) =>
      kind === "choice"
        ? { key: field.key, value: get(`c.${field.key}`) }
        : { key: field.key, min: num(get(`c.${field.key}.min`), -1e12, 1e12), max: num(get(`c.${field.key}.max`), -1e12, 1e12) },
    ),
  };
}

/** The query as it travels between pages and jobs: its filters only (no page, no sort), in a stable order. */
export function canonicalQuery(params: URLSearchParams): string {
  const out = new URLSearchParams();
  for (const name of NAMES) {
    const v = params.get(name);
    if (v) out.set(name, v.slice(0, 200));
  }
  const own = [...params.keys()].filter((k) => /^c\.[A-Za-z0-9_-]{1,64}(\.(min|max))?$/.test(k)).sort();
  for (const k of own) {
    const v = params.get(k);
    if (v) out.set(k, v.slice(0, 200));
  }
  return out.toString();
}

/** True when the query filters nothing: every submitted dossier of the call. */
export function isWholeCall(query: string): boolean {
  return canonicalQuery(new URLSearchParams(query)) === "";
}
