// The selection meeting as every member of the committee sees it: the dossier under discussion, where the
// session is, the reviews, and the selection's constraints after the decisions taken so far.
import { Link } from "react-router";
import { useT } from "./i18n";

export interface MeetingData {
  position: number;
  total: number;
  current: {
    id: string;
    name: string;
    state: string;
    region: string;
    departement: string | null;
    score: string | null;
    toDiscuss: boolean;
    conflicted: boolean;
    reviews: { name: string; comment: string; opinion: string | null }[];
    decision: { event: string; note: string | null; at: string } | null;
  };
}

export interface ConstraintsData {
  target: number;
  accepted: number;
  regionsOver: { region: string; count: number; max: number }[];
  operational: { count: number; needed: number; reachable: boolean } | null;
}

export function ConstraintPanel({ c }: { c: ConstraintsData }) {
  const { t } = useT();
  const ok = c.regionsOver.length === 0 && (!c.operational || c.operational.reachable) && c.accepted <= c.target;
  return (
    <section aria-labelledby="constraints-title" className={`notice ${ok ? "notice-info" : "notice-warning"}`}>
      <h2 id="constraints-title">{t("meeting.constraints")}</h2>
      <ul>
        <li>{t(c.accepted > c.target ? "meeting.overTarget" : "meeting.accepted", { n: c.accepted, target: c.target })}</li>
        {c.regionsOver.map((r) => (
          <li key={r.region}>⚠ {t("meeting.regionOver", { region: r.region, n: r.count, max: r.max })}</li>
        ))}
        {c.operational ? (
          <li>
            {c.operational.reachable ? "" : "⚠ "}
            {t(c.operational.reachable ? "meeting.operational" : "meeting.operationalUnreachable", {
              n: c.operational.count,
              needed: c.operational.needed,
            })}
          </li>
        ) : null}
        {ok ? <li>{t("meeting.allHold")}</li> : null}
      </ul>
    </section>
  );
}

export function MeetingDossier({ m, linkToDossier }: { m: MeetingData; linkToDossier: boolean }) {
  const { t } = useT();
  const c = m.current;
  return (
    <section aria-labelledby="current-title" aria-live="polite">
      <p className="meta">{t("meeting.position", { n: m.position + 1, total: m.total })}</p>
      <h2 id="current-title">{linkToDossier ? <Link to={`/instruction/dossiers/${c.id}`}>{c.name}</Link> : c.name}</h2>
      <p>
        {c.region}
        {c.departement ? ` (${c.departement})` : ""} — {t(`instruction.state.${c.state}` as "instruction.state.submitted")}
        {c.toDiscuss ? ` — ⚠ ${t("calibration.toDiscuss")}` : ""}
      </p>
      {c.conflicted ? (
        <p className="notice notice-info">{t("meeting.conflicted")}</p>
      ) : (
        <>
          <p>
            {t("instruction.overall")} : {c.score ?? "—"}
          </p>
          {c.reviews.length ? (
            <ul>
              {c.reviews.map((r, i) => (
                <li key={i}>
                  <strong>{r.name}</strong>
                  {r.comment ? <blockquote>{r.comment}</blockquote> : null}
                  {r.opinion ? <blockquote>{r.opinion}</blockquote> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("meeting.noReviews")}</p>
          )}
        </>
      )}
      {c.decision ? (
        <p className="notice notice-success">
          {t(`meeting.decided.${c.decision.event}` as "meeting.decided.accept")} {c.decision.note ? `— ${c.decision.note}` : ""}
        </p>
      ) : null}
    </section>
  );
}
