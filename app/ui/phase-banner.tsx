// The phase in force, on every team page: its name, its dates and what it allows (text, not colour alone).
import type { PhaseBannerData } from "../domain/review/phase-banner";
import { useT } from "./i18n";

export function PhaseBanner({ phase }: { phase: PhaseBannerData | null }) {
  const { t } = useT();
  if (!phase) return null;
  return (
    <aside className="notice notice-info phase-banner" aria-labelledby="phase-banner-title">
      <p id="phase-banner-title">
        <strong>{t("phases.bannerTitle", { name: phase.name })}</strong>{" "}
        {phase.until
          ? phase.next
            ? t("phases.bannerUntilNext", { since: phase.since, until: phase.until, next: phase.next })
            : t("phases.bannerUntil", { since: phase.since, until: phase.until })
          : t("phases.bannerSince", { since: phase.since })}
      </p>
      <ul>
        {phase.rights.map((r) => (
          <li key={r.right}>{t(`phases.${r.allowed ? "yes" : "no"}.${r.right}`)}</li>
        ))}
      </ul>
    </aside>
  );
}
