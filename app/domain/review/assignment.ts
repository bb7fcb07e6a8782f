// Automatic assignment of reviewers (issue 2, then issue 12): a minimum-cost flow, as HotCRP's assigner,
// with the two limits its users ask for as hard constraints — each dossier gets at least `perDossier`
// reviews, no reviewer gets more than their maximum load. Within them the cost prefers reviewers who
// said they were interested, avoids those who said they were not, and spreads the load evenly (each extra
// dossier costs a reviewer more than the last). A reviewer never gets a dossier of their own organisation
// or one on which they declared a conflict of interest. Existing assignments are kept and counted.
// Because it is a maximum flow, every dossier gets its reviews whenever some assignment within the limits
// could give them; when none can, the result says which dossiers fall short and why. Pure: no database.

export type Preference = "interested" | "neutral" | "not";
/** What a reviewer may answer on the preferences page: a preference, or a conflict of interest. */
export const PREFERENCE_CHOICES = ["interested", "neutral", "not", "conflict"] as const;
export type PreferenceChoice = (typeof PREFERENCE_CHOICES)[number];

export interface ReviewerInfo {
  id: string;
  /** Organisations the reviewer belongs to (they may not review their dossiers). */
  organisationIds: string[];
  /** Most dossiers this reviewer may have in all (existing ones included); null or absent: the call's limit. */
  maxLoad?: number | null;
}

export interface DossierInfo {
  id: string;
  organisationId: string;
}

export interface AssignmentInput {
  dossiers: DossierInfo[];
  reviewers: ReviewerInfo[];
  /** Reviews each dossier must have (existing ones included). */
  perDossier: number;
  /** The call's maximum load per reviewer (null or absent: none). */
  maxPerReviewer?: number | null;
  existing: { dossierId: string; reviewerId: string }[];
  conflicts: { dossierId: string; reviewerId: string }[];
  preferences?: { dossierId: string; reviewerId: string; level: Preference }[];
}

export interface Shortfall {
  dossierId: string;
  assigned: number;
  wanted: number;
  /** Reviewers allowed on it at all (not of its organisation, no conflict). */
  eligible: number;
  ownOrganisation: number;
  conflicts: number;
  /** « fewEligible »: fewer eligible reviewers than reviews wanted; « reviewersFull »: enough, but they reached their limit. */
  reason: "fewEligible" | "reviewersFull";
}

export interface ReviewerOutcome {
  id: string;
  before: number;
  after: number;
  limit: number | null;
  /** The new dossiers by the preference the reviewer had given. */
  byPreference: Record<Preference, number>;
}

export interface AssignmentResult {
  /** New assignments only (existing ones are not repeated). */
  added: { dossierId: string; reviewerId: string }[];
  shortfalls: Shortfall[];
  load: Record<string, number>;
  reviewers: ReviewerOutcome[];
  /** The settings the run used, for its explanation. */
  settings: { perDossier: number; maxPerReviewer: number | null };
}

/** Costs: an extra dossier for a reviewer costs BALANCE × their load; a preference adds its cost. */
export const COSTS = { balance: 10, interested: 0, neutral: 10, not: 30 } as const;

