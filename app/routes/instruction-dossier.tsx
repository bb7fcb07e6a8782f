import { Form, Link, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/instruction-dossier";
import { findCallById, formDefinition, deadlineFor } from "../domain/calls/calls.server";
import { applyOrganiserTransition } from "../domain/applications/dossiers.server";
import { canTransition, type DossierEvent } from "../domain/applications/dossier-state";
import { aggregateScores } from "../domain/review/aggregates";
import { assertCanSeeDossier, declareConflict, saveReview } from "../domain/review/reviews.server";
import { conditionHolds, isField, localized, type Answers } from "../forms/definition";
import { fieldText } from "../forms/field-types.server";
import { t as translate } from "../i18n/i18n";
import { NotFound } from "../lib/errors";
import { formatParisDateTime } from "../lib/paris-time";
import { attempt, extendDeadlineFromForm, notFound, requireUser } from "../lib/route-helpers.server";
import { ErrorSummary, Notice } from "../ui/forms";
import { pageTitle } from "../ui/meta";
import { useT } from "../ui/i18n";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) => pageTitle(matches, "instruction.title");

const ORGANISER_EVENTS: DossierEvent[] = ["start_review", "return_for_changes", "waitlist", "accept", "decline"];

async function access(context: Route.LoaderArgs["context"], request: Request, id: string) {
  const user = requireUser(context, request);
  try {
    return { user, ...(await assertCanSeeDossier(context.services.db, user.id, id)) };
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
}

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user, role, callId } = await access(context, request, params.id);
  const db = context.services.db;
  const L = context.locale;
  const call = (await findCallById(db, callId))!;
  const dossier = await db.selectFrom("dossier").selectAll().where("id", "=", params.id).executeTakeFirstOrThrow();
  const sub = await db.selectFrom("submission").selectAll().where("dossier_id", "=", dossier.id).where("number", "=", dossier.submission_count).executeTakeFirstOrThrow();
  const def = await formDefinition(db, sub.form_version_id);
  const answers = JSON.parse(sub.answers_json) as Answers;
  const attachments = JSON.parse(sub.attachments_json) as { id: string; field_key: string; safe_name: string; size: number }[];
  const transitions = await db
    .selectFrom("dossier_transition")
    .leftJoin("user", "user.id", "dossier_transition.actor_id")
    .select(["dossier_transition.event", "dossier_transition.at", "dossier_transition.note", "user.name"])
    .where("dossier_id", "=", dossier.id)
    .orderBy("at", "desc")
    .execute();
  const reviews = await db.selectFrom("review").innerJoin("user", "user.id", "review.reviewer_id").select(["review.reviewer_id", "review.scores_json", "review.comment", "user.name"]).where("dossier_id", "=", dossier.id).execute();
  const conflicts = await db.selectFrom("conflict_declaration").select("reviewer_id").where("dossier_id", "=", dossier.id).execute();
  const criteria = call.content.criteria.map((c) => ({ key: c.key, label: localized(c.label, L), min: c.scale.min, max: c.scale.max }));
  const visibleReviews = role === "organiser" ? reviews : reviews.filter((r) => r.reviewer_id === user.id);
  const own = reviews.find((r) => r.reviewer_id === user.id);
  const deadline = await deadlineFor(db, call, dossier.organization_id);
  return {
    id: dossier.id,
    callId,
    role,
    state: dossier.state,
    name: (typeof answers.ptce_name === "string" && answers.ptce_name) || "",
    submission: { number: sub.number, at: formatParisDateTime(sub.submitted_at, L) },
    sections: def.sections
      .filter((s) => conditionHolds(s.showIf, answers))
      .map((s) => ({
        title: localized(s.title, L),
        fields: s.items
          .filter((i) => isField(i) && conditionHolds(i.showIf, answers))
          .map((f) => {
            const field = f as Exclude<typeof f, { type: "explanation" }>;
            return {
              key: field.key,
              label: localized(field.label, L),
              text: field.type === "files" ? "" : fieldText(field, answers[field.key], L),
              files: attachments.filter((a) => a.field_key === field.key).map((a) => ({ id: a.id, name: a.safe_name })),
            };
          }),
      })),
    transitions: transitions.map((tr) => ({ event: tr.event, at: formatParisDateTime(tr.at, L), by: tr.name ?? "", note: tr.note })),
    events: role === "organiser" ? ORGANISER_EVENTS.filter((e) => canTransition(dossier.state, e, "organiser")) : [],
    criteria,
    reviews: visibleReviews.map((r) => ({ name: r.name, scores: JSON.parse(r.scores_json) as Record<string, number>, comment: r.comment })),
    aggregate: role === "organiser" ? aggregateScores(criteria.map((c) => c.key), reviews.map((r) => ({ reviewerId: r.reviewer_id, scores: JSON.parse(r.scores_json) })), { conflictedReviewerIds: conflicts.map((c) => c.reviewer_id) }) : null,
    own: own ? { scores: JSON.parse(own.scores_json) as Record<string, number>, comment: own.comment } : null,
    deadline: formatParisDateTime(new Date(deadline.getTime() - 60000), L),
  };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const { user, role, callId } = await access(context, request, params.id);
  const db = context.services.db;
  const L = context.locale;
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "transition" && role === "organiser") {
    const event = String(form.get("event") ?? "") as DossierEvent;
    if (!ORGANISER_EVENTS.includes(event)) return { error: translate(L, "error.badRequest") };
    const r = await attempt(context, () => applyOrganiserTransition(db, { dossierId: params.id, event, actorId: user.id, note: String(form.get("note") ?? ""), appUrl: context.services.config.appUrl }));
    return r.ok ? { notice: translate(L, "instruction.transitionDone", { state: translate(L, `instruction.state.${r.value}` as "instruction.state.submitted") }) } : { error: r.error };
  }
  if (intent === "extend" && role === "organiser") {
    const dossier = await db.selectFrom("dossier").select("organization_id").where("id", "=", params.id).executeTakeFirstOrThrow();
    return extendDeadlineFromForm(context, form, { callId, organizationId: dossier.organization_id, actorId: user.id });
  }
  if (intent === "review") {
    const call = (await findCallById(db, callId))!;
    const scores: Record<string, number> = {};
    for (const c of call.content.criteria) {
      const v = String(form.get(`score.${c.key}`) ?? "");
      if (v !== "") scores[c.key] = Number(v);
    }
    const r = await attempt(context, () => saveReview(db, { dossierId: params.id, reviewerId: user.id, scores, comment: String(form.get("comment") ?? "") }));
    return r.ok ? { notice: translate(L, "instruction.reviewSaved") } : { error: r.error };
  }
  if (intent === "conflict") {
    const r = await attempt(context, () => declareConflict(db, { dossierId: params.id, reviewerId: user.id, reason: String(form.get("reason") ?? "") }));
    // The dossier is now hidden from this reviewer: back to their space.
    if (r.ok) return new Response(null, { status: 303, headers: { Location: role === "organiser" ? `/admin/appels/${callId}` : "/espace" } });
    return { error: r.error };
  }
  notFound(context);
}

