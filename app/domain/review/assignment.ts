// Automatic assignment of reviewers (issue 2, first part): each dossier gets N reviewers, the load is
// spread as evenly as possible, and a reviewer is never given a dossier of their own organisation or one
// on which they declared a conflict of interest. Existing assignments are kept. Pure: no database.

export interface ReviewerInfo {
  id: string;
  /** Organisations the reviewer belongs to (they may not review their dossiers). */
  organisationIds: string[];
}

export interface DossierInfo {
  id: string;
  organisationId: string;
}

export interface AssignmentInput {
  dossiers: DossierInfo[];
  reviewers: ReviewerInfo[];
  perDossier: number;
  existing: { dossierId: string; reviewerId: string }[];
  conflicts: { dossierId: string; reviewerId: string }[];
}

export interface AssignmentResult {
  /** New assignments only (existing ones are not repeated). */
  added: { dossierId: string; reviewerId: string }[];
  /** Dossiers that could not get N eligible reviewers, with how many they have. */
  shortfalls: { dossierId: string; assigned: number; eligible: number }[];
  load: Record<string, number>;
}

export function assignReviewers(input: AssignmentInput): AssignmentResult {
  const key = (d: string, r: string) => `${d}\u0000${r}`;
  const conflict = new Set(input.conflicts.map((c) => key(c.dossierId, c.reviewerId)));
  const assigned = new Map<string, Set<string>>(input.dossiers.map((d) => [d.id, new Set<string>()]));
  const load: Record<string, number> = Object.fromEntries(input.reviewers.map((r) => [r.id, 0]));
  for (const e of input.existing) {
    if (!assigned.has(e.dossierId) || !(e.reviewerId in load)) continue;
    assigned.get(e.dossierId)!.add(e.reviewerId);
    load[e.reviewerId]++;
  }
  const eligible = (d: DossierInfo) =>
    input.reviewers.filter((r) => !r.organisationIds.includes(d.organisationId) && !conflict.has(key(d.id, r.id)));
  // Most constrained dossiers first, so scarce reviewers go where they are the only option.
  const order = [...input.dossiers].sort((a, b) => eligible(a).length - eligible(b).length || a.id.localeCompare(b.id));
  const added: AssignmentResult["added"] = [];
  const shortfalls: AssignmentResult["shortfalls"] = [];
  for (const d of order) {
    const mine = assigned.get(d.id)!;
    const candidates = eligible(d).filter((r) => !mine.has(r.id));
    while (mine.size < input.perDossier && candidates.length > 0) {
      candidates.sort((a, b) => load[a.id] - load[b.id] || a.id.localeCompare(b.id));
      const r = candidates.shift()!;
      mine.add(r.id);
      load[r.id]++;
      added.push({ dossierId: d.id, reviewerId: r.id });
    }
    if (mine.size < input.perDossier) shortfalls.push({ dossierId: d.id, assigned: mine.size, eligible: eligible(d).length });
  }
  return { added, shortfalls, load };
}