export function assignReviewers(input: AssignmentInput): AssignmentResult {
  const key = (d: string, r: string) => `${d}\u0000${r}`;
  const reviewers = [...input.reviewers].sort((a, b) => a.id.localeCompare(b.id));
  const dossiers = [...input.dossiers].sort((a, b) => a.id.localeCompare(b.id));
  const R = reviewers.length;
  const D = dossiers.length;
  const rIndex = new Map(reviewers.map((r, i) => [r.id, i]));
  const dIndex = new Map(dossiers.map((d, i) => [d.id, i]));
  const conflict = new Set(input.conflicts.map((c) => key(c.dossierId, c.reviewerId)));
  const preference = new Map((input.preferences ?? []).map((p) => [key(p.dossierId, p.reviewerId), p.level]));
  const limitOf = (r: ReviewerInfo): number | null => {
    const own = r.maxLoad ?? null;
    const call = input.maxPerReviewer ?? null;
    return own !== null && call !== null ? Math.min(own, call) : (own ?? call);
  };

  // Existing assignments: kept, and counted in both limits.
  const assigned: boolean[][] = dossiers.map(() => new Array<boolean>(R).fill(false));
  const before = new Array<number>(R).fill(0);
  const have = new Array<number>(D).fill(0);
  for (const e of input.existing) {
    const d = dIndex.get(e.dossierId);
    const r = rIndex.get(e.reviewerId);
    if (d === undefined || r === undefined || assigned[d][r]) continue;
    assigned[d][r] = true;
    before[r]++;
    have[d]++;
  }
  const load = [...before];
  const limit = reviewers.map(limitOf);
  const eligible: boolean[][] = dossiers.map((d) =>
    reviewers.map((r) => !r.organisationIds.includes(d.organisationId) && !conflict.has(key(d.id, r.id))),
  );
  const costOf = (d: number, r: number) => COSTS[preference.get(key(dossiers[d].id, reviewers[r].id)) ?? "neutral"];
  // Flow added by this run on (dossier, reviewer): the residual graph's reverse edges.
  const added: boolean[][] = dossiers.map(() => new Array<boolean>(R).fill(false));
  const need = dossiers.map((_, d) => Math.max(0, input.perDossier - have[d]));

  // Successive shortest paths (Bellman–Ford with a queue: reverse edges carry negative costs). Nodes:
  // reviewers 0..R-1, dossiers R..R+D-1. The source's edge to a reviewer is implicit: its cost is the
  // reviewer's next unit of load, open while under their limit. A dossier still short reaches the sink.
  for (;;) {
    const dist = new Array<number>(R + D).fill(Infinity);
    const prev = new Array<number>(R + D).fill(-1);
    const inQueue = new Array<boolean>(R + D).fill(false);
    const queue: number[] = [];
    for (let r = 0; r < R; r++) {
      if (limit[r] !== null && load[r] >= limit[r]!) continue;
      dist[r] = COSTS.balance * load[r];
      queue.push(r);
      inQueue[r] = true;
    }
    for (let head = 0; head < queue.length; head++) {
      const u = queue[head];
      inQueue[u] = false;
      if (u < R) {
        for (let d = 0; d < D; d++) {
          if (!eligible[d][u] || assigned[d][u] || added[d][u]) continue;
          const nd = dist[u] + costOf(d, u);
          if (nd < dist[R + d]) {
            dist[R + d] = nd;
            prev[R + d] = u;
            if (!inQueue[R + d]) {
              queue.push(R + d);
              inQueue[R + d] = true;
            }
          }
        }
      } else {
        const d = u - R;
        for (let r = 0; r < R; r++) {
          if (!added[d][r]) continue;
          const nd = dist[u] - costOf(d, r);
          if (nd < dist[r]) {
            dist[r] = nd;
            prev[r] = u;
            if (!inQueue[r]) {
              queue.push(r);
              inQueue[r] = true;
            }
          }
        }
      }
    }
    // The cheapest dossier still short of reviews that a path reaches.
    let best = -1;
    for (let d = 0; d < D; d++) if (need[d] > 0 && dist[R + d] < Infinity && (best < 0 || dist[R + d] < dist[R + best])) best = d;
    if (best < 0) break;
    need[best]--;
    // Walk back: dossier ← reviewer (assign) ← dossier (unassign that reviewer there) ← … ← a reviewer from the source.
    let node = R + best;
    for (;;) {
      const r = prev[node];
      added[node - R][r] = true;
      const from = prev[r];
      if (from < 0) {
        load[r]++;
        break;
      }
      added[from - R][r] = false;
      node = from;
    }
  }

  const out: AssignmentResult["added"] = [];
  const outcomes: ReviewerOutcome[] = reviewers.map((r, i) => ({
    id: r.id,
    before: before[i],
    after: load[i],
    limit: limit[i],
    byPreference: { interested: 0, neutral: 0, not: 0 },
  }));
  for (let d = 0; d < D; d++)
    for (let r = 0; r < R; r++) {
      if (!added[d][r]) continue;
      out.push({ dossierId: dossiers[d].id, reviewerId: reviewers[r].id });
      outcomes[r].byPreference[preference.get(key(dossiers[d].id, reviewers[r].id)) ?? "neutral"]++;
    }
  const shortfalls: Shortfall[] = [];
  for (let d = 0; d < D; d++) {
    const total = have[d] + reviewers.filter((_, r) => added[d][r]).length;
    if (total >= input.perDossier) continue;
    const own = reviewers.filter((r) => r.organisationIds.includes(dossiers[d].organisationId)).length;
    const conflicts = reviewers.filter(
      (r) => !r.organisationIds.includes(dossiers[d].organisationId) && conflict.has(key(dossiers[d].id, r.id)),
    ).length;
    const eligibleCount = R - own - conflicts;
    shortfalls.push({
      dossierId: dossiers[d].id,
      assigned: total,
      wanted: input.perDossier,
      eligible: eligibleCount,
      ownOrganisation: own,
      conflicts,
      reason: eligibleCount < input.perDossier ? "fewEligible" : "reviewersFull",
    });
  }
  return {
    added: out,
    shortfalls,
    load: Object.fromEntries(reviewers.map((r, i) => [r.id, load[i]])),
    reviewers: outcomes,
    settings: { perDossier: input.perDossier, maxPerReviewer: input.maxPerReviewer ?? null },
  };
}
