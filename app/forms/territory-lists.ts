// France's current regions and departments (@etalab/decoupage-administratif, millésime 2026), bundled with
// the code that shows them: the server's lookups and the pickers of the organisers' list alike. A few
// kilobytes, downloaded once with the page's code and cached with it, instead of ~120 entries sent in the
// data of every list page and encoded again at each request (issue 11). The communes (8.6 MB) stay on the
// server (territory.server.ts).
import regionsData from "@etalab/decoupage-administratif/data/regions.json";
import departementsData from "@etalab/decoupage-administratif/data/departements.json";

export interface Region {
  code: string;
  nom: string;
  zone: string;
}
export interface Departement {
  code: string;
  nom: string;
  region: string;
  zone: string;
}
export type TerritoryOption = { value: string; label: string };

// COM pseudo-entries (overseas collectivities) are kept out of pickers.
export const REGIONS: readonly Region[] = (regionsData as Region[]).filter((r) => r.zone !== "com");
export const DEPARTEMENTS: readonly Departement[] = (departementsData as Departement[]).filter((d) => d.zone !== "com");

/** The pickers' options, made once: a region by its name, a department by its code and name (« 29 — Finistère »). */
export const REGION_OPTIONS: readonly TerritoryOption[] = REGIONS.map((r) => ({ value: r.code, label: r.nom }));
export const DEPARTEMENT_OPTIONS: readonly TerritoryOption[] = DEPARTEMENTS.map((d) => ({ value: d.code, label: `${d.code} — ${d.nom}` }));

/** Names by code: « 53 » → « Bretagne », « 29 » → « Finistère ». */
export const REGION_NAMES: ReadonlyMap<string, string> = new Map(REGIONS.map((r) => [r.code, r.nom]));
export const DEPARTEMENT_NAMES: ReadonlyMap<string, string> = new Map(DEPARTEMENTS.map((d) => [d.code, d.nom]));
