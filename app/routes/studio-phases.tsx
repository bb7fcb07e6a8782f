import { PhaseRow, postedRows, RowsForm } from "../domain/calls/studio-inputs.server";
import { parseRow } from "../http/parse-form.server";
// The instruction's phases: each starts at its date (Paris time) and says what the team may do while it
// lasts; and the assignment's hard limits (reviews per dossier, dossiers per reviewer).
import { Form, useActionData, useLoaderData } from "react-router";
import { phasesFrom } from "../domain/calls/studio-forms";
import { phaseAt, RIGHTS } from "../domain/review/phases";
import { localized } from "../forms/definition";
import { t } from "../i18n/i18n";
import { formatParisDateTime } from "../lib/paris-time";
import { loadStudio, saveRowsFromForm, studioHeader } from "../lib/studio-route.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { Revision, StudioLayout } from "../ui/studio";
import type { Route } from "./+types/studio-phases";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "studio.nav.phases");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { call, problems } = await loadStudio(context, request, params.callId);
  const L = context.locale;
  const now = phaseAt(call.content.phases, new Date());
  return {
    h: studioHeader(context, call, problems),
    phases: call.content.phases ?? [],
    assignment: call.content.assignment ?? {},
    current: now.current
      ? {
          name: localized(now.current.phase.name, L),
          since: formatParisDateTime(now.current.startsAt, L),
          until: now.current.endsAt ? formatParisDateTime(now.current.endsAt, L) : null,
        }
      : null,
  };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const form = await request.formData();
  return saveRowsFromForm(
    context,
    request,
    params.callId,
    form,
    (e) => ({ ...e, content: phasesFrom(parseRow(form, RowsForm, ""), postedRows(form, PhaseRow, "p", 20), e.content) }),
    t(context.locale, "studio.saved"),
  );
}

const RIGHT_LABEL = {
  canScore: "phases.right.canScore",
  seeOthers: "phases.right.seeOthers",
  seeNames: "phases.right.seeNames",
  applicantsEdit: "phases.right.applicantsEdit",
} as const;

export default function StudioPhases() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const typed = result?.typed ?? null;
  const typedCount = typed ? Number(typed.count) || 0 : d.phases.length;
  const rows = Math.max(typedCount + (result?.extra || (!typed && d.phases.length === 0) ? 1 : 0), 1);
  const v = (i: number, name: string, fallback: string | undefined) => typed?.[`p.${i}.${name}`] ?? fallback ?? "";
  const checked = (i: number, name: string, fallback: boolean) => (typed ? typed[`p.${i}.${name}`] === "on" : fallback);
  return (
    <StudioLayout h={d.h} heading={t("studio.nav.phases")} result={result && (result.error || result.notice) ? result : null}>
      <p>{t("phases.studioIntro")}</p>
      <p>
        {d.current
          ? d.current.until
            ? t("phases.currentUntil", { name: d.current.name, since: d.current.since, until: d.current.until })
            : t("phases.currentOpenEnded", { name: d.current.name, since: d.current.since })
          : t("phases.none")}
      </p>
      <Form method="post" key={typed ? `typed-${rows}` : d.h.revision}>
        <Revision h={d.h} />
        <input type="hidden" name="count" value={rows} />
        {Array.from({ length: rows }, (_, i) => {
          const p = typed ? undefined : d.phases[i];
          return (
            <fieldset key={i} className="group-row">
              <legend>{t("phases.phase", { n: i + 1 })}</legend>
              <div className="field">
                <label htmlFor={`p-${i}-name-fr`}>
                  {t("phases.name")} ({t("studio.texts.french")})
                </label>
                <input
                  id={`p-${i}-name-fr`}
                  name={`p.${i}.name.fr`}
                  type="text"
                  maxLength={200}
                  defaultValue={v(i, "name.fr", p?.name.fr)}
                />
              </div>
              <div className="field">
                <label htmlFor={`p-${i}-name-en`}>
                  {t("phases.name")} ({t("studio.texts.english")})
                </label>
                <input
                  id={`p-${i}-name-en`}
                  name={`p.${i}.name.en`}
                  type="text"
                  lang="en"
                  maxLength={200}
                  defaultValue={v(i, "name.en", p?.name.en)}
                />
              </div>
              <div className="field">
                <label htmlFor={`p-${i}-starts`}>{t("phases.starts")}</label>
                <p className="hint" id={`p-${i}-starts-hint`}>
                  {t("phases.startsHint")}
                </p>
                <input
                  id={`p-${i}-starts`}
                  name={`p.${i}.starts`}
                  type="datetime-local"
                  aria-describedby={`p-${i}-starts-hint`}
                  defaultValue={v(i, "starts", p?.starts)}
                />
              </div>
              <fieldset>
                <legend>{t("phases.rights")}</legend>
                {RIGHTS.map((r) => (
                  <div className="choice" key={r}>
                    <input type="checkbox" id={`p-${i}-${r}`} name={`p.${i}.${r}`} defaultChecked={checked(i, r, p ? p[r] : true)} />
                    <label htmlFor={`p-${i}-${r}`}>{t(RIGHT_LABEL[r])}</label>
                  </div>
                ))}
              </fieldset>
              <div className="choice">
                <input type="checkbox" id={`p-${i}-remove`} name={`p.${i}.remove`} />
                <label htmlFor={`p-${i}-remove`}>{t("phases.remove")}</label>
              </div>
            </fieldset>
          );
        })}
        <fieldset>
          <legend>{t("phases.limits")}</legend>
          <p className="hint">{t("phases.limitsHint")}</p>
          <div className="field">
            <label htmlFor="minPerDossier">{t("phases.minPerDossier")}</label>
            <input
              id="minPerDossier"
              name="minPerDossier"
              type="number"
              min={1}
              max={10}
              defaultValue={typed?.minPerDossier ?? d.assignment.minPerDossier ?? ""}
            />
          </div>
          <div className="field">
            <label htmlFor="maxPerReviewer">{t("phases.maxPerReviewer")}</label>
            <input
              id="maxPerReviewer"
              name="maxPerReviewer"
              type="number"
              min={1}
              max={1000}
              defaultValue={typed?.maxPerReviewer ?? d.assignment.maxPerReviewer ?? ""}
            />
          </div>
        </fieldset>
        <p className="actions">
          <button type="submit" name="intent" value="save" className="button primary">
            {t("studio.save")}
          </button>{" "}
          <button type="submit" name="intent" value="add" className="button">
            {t("phases.add")}
          </button>
        </p>
      </Form>
    </StudioLayout>
  );
}
