// The frame of every studio page: where one is, the call's state, the steps with what is left to fix in
// each, and the outcome of the last action.
import { Link, NavLink } from "react-router";
import type { StudioHeaderData } from "../lib/studio-route.server";
import type { StudioArea } from "../domain/calls/call-checks";
import { ErrorSummary, Notice } from "./forms";
import { useT } from "./i18n";

const STEPS: [
  string,
  StudioArea | null,
  (
    | "studio.nav.overview"
    | "studio.nav.texts"
    | "studio.nav.timeline"
    | "studio.nav.form"
    | "studio.nav.grid"
    | "studio.nav.phases"
    | "studio.nav.letters"
    | "studio.nav.settings"
    | "studio.nav.preview"
  ),
][] = [
  ["", null, "studio.nav.overview"],
  ["/textes", "texts", "studio.nav.texts"],
  ["/calendrier", "timeline", "studio.nav.timeline"],
  ["/formulaire", "form", "studio.nav.form"],
  ["/grille", "grid", "studio.nav.grid"],
  ["/phases", "phases", "studio.nav.phases"],
  ["/lettres", "letters", "studio.nav.letters"],
  ["/parametres", "settings", "studio.nav.settings"],
  ["/apercu", null, "studio.nav.preview"],
];

export function studioPath(callId: string, step = ""): string {
  return `/admin/appels/${callId}/studio${step}`;
}

export function StudioLayout({
  h,
  heading,
  result,
  children,
}: {
  h: StudioHeaderData;
  heading: string;
  result?: { error?: string; notice?: string } | null;
  children: React.ReactNode;
}) {
  const { t } = useT();
  return (
    <div className="page studio">
      <p>
        <Link to="/admin/appels">← {t("studio.calls.title")}</Link>
      </p>
      <p className="meta">
        {h.title} —{" "}
        <span className={`badge badge-${h.status === "published" ? "accepted" : "draft"}`}>{t(`studio.status.${h.status}`)}</span>
      </p>
      <h1>{heading}</h1>
      <nav aria-label={t("studio.nav.label")} className="call-nav studio-nav">
        <ul>
          {STEPS.map(([step, area, label]) => (
            <li key={step}>
              <NavLink to={studioPath(h.id, step)} end>
                {t(label)}
                {area && h.counts[area] ? <span className="count-badge"> ({t("studio.problems", { n: h.counts[area] })})</span> : null}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {result?.notice ? <Notice kind="success">{result.notice}</Notice> : null}
      {result?.error ? <ErrorSummary title={t("error.title")} errors={[{ message: result.error }]} /> : null}
      {children}
      {h.lastChange ? <p className="meta">{h.lastChange}</p> : null}
    </div>
  );
}

/** The revision this page was drawn from: a save from an older one is refused and explained. */
export function Revision({ h }: { h: StudioHeaderData }) {
  return <input type="hidden" name="revision" value={h.revision} />;
}
