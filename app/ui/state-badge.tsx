import { useT } from "./i18n";
import { applicantView, type Decision } from "../domain/applications/lifecycle";

/** The state as the applicant sees it (lifecycle.ts): review steps and decisions stay "under review" until answers are sent. */
export function StateBadge({ state, decision }: { state: string; decision?: string }) {
  const { t } = useT();
  const { badge } = applicantView({
    state,
    answerSent: (decision as Decision | undefined) ?? null,
    deadlinePassed: false,
    complete: false,
  });
  return <span className={`badge badge-${badge.tone}`}>{t(badge.label)}</span>;
}
