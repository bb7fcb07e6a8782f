import { useT } from "../ui/i18n";

export function meta() {
  return [{ title: "Accessibilité — Trame" }];
}

export default function Accessibility() {
  const { t } = useT();
  return (
    <div className="page narrow">
      <h1>{t("accessibility.title")}</h1>
      <p>{t("accessibility.body")}</p>
    </div>
  );
}
