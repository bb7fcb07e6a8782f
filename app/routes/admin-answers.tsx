import { Form, Link, useActionData, useLoaderData, useSearchParams } from "react-router";
import { answersView } from "../domain/calls/admin-views.server";
import { cancelScheduledAnswers, saveLetterTemplate, scheduleAnswers, sendAnswers } from "../domain/decisions/answers.server";
import { AnswerForms } from "../domain/decisions/inputs.server";
import { DECISIONS } from "../domain/decisions/letters";
import { parseIntent } from "../http/parse-form.server";
import { t as translate } from "../i18n/i18n";
import { formatParisDateTime, parisWallTimeToInstant, parseCivilDate } from "../lib/paris-time";
import { attempt, requireCallOrganiser } from "../lib/route-helpers.server";
import { CallPageHeader } from "../ui/call-nav";
import { Notice, SubmitButton } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/admin-answers";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "answers.title");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { call } = await requireCallOrganiser(context, request, params.callId);
  return answersView(context.services.db, call, context.services.config.appUrl, context.locale);
}

export async function action({
  params,
  context,
  request,
}: Route.ActionArgs): Promise<{ error?: string; notice?: string; decision?: string } | Response> {
  const { user, call } = await requireCallOrganiser(context, request, params.callId);
  const db = context.services.db;
  const L = context.locale;
  const p = parseIntent(await request.formData(), AnswerForms, L);
  if (!p.ok) return { error: p.errors.date ?? p.errors.time ?? translate(L, "error.badRequest") };
  if (p.intent === "template") {
    const { decision, subject, body } = p.value;
    const r = await attempt(context, () => saveLetterTemplate(db, { callId: call.id, decision, subject, body, actorId: user.id }));
    return r.ok ? { notice: translate(L, "answers.templateSaved") } : { error: r.error, decision };
  }
  if (p.intent === "send") {
    // Before the deadline some applicants may still be writing: sending answers then is deliberate.
    if (Date.now() < call.closesAt.getTime() && !p.value.beforeDeadline)
      return {
        error: translate(L, "answers.beforeDeadlineConfirm", { date: formatParisDateTime(new Date(call.closesAt.getTime() - 60_000), L) }),
      };
    const r = await attempt(context, () => sendAnswers(db, { callId: call.id, actorId: user.id, appUrl: context.services.config.appUrl }));
    return r.ok ? { notice: translate(L, "answers.sent", { sent: r.value.sent, skipped: r.value.skipped }) } : { error: r.error };
  }
  if (p.intent === "schedule") {
    const { date, time } = p.value;
    const { year, month, day } = parseCivilDate(date);
    const at = parisWallTimeToInstant(year, month, day, Number(time.slice(0, 2)), Number(time.slice(3, 5)));
    const r = await attempt(context, () => scheduleAnswers(db, { callId: call.id, actorId: user.id, at }));
    return r.ok ? { notice: translate(L, "answers.scheduled", { date: formatParisDateTime(at, L) }) } : { error: r.error };
  }
  await cancelScheduledAnswers(db, { callId: call.id, actorId: user.id });
  return { notice: translate(L, "answers.scheduleCancelled") };
}

