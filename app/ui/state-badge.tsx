import { useT } from "./i18n";

/** The state as the applicant sees it: review steps and decisions stay "under review" until answers are sent. */
export function StateBadge({ state, decision }: { state: string; decision?: string }) {
  const { t } = useT();
  const [label, tone] = decision
    ? [t(`state.decided.${decision}` as "state.decided.accepted"), decision === "accepted" ? "accepted" : "submitted"]
    : state === "draft"
      ? [t("state.draft"), "draft"]
      : state === "submitted"
        ? [t("state.submitted"), "submitted"]
        : state === "returned_for_changes"
          ? [t("state.returned"), "draft"]
          : state === "withdrawn"
            ? [t("state.withdrawn"), "draft"]
            : [t("state.inReview"), "submitted"];
  return <span className={`badge badge-${tone}`}>{label}</span>;
}
