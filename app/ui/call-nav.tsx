import { NavLink } from "react-router";
import { useT } from "./i18n";

/** The organiser's pages of one call. */
export function CallNav({ callId }: { callId: string }) {
  const { t } = useT();
  const base = `/admin/appels/${callId}`;
  const links = [
    [base, t("callNav.dossiers")],
    [`${base}/equipe`, t("callNav.team")],
    [`${base}/classement`, t("callNav.ranking")],
    [`${base}/selection`, t("callNav.selection")],
    [`${base}/reponses`, t("callNav.answers")],
    [`${base}/exports`, t("callNav.exports")],
    [`${base}/delais`, t("callNav.deadlines")],
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
