import { useT } from "./i18n";
import { TableScroll } from "./table-scroll";

export interface AccessLogRow {
  at: string;
  actor: string;
  role: string;
  action: string;
  organisation: string | null;
  detail: string | null;
}

/** The access log as a table, for the organisation concerned and for administrators. */
export function AccessLogTable({ rows, showOrganisation }: { rows: AccessLogRow[]; showOrganisation: boolean }) {
  const { t } = useT();
  if (rows.length === 0) return <p>{t("accessLog.none")}</p>;
  return (
    <TableScroll>
      <table>
        <caption className="visually-hidden">{t("accessLog.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("accessLog.when")}</th>
            <th scope="col">{t("accessLog.who")}</th>
            <th scope="col">{t("accessLog.role")}</th>
            <th scope="col">{t("accessLog.what")}</th>
            {showOrganisation ? <th scope="col">{t("accessLog.organisation")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>{r.at}</td>
              <td>{r.actor}</td>
              <td>{t(`accessLog.role.${r.role}` as "accessLog.role.organiser")}</td>
              <td>{`${t(`accessLog.action.${r.action}` as "accessLog.action.view")}${r.detail ? ` — ${r.detail}` : ""}`}</td>
              {showOrganisation ? <td>{r.organisation ?? ""}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
