// The selection meeting, the chair's side: open the session, move the committee from dossier to dossier,
// record each decision with its reasons and see the constraints checked again at once.
import { Form, useActionData, useLoaderData } from "react-router";
import { featuresOf } from "../domain/calls/call-content";
import { MeetingForms } from "../domain/decisions/inputs.server";
import { decideInMeeting, endMeeting, meetingPageData, moveMeeting, startMeeting } from "../domain/decisions/meeting.server";
import { parseIntent } from "../http/parse-form.server";
import { t as translate } from "../i18n/i18n";
import { attempt, requireCallOrganiser } from "../lib/route-helpers.server";
import { CallPageHeader } from "../ui/call-nav";
import { SubmitButton } from "../ui/forms";
import { useT } from "../ui/i18n";
import { ConstraintPanel, MeetingDossier } from "../ui/meeting";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/admin-meeting";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "meeting.title");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user, call } = await requireCallOrganiser(context, request, params.callId);
  const data = await meetingPageData(context.services.db, { callId: call.id, userId: user.id, locale: context.locale });
  return { ...data, hasCommunity: featuresOf(call.content).community };
}

export async function action({ params, context, request }: Route.ActionArgs): Promise<{ error?: string; notice?: string; field?: string }> {
  const { user, call } = await requireCallOrganiser(context, request, params.callId);
  const db = context.services.db;
  const L = context.locale;
  const p = parseIntent(await request.formData(), MeetingForms, L);
  if (!p.ok) return { error: translate(L, "error.badRequest") };
  const base = { callId: call.id, actorId: user.id };
  if (p.intent === "start") {
    const r = await attempt(context, () => startMeeting(db, base));
    return r.ok ? { notice: translate(L, "meeting.started") } : { error: r.error };
  }
  if (p.intent === "move") {
    const r = await attempt(context, () => moveMeeting(db, { ...base, position: p.value.position }));
    return r.ok ? {} : { error: r.error };
  }
  if (p.intent === "end") {
    const r = await attempt(context, () => endMeeting(db, base));
    return r.ok ? { notice: translate(L, "meeting.ended") } : { error: r.error };
  }
  const r = await attempt(context, () => decideInMeeting(db, { ...base, ...p.value, appUrl: context.services.config.appUrl }));
  return r.ok ? { notice: translate(L, "meeting.decisionRecorded") } : { error: r.error, field: "reasons" };
}

export default function MeetingChair() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const m = d.meeting;
  return (
    <div className="page wide">
      <CallPageHeader callId={d.callId} community={d.hasCommunity} heading={t("meeting.heading", { title: d.title })} result={result} />
      <p>{t("meeting.chairIntro", { link: `/instruction/appels/${d.callId}/jury` })}</p>
      {!d.open || !m ? (
        <Form method="post">
          <input type="hidden" name="intent" value="start" />
          <SubmitButton primary>{t("meeting.start")}</SubmitButton>
        </Form>
      ) : (
        <>
          <MeetingDossier m={m} linkToDossier />
          {m.current.decision ? null : (
            <Form method="post" aria-labelledby="decide-title">
              <h2 id="decide-title">{t("meeting.decide", { name: m.current.name })}</h2>
              <input type="hidden" name="intent" value="decide" />
              <input type="hidden" name="dossierId" value={m.current.id} />
              <fieldset>
                <legend>{t("selection.decision")}</legend>
                {(["accepted", "waitlisted", "declined"] as const).map((v) => (
                  <div className="choice" key={v}>
                    <input type="radio" id={`decision-${v}`} name="decision" value={v} required />
                    <label htmlFor={`decision-${v}`}>{t(`instruction.state.${v}`)}</label>
                  </div>
                ))}
              </fieldset>
              <div className="field">
                <label htmlFor="reasons">{t("selection.reasons")}</label>
                <textarea
                  id="reasons"
                  name="reasons"
                  rows={4}
                  required
                  minLength={10}
                  aria-invalid={result?.field === "reasons" || undefined}
                />
              </div>
              <SubmitButton primary>{t("meeting.record")}</SubmitButton>
            </Form>
          )}
          <ConstraintPanel c={d.constraints} />
          <section aria-labelledby="agenda-title">
            <h2 id="agenda-title">{t("meeting.agenda")}</h2>
            <ol>
              {d.agenda.map((a) => (
                <li key={a.id} aria-current={a.position === m.position ? "step" : undefined}>
                  <Form method="post" className="inline">
                    <input type="hidden" name="intent" value="move" />
                    <input type="hidden" name="position" value={a.position} />
                    <button type="submit" className="link-button" aria-label={t("meeting.moveTo", { name: a.name })}>
                      {a.name}
                    </button>
                  </Form>{" "}
                  <span className="meta">— {t(`instruction.state.${a.state}` as "instruction.state.submitted")}</span>
                  {a.position === m.position ? <strong> ← {t("meeting.now")}</strong> : null}
                </li>
              ))}
            </ol>
          </section>
          <Form method="post">
            <input type="hidden" name="intent" value="end" />
            <button type="submit" className="button">
              {t("meeting.end")}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
