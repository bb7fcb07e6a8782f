// Calibration of reviewers (issue 12; pretalx #656 asks for it, no peer has it): some reviewers score
// harshly, others leniently, and a dossier's mean depends on who happened to review it. Each review's
// overall score is re-expressed on the panel's scale: its distance from its reviewer's own mean, in units
// of the reviewer's own spread (a z-score), placed back around the panel's mean and spread. Reviewers with
// fewer than MIN_REVIEWS reviews are not corrected (too few to judge them); a reviewer who gives every
// dossier the same score is shifted, not stretched. Raw means stay beside the calibrated ones, and the
// method is shown. Dossiers on which the panel is split — a criterion whose scores differ widely, or
// calibrated scores far apart — go to the « to discuss » list. Pure: no database.

export const MIN_REVIEWS = 3;
/** A reviewer whose mean is this many panel standard deviations below (above) the panel's is harsh (lenient). */
export const SEVERITY_THRESHOLD = 0.5;
/** Calibrated scores of one dossier this many panel standard deviations apart: a split opinion. */
export const SPLIT_THRESHOLD = 1.5;

export interface ReviewScore {
  dossierId: string;
  reviewerId: string;
  /** The review's own overall score (its criteria's weighted mean). */
  overall: number;
}

export interface ReviewerCalibration {
  reviewerId: string;
  reviews: number;
  mean: number;
  sd: number;
  /** Mean minus the panel's mean. */
  offset: number;
  /** How the reviewer scores compared with the panel. */
  severity: "harsh" | "lenient" | "typical" | "tooFew";
  corrected: boolean;
}

export interface DossierCalibration {
  dossierId: string;
  raw: number;
  calibrated: number;
  reviews: number;
  /** Largest gap between two reviewers' calibrated scores. */
  spread: number;
  split: boolean;
}

export interface Calibration {
  panel: { mean: number; sd: number; reviews: number };
  reviewers: ReviewerCalibration[];
  dossiers: Map<string, DossierCalibration>;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sd = (xs: number[]) => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
};

export function calibrate(scores: ReviewScore[]): Calibration {
  const valid = scores.filter((s) => Number.isFinite(s.overall));
  const all = valid.map((s) => s.overall);
  const panel = { mean: all.length ? mean(all) : 0, sd: sd(all), reviews: all.length };
  const byReviewer = new Map<string, number[]>();
  for (const s of valid) byReviewer.set(s.reviewerId, [...(byReviewer.get(s.reviewerId) ?? []), s.overall]);
  const reviewers: ReviewerCalibration[] = [...byReviewer].map(([reviewerId, xs]) => {
    const m = mean(xs);
    const offset = m - panel.mean;
    const corrected = xs.length >= MIN_REVIEWS;
    const band = SEVERITY_THRESHOLD * panel.sd;
    const severity = !corrected ? "tooFew" : band > 0 && offset <= -band ? "harsh" : band > 0 && offset >= band ? "lenient" : "typical";
    return { reviewerId, reviews: xs.length, mean: m, sd: sd(xs), offset, severity, corrected };
  });
  const of = new Map(reviewers.map((r) => [r.reviewerId, r]));
  const calibrated = (s: ReviewScore) => {
    const r = of.get(s.reviewerId)!;
    if (!r.corrected) return s.overall;
    if (r.sd === 0 || panel.sd === 0) return s.overall - r.offset;
    return panel.mean + ((s.overall - r.mean) / r.sd) * panel.sd;
  };
  const byDossier = new Map<string, { raw: number[]; cal: number[] }>();
  for (const s of valid) {
    const e = byDossier.get(s.dossierId) ?? { raw: [], cal: [] };
    e.raw.push(s.overall);
    e.cal.push(calibrated(s));
    byDossier.set(s.dossierId, e);
  }
  const dossiers = new Map<string, DossierCalibration>();
  for (const [dossierId, e] of byDossier) {
    const spread = e.cal.length > 1 ? Math.max(...e.cal) - Math.min(...e.cal) : 0;
    dossiers.set(dossierId, {
      dossierId,
      raw: mean(e.raw),
      calibrated: mean(e.cal),
      reviews: e.cal.length,
      spread,
      split: e.cal.length > 1 && panel.sd > 0 && spread >= SPLIT_THRESHOLD * panel.sd,
    });
  }
  return { panel, reviewers, dossiers };
}

/** A review's overall score: its criteria's weighted mean (criteria left blank are left out); null when none is scored. */
export function reviewOverall(scores: Record<string, number>, weights: Record<string, number>): number | null {
  let total = 0;
  let weight = 0;
  for (const [key, w] of Object.entries(weights)) {
    const v = scores[key];
    if (typeof v !== "number" || !Number.isFinite(v)) continue;
    const ww = w > 0 ? w : 1;
    total += ww * v;
    weight += ww;
  }
  return weight ? total / weight : null;
}
