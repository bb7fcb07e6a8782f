// A call's texts, dates and criteria as data. Placeholders such as {deadline} in texts are filled
// from the call's timeline when the call is loaded, so a shifted timeline keeps texts consistent.
import type { FormDefinition, LocalizedText } from "../../forms/definition";

export interface CallTimeline {
  /** Civil dates in Europe/Paris, YYYY-MM-DD. */
  opens: string;
  deadline: string;
  answers: string;
  communityStart: string;
  communityEnd: string;
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
}

export interface CallPackage {
  slug: string;
  originalTimeline: CallTimeline;
  content: CallContent;
  form: FormDefinition;
}
