// « Données personnelles »: written from what the code does — each call's retention periods as set by its
// organisers, the rights people exercise themselves from « Mon compte », the access log — so that it never
// promises more (or less) than Trame does.
import { useLoaderData } from "react-router";
import { privacyView } from "../domain/calls/public-views.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/privacy";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "privacy.title");

export async function loader({ context }: Route.LoaderArgs) {
  return privacyView(context.services.db, context.locale);
}

export default function Privacy() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="page narrow">
      <h1>{t("privacy.title")}</h1>
      <p>{t("privacy.intro")}</p>
      <h2>{t("retention.title")}</h2>
      <ul>
        {d.calls.map((c) => (
          <li key={c.title}>{t("privacy.callRetention", { call: c.title, ...c.retention })}</li>
        ))}
      </ul>
      <p>{t("privacy.rights")}</p>
      <p>{t("privacy.logs", { days: d.accessLogDays })}</p>
      <p>{t("privacy.records", d.records)}</p>
    </div>
  );
}
