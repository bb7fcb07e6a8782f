// What the public page of a call says, from its content and timeline: the page itself, and the studio's
// preview of texts not yet saved, read the same function. Placeholders ({deadline}, {answers:month}…) are
// filled from the timeline here, so a call edited in the studio shows its real dates.
import { localized, type LocalizedText } from "../../forms/definition";
import { formatMonth, formatParisDate, formatParisDateTime, timeLeft } from "../../lib/paris-time";
import type { Locale } from "../../i18n/i18n";
import { featuresOf, type CallContent, type CallTimeline } from "./call-content";

export interface CallPageInput {
  slug: string;
  content: CallContent;
  timeline: CallTimeline;
  opensAt: Date;
  closesAt: Date;
  published: boolean;
}

/** {deadline}, {answers}, {opens}, {communityStart}, {communityEnd}, and {x:month}, in the reader's language. */
export function fillDates(text: string, timeline: CallTimeline, L: Locale): string {
  return text.replace(
    /\{(opens|deadline|answers|communityStart|communityEnd)(?::(month))?\}/g,
    (_, name: "opens" | "deadline" | "answers" | "communityStart" | "communityEnd", format?: string) => {
      const date = timeline[name];
      if (!date) return "";
      return format === "month" ? formatMonth(date.slice(0, 7), L) : formatParisDate(date, L);
    },
  );
}

export function callPageView(call: CallPageInput, L: Locale, now: Date = new Date()) {
  const c = call.content;
  const text = (x: LocalizedText) => fillDates(localized(x, L), call.timeline, L);
  const features = featuresOf(c);
  return {
    slug: call.slug,
    title: localized(c.title, L),
    subtitle: text(c.subtitle),
    organiser: c.organiser,
    presentation: text(c.presentation),
    conditions: c.conditions.map(text).filter(Boolean),
    conditionsNote: text(c.conditionsNote),
    commitmentsIntro: text(c.commitmentsIntro),
    commitments: c.commitments.map(text).filter(Boolean),
    howToApply: text(c.howToApply),
    parts: c.parts.map(text).filter(Boolean),
    contact: c.contact,
    // The last minute one may submit: « 2 mars 2015 à 23 h 59 », « 15 avril 2027 à 12 h 00 ».
    deadline: call.timeline.deadlineTime
      ? formatParisDateTime(new Date(call.closesAt.getTime() - 60_000), L)
      : formatParisDate(call.timeline.deadline, L),
    endOfDay: !call.timeline.deadlineTime,
    answers: formatParisDate(call.timeline.answers, L),
    community: features.community ? formatParisDate(call.timeline.communityStart, L) : null,
    opens: formatParisDate(call.timeline.opens, L),
    open: call.published && now >= call.opensAt && now < call.closesAt,
    notYet: now < call.opensAt,
    left: timeLeft(call.closesAt, now),
    closesAt: call.closesAt.toISOString(),
  };
}

export type CallPageView = ReturnType<typeof callPageView>;
