import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) => pageTitle(matches, "accessibility.title");

export default function Accessibility() {
  const { t } = useT();
  return (
    <div className="page narrow">
      <h1>{t("accessibility.title")}</h1>
      <p>{t("accessibility.body")}</p>
    </div>
  );
}