export default function Answers() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useT();
  const confirmed = search.get("confirme");
  return (
    <div className="page wide">
      <CallPageHeader callId={d.callId} community={d.hasCommunity} heading={t("answers.heading", { title: d.title })} result={result} />
      {confirmed !== null ? (
        <Notice kind="success">{t("answers.confirmed", { n: confirmed, unchanged: search.get("inchange") ?? "0" })}</Notice>
      ) : null}
      <section aria-labelledby="pending-title">
        <h2 id="pending-title">{t("answers.pending", { n: d.pending.length })}</h2>
        {d.pending.length ? (
          <>
            <p>{t("answers.previewIntro")}</p>
            {d.pending.map((p) => (
              <details key={p.transitionId} className="letter-preview">
                <summary>
                  {p.name} — {t(`instruction.state.${p.decision}` as "instruction.state.accepted")}
                </summary>
                <p>
                  <strong>{t("admin.subject")} :</strong> {p.letter.subject}
                </p>
                <div className="letter-body">{p.letter.body}</div>
              </details>
            ))}
            <Form method="post">
              <input type="hidden" name="intent" value="send" />
              {d.beforeDeadline ? (
                <>
                  <Notice kind="warning">{t("answers.beforeDeadline", { date: d.beforeDeadline })}</Notice>
                  <div className="choice">
                    <input type="checkbox" id="before-deadline" name="beforeDeadline" value="yes" />
                    <label htmlFor="before-deadline">{t("answers.beforeDeadlineCheck")}</label>
                  </div>
                </>
              ) : null}
              <SubmitButton primary>{t("answers.sendNow", { n: d.pending.length })}</SubmitButton>
            </Form>
            <h3>{t("answers.scheduleTitle")}</h3>
            {d.schedule ? (
              <Form method="post" className="inline-form">
                <p>{t("answers.scheduledFor", { date: d.schedule })}</p>
                <input type="hidden" name="intent" value="cancel-schedule" />
                <button type="submit" className="button">
                  {t("answers.cancelSchedule")}
                </button>
              </Form>
            ) : null}
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="schedule" />
              <div className="field">
                <label htmlFor="schedule-date">{t("answers.scheduleDate")}</label>
                <input id="schedule-date" name="date" type="date" defaultValue={d.defaultDate} required />
              </div>
              <div className="field">
                <label htmlFor="schedule-time">{t("answers.scheduleTime")}</label>
                <input id="schedule-time" name="time" type="time" defaultValue="09:00" required />
              </div>
              <button type="submit" className="button">
                {t("answers.schedule")}
              </button>
            </Form>
          </>
        ) : (
          <p>{t("answers.nothingPending")}</p>
        )}
      </section>
      <section aria-labelledby="sent-title">
        <h2 id="sent-title">{t("answers.sentTitle", { n: d.sent.length })}</h2>
        {d.sent.length ? (
          <ul>
            {d.sent.map((s) => (
              <li key={s.transition_id}>
                <Link to={`/instruction/dossiers/${s.dossier_id}`}>{s.name}</Link> —{" "}
                {t(`instruction.state.${s.decision}` as "instruction.state.accepted")} — {s.at} —{" "}
                <a href={`/dossiers/${s.dossier_id}/decisions/${s.transition_id}/lettre.pdf`}>{t("answers.letterPdf")}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("answers.noneSent")}</p>
        )}
      </section>
      <section aria-labelledby="templates-title">
        <h2 id="templates-title">{t("answers.templates")}</h2>
        <p>{t("answers.templatesIntro")}</p>
        <dl className="placeholders">
          {d.placeholders.map(([name, what]) => (
            <div key={name}>
              <dt>
                <code>{`{${name}}`}</code>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        {DECISIONS.map((decision) => (
          <Form method="post" key={decision} aria-labelledby={`tpl-${decision}`}>
            <h3 id={`tpl-${decision}`}>
              {t(`instruction.state.${decision}` as "instruction.state.accepted")}
              {d.templates[decision].custom ? "" : ` (${t("answers.defaultTemplate")})`}
            </h3>
            <input type="hidden" name="intent" value="template" />
            <input type="hidden" name="decision" value={decision} />
            <div className="field">
              <label htmlFor={`subject-${decision}`}>{t("admin.subject")}</label>
              <input id={`subject-${decision}`} name="subject" type="text" defaultValue={d.templates[decision].subject} required />
            </div>
            <div className="field">
              <label htmlFor={`body-${decision}`}>{t("answers.body")}</label>
              <textarea id={`body-${decision}`} name="body" rows={14} defaultValue={d.templates[decision].body} required />
            </div>
            <button type="submit" className="button">
              {t("answers.saveTemplate")}
            </button>
          </Form>
        ))}
      </section>
    </div>
  );
}
