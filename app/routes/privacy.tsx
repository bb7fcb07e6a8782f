import { useT } from "../ui/i18n";

export function meta() {
  return [{ title: "Données personnelles — Trame" }];
}

export default function Privacy() {
  const { t } = useT();
  return (
    <div className="page narrow">
      <h1>{t("privacy.title")}</h1>
      <p>{t("privacy.notice")}</p>
    </div>
  );
}
