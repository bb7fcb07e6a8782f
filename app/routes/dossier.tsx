import { Form, Link, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { parseIntent } from "../http/parse-form.server";
import { DossierForms } from "../domain/applications/inputs.server";
import { submissions } from "../ops/metrics.server";
import { featuresOf } from "../domain/calls/call-content";
import { formChangeNotice } from "../domain/calls/form-versions.server";
import type { Route } from "./+types/dossier";
import { deadlineFor, findCallById, formDefinition } from "../domain/calls/calls.server";
import { applicantView, TRANSITIONS, type Decision } from "../domain/applications/lifecycle";
import { retentionSentence } from "../domain/privacy/retention.server";
import {
  withdrawDossier,
  latestReturnNote,
  answerValues,
  attachmentCounts,
  loadAnswers,
  reopenDossier,
  submissionsOf,
  submitDossier,
  transitionsOf,
} from "../domain/applications/dossiers.server";
import { conditionHolds, localized } from "../forms/definition";
import { checkAnswers, completion } from "../forms/validate.server";
import { t } from "../i18n/i18n";
import { formatParisDateTime } from "../lib/paris-time";
import { attempt, notFound, requireMemberDossier } from "../lib/route-helpers.server";
import { ErrorSummary, Notice } from "../ui/forms";
import { StateBadge } from "../ui/state-badge";
import { sentAnswerOf } from "../domain/decisions/answers.server";
import { unreadCounts } from "../domain/applications/messages.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { phaseAt } from "../domain/review/phases";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "dossier.stateLabel");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user, dossier } = await requireMemberDossier(context, request, params.id);
  const db = context.services.db;
  const L = context.locale;
  const call = await findCallById(db, dossier.call_id);
  if (!call) notFound(context);
  const def = await formDefinition(db, dossier.form_version_id);
  const answers = answerValues(await loadAnswers(db, dossier.id));
  const counts = await attachmentCounts(db, dossier.id);
  const issues = checkAnswers(def, answers, counts, L, "submit");
  const deadline = await deadlineFor(db, call, dossier.organization_id);
  const org = await db
    .selectFrom("organization")
    .select(["id", "name"])
    .where("id", "=", dossier.organization_id)
    .executeTakeFirstOrThrow();
  const [subs, transitions, returnNote] = await Promise.all([
    submissionsOf(db, dossier.id),
    transitionsOf(db, dossier.id),
    dossier.state === "returned_for_changes" ? latestReturnNote(db, dossier.id) : Promise.resolve(null),
  ]);
  const closed = new Date() >= deadline;
  const answer = await sentAnswerOf(db, dossier.id);
  const unread = (await unreadCounts(db, { userId: user.id, dossierIds: [dossier.id], otherSide: "team" })).get(dossier.id) ?? 0;
  const query = new URL(request.url).searchParams;
  const n = Number(query.get("n") ?? 0);
  const notice = query.get("notice");
  const lastMinute = new Date(deadline.getTime() - 60000);
  return {
    id: dossier.id,
    state: dossier.state,
    organisation: org,
    callTitle: localized(call.content.title, L),
    callSlug: call.slug,
    deadline: formatParisDateTime(lastMinute, L),
    extended: deadline.getTime() !== call.closesAt.getTime(),
    closed,
    progress: completion(def, answers, counts),
    sections: def.sections
      .filter((s) => conditionHolds(s.showIf, answers))
      .map((s) => ({ key: s.key, title: localized(s.title, L), missing: issues.filter((i) => i.sectionKey === s.key).length })),
    issues: issues.map((i) => ({
      href: `/dossiers/${dossier.id}/parties/${i.sectionKey}#q-${i.fieldKey}`,
      message: `${i.label} — ${i.message}`,
    })),
    submissions: subs.map((s) => ({
      id: s.id,
      number: s.number,
      date: formatParisDateTime(s.submitted_at, L),
      by: s.submitted_by_name ?? "",
    })),
    // Applicants see their own steps and requests for changes; review steps and decisions are the team's until answers are sent.
    transitions: transitions
      .filter((tr) => TRANSITIONS[tr.event as keyof typeof TRANSITIONS]?.shownToApplicant)
      .map((tr) => ({ event: tr.event, at: formatParisDateTime(tr.at, L), by: tr.actor_name ?? "" })),
    returnNote,
    // The decision and its reasons, once the answers are sent (the letter as sent, and its PDF).
    answer: answer
      ? {
          decision: answer.decision,
          reasons: answer.reasons,
          at: formatParisDateTime(answer.sent_at, L),
          transitionId: answer.transition_id,
        }
      : null,
    messages: dossier.submission_count > 0 ? { unread } : null,
    // What the organisation may do and should do next: the lifecycle's applicant view, in one place.
    view: applicantView({
      state: dossier.state,
      answerSent: (answer?.decision as Decision | undefined) ?? null,
      deadlinePassed: closed,
      frozen: !phaseAt(call.content.phases, new Date()).rights.applicantsEdit,
      complete: issues.length === 0,
      hasCommunity: featuresOf(call.content).community,
    }),
    // After a submission or a reopening the page is shown by a redirect (reloading never resubmits).
    notice:
      notice === "submitted"
        ? t(L, "dossier.submitted", { number: n })
        : notice === "already"
          ? t(L, "dossier.alreadySubmitted", { number: n })
          : notice === "reopened"
            ? t(L, "dossier.reopened")
            : notice === "withdrawn"
              ? t(L, "dossier.withdrawn")
              : null,
    retention: await retentionSentence(db, dossier.call_id, "withdrawn", L),
    // The form changed since this draft began: what it now asks (issue 10).
    formChanged: await formChangeNotice(db, dossier),
    hasCommunity: featuresOf(call.content).community,
  };
}

