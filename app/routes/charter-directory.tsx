import { Link, useLoaderData } from "react-router";
import { publicDirectory } from "../domain/charter/charter.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/charter-directory";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "directory.title");

/** Public: the signatory PTCEs that chose to appear. */
export async function loader({ context }: Route.LoaderArgs) {
  const rows = await publicDirectory(context.services.db);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      name: r.organisation_name,
      territory: r.territory,
      description: r.directory_description,
      logo: Boolean(r.logo_authorised_at),
      version: r.version,
    })),
  };
}

export default function CharterDirectory() {
  const { rows } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="page">
      <h1>{t("directory.title")}</h1>
      <p>{t("directory.intro")}</p>
      {rows.length === 0 ? <p>{t("directory.none")}</p> : null}
      <ul className="card-list">
        {rows.map((r) => (
          <li key={r.id} className="card">
            <h2>{r.name}</h2>
            {r.territory ? <p className="meta">{r.territory}</p> : null}
            <p className="meta">{t("directory.signedVersion", { version: r.version })}</p>
            {r.description ? <p>{r.description}</p> : null}
            {r.logo ? <p className="badge badge-accepted">{t("directory.logo")}</p> : null}
          </li>
        ))}
      </ul>
      <p>
        <Link to="/charte">{t("directory.readCharter")}</Link>
      </p>
    </div>
  );
}
