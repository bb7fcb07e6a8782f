import { Form, Link, useLoaderData, useLocation } from "react-router";
import { versionsView } from "../domain/review/dossier-view.server";
import { requireDossierTeam } from "../lib/route-helpers.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/instruction-versions";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "versions.title");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user, role, callId } = await requireDossierTeam(context, request, params.id);
  const url = new URL(request.url);
  const number = (name: string) => Number(url.searchParams.get(name) ?? "") || null;
  return versionsView(
    context.services.db,
    { userId: user.id, role, callId, dossierId: params.id, from: number("de"), to: number("a") },
    context.locale,
  );
}

function VersionSelect(props: { name: string; label: string; value: number; versions: { number: number; at: string }[] }) {
  const { t } = useT();
  return (
    <div className="field">
      <label htmlFor={props.name}>{props.label}</label>
      <select id={props.name} name={props.name} defaultValue={String(props.value)}>
        {props.versions.map((v) => (
          <option key={v.number} value={v.number}>
            {t("versions.item", { number: v.number, date: v.at })}
          </option>
        ))}
      </select>
    </div>
  );
}

export default function Versions() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  // Re-read the filters from the address on every navigation (a saved view opened by its link, issue 9).
  const filterKey = useLocation().search;
  return (
    <div className="page wide">
      <p>
        <Link to={`/instruction/dossiers/${d.id}`}>← {d.name}</Link>
      </p>
      <h1>{t("versions.heading", { name: d.name })}</h1>
      {d.versions.length < 2 ? (
        <p>{t("versions.single")}</p>
      ) : (
        <>
          <Form method="get" key={filterKey} className="inline-form">
            <VersionSelect name="de" label={t("versions.from")} value={d.from} versions={d.versions} />
            <VersionSelect name="a" label={t("versions.to")} value={d.to} versions={d.versions} />
            <button type="submit" className="button">
              {t("versions.compare")}
            </button>
          </Form>
          <p role="status">{t("versions.changed", { n: d.diff.length })}</p>
          <p className="hint">{t("versions.legend")}</p>
          <dl className="answers diff">
            {d.diff.map((f) => (
              <div key={f.key}>
                <dt>{f.label}</dt>
                <dd>
                  {f.parts.map((p, i) =>
                    p.kind === "added" ? (
                      <ins key={i}>{p.text}</ins>
                    ) : p.kind === "removed" ? (
                      <del key={i}>{p.text}</del>
                    ) : (
                      <span key={i}>{p.text}</span>
                    ),
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </div>
  );
}
