// A call's texts, dates and criteria as data. Placeholders such as {deadline} in texts are filled
// from the call's timeline when the call is loaded, so a shifted timeline keeps texts consistent.
import type { FormDefinition, LocalizedText } from "../../forms/definition";
import type { ReviewPhase } from "../review/phases";

export interface CallTimeline {
  /** Civil dates in Europe/Paris, YYYY-MM-DD. */
  opens: string;
  deadline: string;
  answers: string;
  communityStart: string;
  communityEnd: string;
  /** The deadline's last minute, « HH:MM » in Paris (« 12:00 »: until noon); absent: the end of the day. */
  deadlineTime?: string;
}

/** What a call has besides applications and review: a charter to sign, a learning community. */
export interface CallFeatures {
  charter: boolean;
  community: boolean;
}

/** Calls made before the studio (the PTCE 2015 call) have both. */
export function featuresOf(content: Pick<CallContent, "features">): CallFeatures {
  return content.features ?? { charter: true, community: true };
}

export interface CallContact {
  name: string;
  role: string;
  organisation: string;
  email: string;
  phone: string;
}

export interface ReviewCriterion {
  key: string;
  label: LocalizedText;
  description: LocalizedText;
  scale: { min: number; max: number };
  /** Weight in the overall score (default 1). */
  weight?: number;
}

export interface CallContent {
  title: LocalizedText;
  subtitle: LocalizedText;
  organiser: string;
  presentation: LocalizedText;
  conditions: LocalizedText[];
  conditionsNote: LocalizedText;
  commitmentsIntro: LocalizedText;
  commitments: LocalizedText[];
  howToApply: LocalizedText;
  parts: LocalizedText[];
  contact: CallContact;
  targetSelection: number;
  closingThanks: LocalizedText;
  criteria: ReviewCriterion[];
  features?: CallFeatures;
  /** Texts added to the e-mails the call sends (after the platform's own wording). */
  emails?: { receipt?: LocalizedText; reminder?: LocalizedText };
  /** The selection assistant's starting values. */
  selection?: { maxPerRegion?: number; minOperationalShare?: number };
  /** The instruction's dated phases (none: every right open, as before phases existed). */
  phases?: ReviewPhase[];
  /** The assignment's hard limits: reviews each dossier must get, dossiers a reviewer may be given at most. */
  assignment?: { minPerDossier?: number; maxPerReviewer?: number };
}

export interface CallPackage {
  slug: string;
  originalTimeline: CallTimeline;
  content: CallContent;
  form: FormDefinition;
}
