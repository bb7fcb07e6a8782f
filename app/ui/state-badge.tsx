import { useT } from "./i18n";

export function StateBadge({ state }: { state: string }) {
  const { t } = useT();
  const label = state === "submitted" ? t("state.submitted") : t("state.draft");
  return <span className={`badge badge-${state}`}>{label}</span>;
}
