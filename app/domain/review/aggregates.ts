// Aggregated scores per dossier (issue 2, first part): mean per criterion, spread between reviewers, a
// flag where they disagree strongly, and an overall score for ranking. Scores of reviewers who declared a
// conflict of interest are left out. Pure: no database.

export interface ScoreEntry {
  reviewerId: string;
  /** Criterion key → score (e.g. 0–4); a criterion left blank is absent. */
  scores: Record<string, number>;
}

export interface CriterionAggregate {
  mean: number | null;
  min: number | null;
  max: number | null;
  /** max − min */
  spread: number | null;
  count: number;
}

export interface DossierAggregate {
  criteria: Record<string, CriterionAggregate>;
  /** Mean of the criterion means, weighted by each criterion's weight (criteria nobody scored are left out). */
  overall: number | null;
  reviewers: number;
  /** Some criterion's scores differ by at least `disagreementSpread`. */
  disagreement: boolean;
  disagreeOn: string[];
}

export function aggregateScores(
  criteria: string[],
  entries: ScoreEntry[],
  options: { conflictedReviewerIds?: string[]; disagreementSpread?: number; weights?: Record<string, number> } = {},
): DossierAggregate {
  const excluded = new Set(options.conflictedReviewerIds ?? []);
  const kept = entries.filter((e) => !excluded.has(e.reviewerId));
  const threshold = options.disagreementSpread ?? 2;
  const result: Record<string, CriterionAggregate> = {};
  const disagreeOn: string[] = [];
  for (const c of criteria) {
    const values = kept.map((e) => e.scores[c]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
    if (values.length === 0) {
      result[c] = { mean: null, min: null, max: null, spread: null, count: 0 };
      continue;
    }
    const min = Math.min(...values);
    const max = Math.max(...values);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    result[c] = { mean, min, max, spread: max - min, count: values.length };
    if (values.length > 1 && max - min >= threshold) disagreeOn.push(c);
  }
  const weight = (c: string) => (options.weights?.[c] !== undefined && options.weights[c] > 0 ? options.weights[c] : 1);
  const scored = criteria.filter((c) => result[c].mean !== null);
  const totalWeight = scored.reduce((s, c) => s + weight(c), 0);
  return {
    criteria: result,
    overall: scored.length ? scored.reduce((s, c) => s + weight(c) * result[c].mean!, 0) / totalWeight : null,
    reviewers: kept.length,
    disagreement: disagreeOn.length > 0,
    disagreeOn,
  };
}

/**
 * Ranks as people read them on the ranking page and in the selection's reasons: best score first, equal
 * scores (as shown, to two decimals) share a rank and the next rank skips (1, 1, 3). Unscored: no rank.
 */
export function competitionRanks(items: { id: string; score: number | null | undefined }[]): Map<string, number> {
  const shown = (s: number) => Math.round(s * 100);
  const scored = items.filter((i): i is { id: string; score: number } => typeof i.score === "number").sort((a, b) => b.score - a.score);
  const ranks = new Map<string, number>();
  scored.forEach((item, i) => {
    const previous = scored[i - 1];
    ranks.set(item.id, previous && shown(previous.score) === shown(item.score) ? ranks.get(previous.id)! : i + 1);
  });
  return ranks;
}