export async function action({ params, context, request }: Route.ActionArgs): Promise<{ error?: string; notice?: string } | Response> {
  const { user, dossier } = await requireMemberDossier(context, request, params.id);
  const db = context.services.db;
  const L = context.locale;
  const p = parseIntent(await request.formData(), DossierForms, L, { fallback: "submit" });
  if (!p.ok) return { error: t(L, "error.badRequest") };
  if (p.intent === "reopen") {
    const r = await attempt(context, () => reopenDossier(db, { dossier, userId: user.id }));
    return r.ok ? redirect(`/dossiers/${dossier.id}?notice=reopened`, 303) : { error: r.error };
  }
  if (p.intent === "withdraw") {
    const { confirmWithdraw, reason } = p.value;
    if (!confirmWithdraw) return { error: t(L, "dossier.withdrawConfirmRequired") };
    const r = await attempt(context, () => withdrawDossier(db, { dossier, userId: user.id, reason }));
    return r.ok ? redirect(`/dossiers/${dossier.id}?notice=withdrawn`, 303) : { error: r.error };
  }
  if (!p.value.confirm) return { error: t(L, "dossier.confirmRequired") };
  const r = await attempt(context, () => submitDossier(db, { dossier, userId: user.id, locale: L }));
  submissions.inc({ outcome: r.ok ? r.value.status : "refused" });
  if (!r.ok) return { error: r.error };
  const outcome = r.value;
  if (outcome.status === "incomplete") return { error: t(L, "dossier.incomplete", { n: outcome.issues.length }) };
  const notice = outcome.status === "alreadySubmitted" ? "already" : "submitted";
  return redirect(`/dossiers/${dossier.id}?notice=${notice}&n=${outcome.submissionNumber}`, 303);
}

