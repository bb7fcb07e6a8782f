import { namesHidden, phaseOfCall } from "../domain/review/phase-now.server";
import { anonymousLabel } from "../domain/review/phases";
import { Form, Link, useLoaderData, useLocation } from "react-router";
import type { Route } from "./+types/instruction-versions";
import { assertCanSeeDossier } from "../domain/access/policy.server";
import { submissionDiff } from "../domain/applications/versions.server";
import { NotFound } from "../lib/errors";
import { formatParisDateTime } from "../lib/paris-time";
import { notFound, requireTeamSecurity, requireUser } from "../lib/route-helpers.server";
import { pageTitle } from "../ui/meta";
import { useT } from "../ui/i18n";
import { recordAccess } from "../security/access-log.server";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "versions.title");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const db = context.services.db;
  try {
    const { role, callId } = await assertCanSeeDossier(db, user.id, params.id);
    await requireTeamSecurity(context, user, callId);
    await recordAccess(db, { actorId: user.id, role, action: "versions", callId, dossierId: params.id });
    const subs = await db
      .selectFrom("submission")
      .select(["number", "submitted_at"])
      .where("dossier_id", "=", params.id)
      .orderBy("number")
      .execute();
    const fact = await db.selectFrom("dossier_fact").select("name").where("dossier_id", "=", params.id).executeTakeFirst();
    const url = new URL(request.url);
    const last = subs.length ? subs[subs.length - 1].number : 0;
    const to = Number(url.searchParams.get("a") ?? last) || last;
    const from = Number(url.searchParams.get("de") ?? to - 1) || to - 1;
    const anonymous = namesHidden(role, await phaseOfCall(db, callId));
    const diff =
      subs.length > 1 && from !== to
        ? await submissionDiff(db, { dossierId: params.id, from, to, locale: context.locale, withoutIdentity: anonymous })
        : [];
    return {
      id: params.id,
      name: anonymous ? anonymousLabel(params.id) : (fact?.name ?? ""),
      versions: subs.map((s) => ({ number: s.number, at: formatParisDateTime(s.submitted_at, context.locale) })),
      from,
      to,
      diff,
    };
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
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
