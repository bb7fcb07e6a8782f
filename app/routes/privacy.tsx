import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) => pageTitle(matches, "privacy.title");

export default function Privacy() {
  const { t } = useT();
  return (
    <div className="page narrow">
      <h1>{t("privacy.title")}</h1>
      <p>{t("privacy.notice")}</p>
    </div>
  );
}
