import { Form, Link, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { reopenDossier, submitDossier, withdrawDossier } from "../domain/applications/dossiers.server";
import { DossierForms } from "../domain/applications/inputs.server";
import { dossierView } from "../domain/applications/views.server";
import { parseIntent } from "../http/parse-form.server";
import { t } from "../i18n/i18n";
import { attempt, orNotFound, requireMemberDossier } from "../lib/route-helpers.server";
import { submissions } from "../ops/metrics.server";
import { ErrorSummary, Notice } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { StateBadge } from "../ui/state-badge";
import type { Route } from "./+types/dossier";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "dossier.stateLabel");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user, dossier } = await requireMemberDossier(context, request, params.id);
  const query = new URL(request.url).searchParams;
  const n = Number(query.get("n") ?? 0);
  const notice = query.get("notice");
  return {
    ...(await orNotFound(context, dossierView(context.services.db, user, dossier, context.locale))),
    // After a submission or a reopening the page is shown by a redirect (reloading never resubmits).
    notice:
      notice === "submitted"
        ? t(context.locale, "dossier.submitted", { number: n })
        : notice === "already"
          ? t(context.locale, "dossier.alreadySubmitted", { number: n })
          : notice === "reopened"
            ? t(context.locale, "dossier.reopened")
            : notice === "withdrawn"
              ? t(context.locale, "dossier.withdrawn")
              : null,
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
