import { orNotFound } from "../lib/route-helpers.server";
// The selection meeting, a committee member's screen: it follows the dossier the chair is discussing —
// by itself every few seconds with JavaScript, with the « Actualiser » link without.
import { useEffect } from "react";
import { Link, useLoaderData, useRevalidator } from "react-router";
import { meetingPageData } from "../domain/decisions/meeting.server";
import { requireTeamSecurity, requireUser } from "../lib/route-helpers.server";
import { useT } from "../ui/i18n";
import { ConstraintPanel, MeetingDossier } from "../ui/meeting";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/meeting";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "meeting.title");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const data = await orNotFound(
    context,
    meetingPageData(context.services.db, { callId: params.callId, userId: user.id, locale: context.locale }),
  );
  await requireTeamSecurity(context, user, params.callId);
  return data;
}

export default function Meeting() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  const revalidator = useRevalidator();
  // Following the chair: every three seconds while the session is open, the page asks for the meeting's
  // revision (a few bytes) and reloads its data only when the chair has moved.
  const revision = d.open ? d.revision : null;
  useEffect(() => {
    if (revision === null) return;
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const r = await fetch(`/instruction/appels/${d.callId}/jury/revision`, { headers: { Accept: "application/json" } });
        if (!r.ok || stopped) return;
        const now = ((await r.json()) as { revision: number }).revision;
        if (now !== revision && revalidator.state === "idle") revalidator.revalidate();
      } catch {
        // Offline for a moment: the next tick asks again; the « refresh » link works meanwhile.
      }
    }, 3000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [revision, d.callId, revalidator]);
  return (
    <div className="page wide">
      <p>
        <Link to="/instruction">← {t("myReviews.title")}</Link>
      </p>
      <h1>{t("meeting.heading", { title: d.title })}</h1>
      {d.open && d.meeting ? (
        <>
          <p>
            {t("meeting.memberIntro")} <Link to=".">{t("meeting.refresh")}</Link>
          </p>
          <MeetingDossier m={d.meeting} linkToDossier={false} />
        </>
      ) : (
        <p>
          {t("meeting.notStarted")} <Link to=".">{t("meeting.refresh")}</Link>
        </p>
      )}
      <ConstraintPanel c={d.constraints} />
    </div>
  );
}
