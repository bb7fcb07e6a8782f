import { TimelineForm } from "../domain/calls/studio-inputs.server";
import { parseRow } from "../http/parse-form.server";
// The call's timeline: opening, deadline with its time (end of day, noon or another time), answers and,
// when the call has one, the community's period. Dates are civil dates in Paris.
import { Form, useActionData, useLoaderData } from "react-router";
import { featuresOf } from "../domain/calls/call-content";
import { callClosesAt } from "../domain/calls/calls.server";
import { timelineFrom } from "../domain/calls/studio-forms";
import { t } from "../i18n/i18n";
import { formatParisDateTime, isCivilDate } from "../lib/paris-time";
import { loadStudio, saveFromForm, studioHeader } from "../lib/studio-route.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { Revision, StudioLayout } from "../ui/studio";
import type { Route } from "./+types/studio-timeline";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "studio.nav.timeline");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { call, problems } = await loadStudio(context, request, params.callId);
  const tl = call.timeline;
  const choice = !tl.deadlineTime || tl.deadlineTime === "23:59" ? "endOfDay" : tl.deadlineTime === "12:00" ? "noon" : "other";
  return {
    h: studioHeader(context, call, problems),
    values: {
      opens: tl.opens,
      deadline: tl.deadline,
      answers: tl.answers,
      communityStart: tl.communityStart,
      communityEnd: tl.communityEnd,
      deadlineChoice: choice,
      deadlineTime: choice === "other" ? (tl.deadlineTime ?? "") : "",
    },
    community: featuresOf(call.content).community,
    closesAt: isCivilDate(tl.deadline) ? formatParisDateTime(new Date(callClosesAt(tl).getTime() - 60_000), context.locale) : null,
  };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const form = await request.formData();
  return saveFromForm(
    context,
    request,
    params.callId,
    form,
    (e) => ({ ...e, timeline: timelineFrom(parseRow(form, TimelineForm, ""), e.timeline) }),
    t(context.locale, "studio.saved"),
  );
}

export default function StudioTimeline() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const typed = result?.typed ?? null;
  const value = (name: keyof typeof d.values) => typed?.[name] ?? d.values[name];
  const date = (name: "opens" | "deadline" | "answers" | "communityStart" | "communityEnd", label: string) => (
    <div className="field">
      <label htmlFor={`tl-${name}`}>{label}</label>
      <input
        id={`tl-${name}`}
        name={name}
        type="date"
        defaultValue={value(name)}
        aria-describedby="tl-date-hint"
        required={name === "opens" || name === "deadline" || name === "answers"}
      />
    </div>
  );
  return (
    <StudioLayout h={d.h} heading={t("studio.nav.timeline")} result={result}>
      <Form method="post" key={typed ? "typed" : d.h.revision}>
        <Revision h={d.h} />
        <p className="hint" id="tl-date-hint">
          {t("studio.timeline.dateHint")}
        </p>
        {date("opens", t("studio.timeline.opens"))}
        {date("deadline", t("studio.timeline.deadline"))}
        <fieldset>
          <legend>{t("studio.timeline.deadlineTime")}</legend>
          <div className="choices">
            {(["endOfDay", "noon", "other"] as const).map((c) => (
              <div className="choice" key={c}>
                <input type="radio" id={`tl-time-${c}`} name="deadlineChoice" value={c} defaultChecked={value("deadlineChoice") === c} />
                <label htmlFor={`tl-time-${c}`}>{t(`studio.timeline.${c}`)}</label>
              </div>
            ))}
          </div>
          <div className="field">
            <label htmlFor="tl-time-other-value">{t("studio.timeline.otherTime")}</label>
            <input
              id="tl-time-other-value"
              name="deadlineTime"
              type="text"
              inputMode="numeric"
              pattern="[0-2][0-9]:[0-5][0-9]"
              placeholder="17:00"
              defaultValue={value("deadlineTime")}
            />
          </div>
        </fieldset>
        {d.closesAt ? <p className="meta">{t("studio.timeline.closesAt", { date: d.closesAt })}</p> : null}
        {date("answers", t("studio.timeline.answers"))}
        {d.community ? (
          <>
            {date("communityStart", t("studio.timeline.communityStart"))}
            {date("communityEnd", t("studio.timeline.communityEnd"))}
          </>
        ) : null}
        <button type="submit" className="button primary">
          {t("studio.save")}
        </button>
      </Form>
    </StudioLayout>
  );
}