export default function InstructionDossier() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { error?: string; notice?: string } | undefined;
  const { t } = useT();
  return (
    <div className="page wide">
      {d.role === "organiser" ? (
        <p>
          <Link to={`/admin/appels/${d.callId}`}>← {t("instruction.title")}</Link>
        </p>
      ) : null}
      <h1>{d.name}</h1>
      <p className="meta">
        {t(`instruction.state.${d.state}` as "instruction.state.submitted")} — {t("dossier.submissionItem", { number: d.submission.number, date: d.submission.at, name: "" })}
      </p>
      {result?.notice ? <Notice kind="success">{result.notice}</Notice> : null}
      {result?.error ? <ErrorSummary title={t("error.title")} errors={[{ message: result.error }]} /> : null}
      {d.sections.map((s) => (
        <section key={s.title}>
          <h2>{s.title}</h2>
          <dl className="answers">
            {s.fields.map((f) => (
              <div key={f.key}>
                <dt>{f.label}</dt>
                <dd>
                  {f.files.length ? (
                    <ul>
                      {f.files.map((file) => (
                        <li key={file.id}>
                          <a href={`/instruction/dossiers/${d.id}/fichiers/${file.id}`}>{file.name}</a>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    f.text || "—"
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <section aria-labelledby="review-title">
        <h2 id="review-title">{t("instruction.review")}</h2>
        {d.aggregate ? (
          <p>
            {t("instruction.overall")} : {d.aggregate.overall === null ? "—" : d.aggregate.overall.toFixed(2)} ({d.aggregate.reviewers}){d.aggregate.disagreement ? ` — ${t("instruction.disagreement")}` : ""}
          </p>
        ) : null}
        <ul>
          {d.reviews.map((r, i) => (
            <li key={i}>
              <strong>{r.name}</strong> — {d.criteria.map((c) => `${c.label} : ${r.scores[c.key] ?? "—"}`).join(" ; ")}
              {r.comment ? <blockquote>{r.comment}</blockquote> : null}
            </li>
          ))}
        </ul>
        {d.role !== "organiser" ? (
          <>
            <Form method="post">
              <input type="hidden" name="intent" value="review" />
              {d.criteria.map((c) => (
                <div className="field" key={c.key}>
                  <label htmlFor={`score-${c.key}`}>{c.label}</label>
                  <select id={`score-${c.key}`} name={`score.${c.key}`} defaultValue={d.own?.scores[c.key]?.toString() ?? ""}>
                    <option value="">—</option>
                    {Array.from({ length: c.max - c.min + 1 }, (_, i) => c.min + i).map((v) => (
                      <option key={v} value={v}>
                        {v}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
              <div className="field">
                <label htmlFor="comment">{t("instruction.comment")}</label>
                <textarea id="comment" name="comment" rows={5} defaultValue={d.own?.comment ?? ""} />
              </div>
              <button type="submit" className="button primary">
                {t("instruction.saveReview")}
              </button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="conflict" />
              <div className="field">
                <label htmlFor="conflict-reason">{t("instruction.conflictReason")}</label>
                <input id="conflict-reason" name="reason" type="text" />
              </div>
              <button type="submit" className="button">
                {t("instruction.declareConflict")}
              </button>
            </Form>
          </>
        ) : null}
      </section>
      {d.role === "organiser" ? (
        <section aria-labelledby="decide-title">
          <h2 id="decide-title">{t("instruction.actions")}</h2>
          {d.events.length ? (
            <Form method="post">
              <input type="hidden" name="intent" value="transition" />
              <fieldset>
                <legend>{t("instruction.action")}</legend>
                {d.events.map((e) => (
                  <div className="choice" key={e}>
                    <input type="radio" id={`event-${e}`} name="event" value={e} />
                    <label htmlFor={`event-${e}`}>{t(`instruction.event.${e}` as "instruction.event.accept")}</label>
                  </div>
                ))}
              </fieldset>
              <div className="field">
                <label htmlFor="note">{t("instruction.note")}</label>
                <p className="hint" id="note-hint">
                  {t("instruction.noteHint")}
                </p>
                <textarea id="note" name="note" rows={5} aria-describedby="note-hint" />
              </div>
              <button type="submit" className="button primary">
                {t("instruction.applyAction")}
              </button>
            </Form>
          ) : null}
          <h3>{t("admin.extend")}</h3>
          <p>{t("dossier.deadline", { date: d.deadline })}</p>
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="extend" />
            <div className="field">
              <label htmlFor="until">{t("admin.extendUntil")}</label>
              <input type="date" id="until" name="until" required />
            </div>
            <div className="field">
              <label htmlFor="reason">{t("admin.extendReason")}</label>
              <input type="text" id="reason" name="reason" required />
            </div>
            <button type="submit" className="button">
              {t("admin.extend")}
            </button>
          </Form>
          <h3>{t("dossier.transitions")}</h3>
          <ul>
            {d.transitions.map((tr, i) => (
              <li key={i}>
                {tr.at} — {t(`instruction.event.${tr.event}` as "instruction.event.accept")} ({tr.by}){tr.note ? <blockquote>{tr.note}</blockquote> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
