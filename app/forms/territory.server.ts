// Official French territory lists from @etalab/decoupage-administratif (millésime 2026). The communes are
// read from its JSON file at run time, so that their 8.6 MB stay out of every bundle; the regions and
// departments, a few kilobytes, are bundled (territory-lists.ts).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { DEPARTEMENTS, REGIONS, type Departement, type Region } from "./territory-lists";

const require = createRequire(import.meta.url);

export interface Commune {
  code: string;
  nom: string;
  departement: string;
  region: string;
  type: string;
  codesPostaux?: string[];
  anciensCodes?: string[];
  population?: number;
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(require.resolve(`@etalab/decoupage-administratif/data/${name}.json`), "utf8")) as T;
}

let cache: {
  communes: Commune[];
  communeByCode: Map<string, Commune>;
  byFoldedName: Map<string, Commune[]>;
  folded: string[]; // folded names, same order as communes, for prefix search
  foldedBare: string[]; // the same without a leading article (le, la, les, l’)
} | null = null;

const withoutArticle = (folded: string) => folded.replace(/^(l|le|la|les) /, "");

export function foldName(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[’'\-\s]+/g, " ")
    .replace(/\bst\b/g, "saint")
    .replace(/\bste\b/g, "sainte")
    .trim();
}

function data() {
  if (cache) return cache;
  const communes = load<Commune[]>("communes").filter((c) => c.type === "commune-actuelle" || c.type === "arrondissement-municipal");
  const communeByCode = new Map<string, Commune>();
  const byFoldedName = new Map<string, Commune[]>();
  for (const c of communes) {
    communeByCode.set(c.code, c);
    // « L’Île-Saint-Denis » is found as « Île-Saint-Denis » too: people often leave the article out.
    const key = foldName(c.nom);
    for (const k of new Set([key, withoutArticle(key)])) byFoldedName.set(k, [...(byFoldedName.get(k) ?? []), c]);
  }
  // Former codes of merged communes resolve to the current commune.
  for (const c of communes) for (const old of c.anciensCodes ?? []) if (!communeByCode.has(old)) communeByCode.set(old, c);
  const folded = communes.map((c) => foldName(c.nom));
  const foldedBare = folded.map(withoutArticle);
  cache = { communes, communeByCode, byFoldedName, folded, foldedBare };
  return cache;
}

export function regionByCode(code: string): Region | undefined {
  return REGIONS.find((r) => r.code === code);
}
export function departementByCode(code: string): Departement | undefined {
  return DEPARTEMENTS.find((d) => d.code === code);
}
export function communeByCode(code: string): Commune | undefined {
  return data().communeByCode.get(code);
}

/**
 * Finds communes from what a person typed: an INSEE code, a postal code, a name, or
 * « Nom (département) ». Homonyms come back together so the person can choose.
 */
export function findCommunes(query: string, limit = 20): Commune[] {
  const q = query.trim();
  if (!q) return [];
  const { communes, communeByCode: byCode, byFoldedName, folded, foldedBare } = data();
  if (/^(\d{5}|2[AB]\d{3})$/i.test(q)) {
    // Five digits are most often a postcode (« 26100 » is Romans-sur-Isère's), sometimes an INSEE code
    // (Combovin's): communes of that postcode first, the largest first, then the code's commune.
    const exact = byCode.get(q.toUpperCase());
    const byPostal = communes.filter((c) => c.codesPostaux?.includes(q)).sort((a, b) => (b.population ?? 0) - (a.population ?? 0));
    return [...new Set([...byPostal, ...(exact ? [exact] : [])])].slice(0, limit);
  }
  const withDept = /^(.*?)\s*\((\d{2,3}|2[AB])\)\s*$/i.exec(q);
  const name = foldName(withDept ? withDept[1] : q);
  const dept = withDept?.[2]?.toUpperCase();
  let exact = byFoldedName.get(name) ?? [];
  if (dept) exact = exact.filter((c) => c.departement === dept);
  if (exact.length > 0) return exact.slice(0, limit);
  const bare = withoutArticle(name);
  const starts = communes.filter(
    (c, i) => (folded[i].startsWith(name) || foldedBare[i].startsWith(bare)) && (!dept || c.departement === dept),
  );
  return starts.sort((a, b) => (b.population ?? 0) - (a.population ?? 0)).slice(0, limit);
}

export function communeLabel(c: Commune): string {
  return `${c.nom} (${c.departement})`;
}
