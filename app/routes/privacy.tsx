// « Données personnelles »: written from what the code does — each call's retention periods as set by its
// organisers, the rights people exercise themselves from « Mon compte », the access log — so that it never
// promises more (or less) than Trame does.
import { useLoaderData } from "react-router";
import type { Route } from "./+types/privacy";
import { listPublishedCalls } from "../domain/calls/calls.server";
import { retentionSettings } from "../domain/privacy/retention.server";
import { localized } from "../forms/definition";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "privacy.title");

export async function loader({ context }: Route.LoaderArgs) {
  const db = context.services.db;
  const calls = await listPublishedCalls(db);
  return {
    calls: await Promise.all(
      calls.map(async (c) => ({ title: localized(c.content.title, context.locale), retention: await retentionSettings(db, c.id) })),
    ),
  };
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
      <p>{t("privacy.logs")}</p>
    </div>
  );
}
