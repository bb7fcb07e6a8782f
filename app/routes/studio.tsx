// The studio's overview: every problem named with where to fix it, then publish (or archive) the call.
import { Form, Link, useActionData, useLoaderData } from "react-router";
import type { StudioArea } from "../domain/calls/call-checks";
import { StudioForms } from "../domain/calls/inputs.server";
import { publishCall, setArchived } from "../domain/calls/studio.server";
import { parseIntent } from "../http/parse-form.server";
import { t, type MessageKey } from "../i18n/i18n";
import { attempt, notFound } from "../lib/route-helpers.server";
import { loadStudio, studioHeader } from "../lib/studio-route.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { Revision, StudioLayout, studioPath } from "../ui/studio";
import type { Route } from "./+types/studio";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "studio.title");

const AREA_STEP: Record<StudioArea, string> = {
  texts: "/textes",
  timeline: "/calendrier",
  form: "/formulaire",
  grid: "/grille",
  phases: "/phases",
  letters: "/lettres",
  settings: "/parametres",
};
const AREA_LABEL: Record<StudioArea, MessageKey> = {
  texts: "studio.nav.texts",
  timeline: "studio.nav.timeline",
  form: "studio.nav.form",
  grid: "studio.nav.grid",
  phases: "studio.nav.phases",
  letters: "studio.nav.letters",
  settings: "studio.nav.settings",
};

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { call, problems } = await loadStudio(context, request, params.callId);
  const L = context.locale;
  const notice = new URL(request.url).searchParams.get("notice");
  return {
    h: studioHeader(context, call, problems),
    problems: problems.map((p) => ({
      message: t(L, p.key, p.vars),
      area: t(L, AREA_LABEL[p.area]),
      href:
        p.area === "form" && p.target && call.form.sections.some((s) => s.items.some((i) => i.key === p.target))
          ? studioPath(call.id, `/formulaire/${p.target}`)
          : studioPath(call.id, AREA_STEP[p.area]),
    })),
    notice: notice === "created" ? t(L, "studio.created") : notice === "imported" ? t(L, "studio.import.done") : null,
    dossiers: call.dossiers,
  };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const { user } = await loadStudio(context, request, params.callId);
  const p = parseIntent(await request.formData(), StudioForms, context.locale);
  const db = context.services.db;
  if (!p.ok) notFound(context);
  if (p.intent === "publish") {
    const { revision } = p.value;
    const r = await attempt(context, () => publishCall(db, { callId: params.callId, actorId: user.id, revision }));
    return r.ok ? { notice: t(context.locale, "studio.published") } : { error: r.error };
  }
  const archived = p.intent === "archive";
  const r = await attempt(context, () => setArchived(db, { callId: params.callId, actorId: user.id, archived }));
  return r.ok ? { notice: t(context.locale, archived ? "studio.archivedNotice" : "studio.unarchivedNotice") } : { error: r.error };
}

export default function StudioOverview() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const h = d.h;
  return (
    <StudioLayout h={h} heading={t("studio.nav.overview")} result={result ?? (d.notice ? { notice: d.notice } : null)}>
      {d.problems.length > 0 ? (
        <section aria-labelledby="problems-title">
          <h2 id="problems-title">{t("studio.problems", { n: d.problems.length })}</h2>
          <ul className="problem-list">
            {d.problems.map((p, i) => (
              <li key={i}>
                <Link to={p.href}>{p.message}</Link> <span className="meta">({p.area})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p className="notice notice-success">{h.status === "draft" ? t("studio.ready") : t("studio.readyPublished")}</p>
      )}
      {h.status === "draft" ? (
        <Form method="post">
          <Revision h={h} />
          <p className="hint">{t("studio.publishHint")}</p>
          <button
            type="submit"
            name="intent"
            value="publish"
            className="button primary"
            disabled={d.problems.length > 0}
            aria-disabled={d.problems.length > 0 || undefined}
          >
            {t("studio.publish")}
          </button>
        </Form>
      ) : (
        <>
          <p>
            <Link to={`/appels/${h.slug}`}>{t("studio.publicPage")}</Link> ·{" "}
            <Link to={`/admin/appels/${h.id}`}>{t("studio.calls.dossiers")}</Link>
          </p>
          <Form method="post">
            <button type="submit" name="intent" value={h.status === "archived" ? "unarchive" : "archive"} className="button">
              {h.status === "archived" ? t("studio.unarchiveAction") : t("studio.archiveAction")}
            </button>
          </Form>
        </>
      )}
      <p>
        <a href={studioPath(h.id, "/export.json")} download>
          {t("studio.export")}
        </a>
      </p>
    </StudioLayout>
  );
}