export default function Dossier() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const busy = useNavigation().state !== "idle"; // with JavaScript, a second click waits for the first
  const editable = d.view.mayEdit;
  const next = t(d.view.next);
  return (
    <div className="page">
      <p className="meta">
        <Link to={`/appels/${d.callSlug}`}>{d.callTitle}</Link>
      </p>
      <h1>{t("dossier.title", { organisation: d.organisation.name })}</h1>
      {result?.notice || d.notice ? <Notice kind="success">{result?.notice ?? d.notice}</Notice> : null}
      {result?.error ? <ErrorSummary title={t("error.title")} errors={[{ message: result.error }]} /> : null}
      <div className="status-panel">
        <p>
          {t("common.labelled", { label: t("dossier.stateLabel"), value: "" })} <StateBadge state={d.state} decision={d.answer?.decision} />
        </p>
        <p>{d.extended ? t("dossier.deadlineExtended", { date: d.deadline }) : t("dossier.deadline", { date: d.deadline })}</p>
        <p>
          <progress max={d.progress.total} value={d.progress.done} aria-label={t("dossier.progress", d.progress)} />{" "}
          {t("dossier.progress", d.progress)}
        </p>
        {d.formChanged?.length ? (
          <div className="notice notice-warning" role="status">
            <p>{t("dossier.formChanged")}</p>
            <ul>
              {d.formChanged.map((q) => (
                <li key={q.key}>{q.label}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {d.returnNote ? (
          <div className="notice notice-warning" role="status">
            <p>{t("dossier.returned")}</p>
            <blockquote className="return-note">{d.returnNote}</blockquote>
          </div>
        ) : null}
        <p className="next-step">
          <strong>{next}</strong>
        </p>
        {d.messages ? (
          <p>
            <Link to={`/dossiers/${d.id}/messages`}>
              {d.messages.unread ? t("messages.linkUnread", { n: d.messages.unread }) : t("messages.applicantLink")}
            </Link>
          </p>
        ) : null}
      </div>
      {d.answer ? (
        <section aria-labelledby="decision-title" className="decision-panel">
          <h2 id="decision-title">{t(`dossier.decision.${d.answer.decision}` as "dossier.decision.accepted")}</h2>
          <p className="meta">{t("dossier.decisionSent", { date: d.answer.at })}</p>
          <h3>{t("dossier.decisionReasons")}</h3>
          <blockquote className="return-note">{d.answer.reasons}</blockquote>
          <p>
            <a href={`/dossiers/${d.id}/decisions/${d.answer.transitionId}/lettre.pdf`}>{t("dossier.decisionLetter")}</a>
          </p>
        </section>
      ) : null}
      <h2>{t("dossier.sections")}</h2>
      <ol className="section-list">
        {d.sections.map((s) => (
          <li key={s.key}>
            <Link to={`/dossiers/${d.id}/parties/${s.key}`}>{s.title}</Link> —{" "}
            <span className={s.missing ? "missing" : "complete"}>
              {s.missing ? t("dossier.section.missing", { n: s.missing }) : t("dossier.section.complete")}
            </span>
          </li>
        ))}
      </ol>
      {editable ? (
        <section aria-labelledby="submit-title" className="submit-panel">
          <h2 id="submit-title">{t("dossier.submit")}</h2>
          {d.issues.length > 0 ? (
            <div className="problems">
              <p>{t("dossier.incomplete", { n: d.issues.length })}</p>
              <ul>
                {d.issues.map((i, n) => (
                  <li key={n}>
                    <Link to={i.href}>{i.message}</Link>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <Form method="post">
            <div className="choice">
              <input type="checkbox" id="confirm" name="confirm" value="yes" />
              <label htmlFor="confirm">{t("dossier.submitConfirm")}</label>
            </div>
            <p className="hint">{d.hasCommunity ? t("privacy.notice") : t("privacy.noticeNoCommunity")}</p>
            <button type="submit" name="intent" value="submit" className="button primary" disabled={busy}>
              {t("dossier.submit")}
            </button>
          </Form>
        </section>
      ) : null}
      {d.view.mayReopen ? (
        <Form method="post">
          <button type="submit" name="intent" value="reopen" className="button">
            {t("dossier.reopen")}
          </button>
        </Form>
      ) : null}
      {d.view.mayWithdraw ? (
        <section aria-labelledby="withdraw-title">
          <h2 id="withdraw-title">{t("dossier.withdrawTitle")}</h2>
          <p>{t("dossier.withdrawIntro")}</p>
          <p className="hint">{d.retention}</p>
          <Form method="post">
            <div className="field">
              <label htmlFor="withdraw-reason">{t("dossier.withdrawReason")}</label>
              <textarea id="withdraw-reason" name="reason" rows={3} maxLength={2000} />
            </div>
            <div className="choice">
              <input type="checkbox" id="confirm-withdraw" name="confirmWithdraw" value="yes" />
              <label htmlFor="confirm-withdraw">{t("dossier.withdrawConfirm")}</label>
            </div>
            <button type="submit" name="intent" value="withdraw" className="button" disabled={busy}>
              {t("dossier.withdraw")}
            </button>
          </Form>
        </section>
      ) : null}
      {d.submissions.length > 0 ? (
        <section aria-labelledby="subs">
          <h2 id="subs">{t("dossier.submissions")}</h2>
          <ul>
            {d.submissions.map((s) => (
              <li key={s.id}>
                {s.by
                  ? t("dossier.submissionItem", { number: s.number, date: s.date, name: s.by })
                  : t("dossier.submissionItemNoName", { number: s.number, date: s.date })}{" "}
                — <a href={`/dossiers/${d.id}/depots/${s.id}/pdf`}>{t("dossier.receipt")}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="hist">
        <h2 id="hist">{t("dossier.transitions")}</h2>
        <ul>
          {d.transitions.map((tr, i) => (
            <li key={i}>
              {tr.at} —{" "}
              {tr.event === "submit"
                ? t("dossier.event.submit", { name: tr.by })
                : tr.event === "resubmit"
                  ? t("dossier.event.resubmit", { name: tr.by })
                  : tr.event === "return_for_changes"
                    ? t("dossier.event.returned")
                    : tr.event === "withdraw"
                      ? t("dossier.event.withdraw", { name: tr.by })
                      : t("dossier.event.reopen", { name: tr.by })}
            </li>
          ))}
        </ul>
        <p>
          <Link to={`/dossiers/${d.id}/historique`}>{t("dossier.history")}</Link> ·{" "}
          <Link to={`/organisations/${d.organisation.id}`}>{t("dossier.members")}</Link>
        </p>
      </section>
    </div>
  );
}
