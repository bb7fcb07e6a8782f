// What the team's pages say of the phase in force: its name, since and until when, and what it allows.
import { localized } from "../../forms/definition";
import type { Locale } from "../../i18n/i18n";
import { formatParisDateTime } from "../../lib/paris-time";
import { RIGHTS, type PhaseNow, type PhaseRights } from "./phases";

export interface PhaseBannerData {
  name: string;
  since: string;
  until: string | null;
  next: string | null;
  rights: { right: keyof PhaseRights; allowed: boolean }[];
}

/** Null when the call has no phase in force (nothing to say: every right is open, as before phases existed). */
export function phaseBanner(phase: PhaseNow, locale: Locale): PhaseBannerData | null {
  if (!phase.current) return null;
  return {
    name: localized(phase.current.phase.name, locale),
    since: formatParisDateTime(phase.current.startsAt, locale),
    until: phase.current.endsAt ? formatParisDateTime(phase.current.endsAt, locale) : null,
    next: phase.next ? localized(phase.next.phase.name, locale) : null,
    rights: RIGHTS.map((right) => ({ right, allowed: phase.rights[right] })),
  };
}
