import type { PhaseBannerData } from "../domain/review/phase-banner";
import { PhaseBanner } from "./phase-banner";
import { Link, NavLink } from "react-router";
import { ErrorSummary, Notice } from "./forms";
import { useT } from "./i18n";

/** The organiser's pages of one call. */
export function CallNav({ callId, community = true }: { callId: string; community?: boolean }) {
  const { t } = useT();
  const base = `/admin/appels/${callId}`;
  const links = [
    [base, t("callNav.dossiers")],
    [`${base}/equipe`, t("callNav.team")],
    [`${base}/classement`, t("callNav.ranking")],
    [`${base}/selection`, t("callNav.selection")],
    [`${base}/jury`, t("callNav.meeting")],
    [`${base}/reponses`, t("callNav.answers")],
    [`${base}/exports`, t("callNav.exports")],
    [`${base}/delais`, t("callNav.deadlines")],
    [`${base}/donnees`, t("callNav.data")],
    [`${base}/webhooks`, t("callNav.webhooks")],
    [`${base}/studio`, t("studio.title")],
    ...(community ? ([[`/communaute/${callId}`, t("community.title")]] as const) : []),
  ] as const;
  return (
    <nav aria-label={t("callNav.label")} className="call-nav">
      <ul>
        {links.map(([to, label]) => (
          <li key={to}>
            <NavLink to={to} end>
              {label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The top of every organiser page of a call: back link, title, the call's pages, then the last action's outcome. */
export function CallPageHeader(props: {
  callId: string;
  community?: boolean;
  heading: string;
  result?: { error?: string; notice?: string; field?: string };
  /** The review phase in force, shown under the call's menu. */
  phase?: PhaseBannerData | null;
}) {
  const { t } = useT();
  return (
    <>
      <p>
        <Link to="/admin">← {t("admin.title")}</Link>
      </p>
      <h1>{props.heading}</h1>
      <CallNav callId={props.callId} community={props.community} />
      <PhaseBanner phase={props.phase ?? null} />
      {props.result?.notice ? <Notice kind="success">{props.result.notice}</Notice> : null}
      {props.result?.error ? (
        <ErrorSummary
          title={t("error.title")}
          errors={[{ message: props.result.error, href: props.result.field ? `#${props.result.field}` : undefined }]}
        />
      ) : null}
    </>
  );
}
