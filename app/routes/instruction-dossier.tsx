import { Form, Link, useActionData, useLoaderData } from "react-router";
import { applyOrganiserTransition, organisationOfDossier } from "../domain/applications/dossiers.server";
import { type DossierEvent } from "../domain/applications/lifecycle";
import { findCallById } from "../domain/calls/calls.server";
import { addComment, addLabel, addNote, removeLabel } from "../domain/review/collaboration.server";
import { instructionDossierView, ORGANISER_EVENTS } from "../domain/review/dossier-view.server";
import { postedScores, ReviewInput, TeamDossierForms } from "../domain/review/inputs.server";
import { declareConflict, saveReview, shareReview } from "../domain/review/reviews.server";
import { inviteToCall } from "../domain/review/team.server";
import { parseIntent } from "../http/parse-form.server";
import { t as translate } from "../i18n/i18n";
import { attempt, extendDeadlineFromForm, notFound, requireDossierTeam } from "../lib/route-helpers.server";
import { formatDecimal } from "../lib/typography";
import { ErrorSummary, Notice } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { PhaseBanner } from "../ui/phase-banner";
import type { Route } from "./+types/instruction-dossier";

// The dossier's own name first: a title of its own among the instruction pages (RGAA 8.6).
export const meta = ({ matches, data }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[]; data?: { name?: string } }) =>
  data?.name ? [{ title: `${data.name} — ${pageTitle(matches, "instruction.title")[0].title}` }] : pageTitle(matches, "instruction.title");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user, role, callId } = await requireDossierTeam(context, request, params.id);
  return instructionDossierView(context.services.db, { userId: user.id, role, callId }, params.id, context.locale);
}

export async function action({
  params,
  context,
  request,
}: Route.ActionArgs): Promise<{ error?: string; notice?: string; field?: string } | Response> {
  const { user, role, callId } = await requireDossierTeam(context, request, params.id);
  const db = context.services.db;
  const L = context.locale;
  const form = await request.formData();
  const p = parseIntent(form, TeamDossierForms, L);
  if (!p.ok) notFound(context);
  const done = async (fn: () => Promise<unknown>, notice: Parameters<typeof translate>[1], field?: string) => {
    const r = await attempt(context, fn);
    return r.ok ? { notice: translate(L, notice) } : { error: r.error, field };
  };
  if (role === "organiser") {
    if (p.intent === "transition") {
      const event = p.value.event as DossierEvent;
      if (!ORGANISER_EVENTS.includes(event))
        return { error: translate(L, "instruction.chooseAction"), field: `event-${ORGANISER_EVENTS[0]}` };
      const r = await attempt(context, () =>
        applyOrganiserTransition(db, {
          dossierId: params.id,
          event,
          actorId: user.id,
          note: p.value.note,
          appUrl: context.services.config.appUrl,
        }),
      );
      return r.ok
        ? {
            notice: translate(L, "instruction.transitionDone", {
              state: translate(L, `instruction.state.${r.value}` as "instruction.state.submitted"),
            }),
          }
        : { error: r.error, field: "note" };
    }
    if (p.intent === "extend") {
      return extendDeadlineFromForm(context, form, {
        callId,
        organizationId: await organisationOfDossier(db, params.id),
        actorId: user.id,
      });
    }
    if (p.intent === "share-review") {
      const share = p.value.share === "yes";
      return done(
        () => shareReview(db, { dossierId: params.id, reviewerId: p.value.reviewerId, share, actorId: user.id }),
        share ? "letters.reviewShared" : "letters.reviewUnshared",
      );
    }
    if (p.intent === "invite-expert") {
      const { email, message } = p.value;
      return done(
        () =>
          inviteToCall(db, {
            callId,
            email,
            role: "expert",
            dossierId: params.id,
            actorId: user.id,
            appUrl: context.services.config.appUrl,
            locale: L,
            message,
          }),
        "team.expertInvited",
        "expert-email",
      );
    }
  }
  if (role !== "expert") {
    if (p.intent === "note")
      return done(() => addNote(db, { dossierId: params.id, authorId: user.id, body: p.value.body }), "notes.added", "note-body");
    if (p.intent === "comment")
      return done(
        () => addComment(db, { dossierId: params.id, authorId: user.id, body: p.value.body }),
        "discussion.added",
        "comment-body",
      );
    if (p.intent === "label-add")
      return done(() => addLabel(db, { dossierId: params.id, label: p.value.label, actorId: user.id }), "labels.added", "label");
    if (p.intent === "label-remove")
      return done(() => removeLabel(db, { dossierId: params.id, label: p.value.label, actorId: user.id }), "labels.removed");
  }
  if (p.intent === "review") {
    const call = (await findCallById(db, callId))!;
    // The same schema as the API's review: the page's « score.<criterion> » fields are its scores.
    const review = ReviewInput.safeParse({
      scores: postedScores(form, call.content.criteria),
      comment: p.value.comment,
      opinion: p.value.opinion,
    });
    if (!review.success) return { error: translate(L, "form.invalidValue"), field: "comment" };
    const { scores, comment, opinion } = review.data;
    return done(
      () => saveReview(db, { dossierId: params.id, reviewerId: user.id, scores, comment, opinion }),
      role === "expert" ? "instruction.opinionSaved" : "instruction.reviewSaved",
      "comment",
    );
  }
  if (p.intent === "conflict" && role !== "organiser") {
    const r = await attempt(context, () => declareConflict(db, { dossierId: params.id, reviewerId: user.id, reason: p.value.reason }));
    // The dossier is now hidden from this reviewer: back to their list.
    if (r.ok) return new Response(null, { status: 303, headers: { Location: "/instruction?conflit=1" } });
    return { error: r.error, field: "conflict-reason" };
  }
  notFound(context);
}

/** A team thread (the reviewers' discussion, private notes): the posts, then the form to add one. */
function TeamThread(props: {
  id: string;
  title: string;
  hint: string;
  items: { id: string; body: string; name: string; at: string }[];
  empty: string;
  intent: string;
  label: string;
  button: string;
  invalid?: boolean;
  children?: React.ReactNode;
}) {
  return (
    <section aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <p className="hint">{props.hint}</p>
      {props.items.length ? (
        <ol className="thread">
          {props.items.map((n) => (
            <li key={n.id}>
              <p className="meta">
                <strong>{n.name}</strong> — {n.at}
              </p>
              <div className="message-body">{n.body}</div>
            </li>
          ))}
        </ol>
      ) : (
        <p>{props.empty}</p>
      )}
      <Form method="post">
        <input type="hidden" name="intent" value={props.intent} />
        <div className="field">
          <label htmlFor={`${props.id}-body`}>{props.label}</label>
          <textarea id={`${props.id}-body`} name="body" rows={3} required aria-invalid={props.invalid || undefined} />
        </div>
        <button type="submit" className="button">
          {props.button}
        </button>
      </Form>
      {props.children}
    </section>
  );
}

export default function InstructionDossier() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, locale } = useT();
  const invalid = (id: string) => (result?.field === id ? true : undefined);
  return (
    <div className="page wide">
      <p>
        {d.role === "organiser" ? (
          <Link to={`/admin/appels/${d.callId}`}>← {t("instruction.title")}</Link>
        ) : (
          <Link to="/instruction">← {t("myReviews.title")}</Link>
        )}
      </p>
      <h1>{d.name}</h1>
      <PhaseBanner phase={d.phase} />
      <p className="meta">
        {t(`instruction.state.${d.state}` as "instruction.state.submitted")} —{" "}
        {t("dossier.submissionItem", { number: d.submission.number, date: d.submission.at, name: "" })}
        {d.labels.length ? ` — ${t("instruction.labels")} : ${d.labels.join(", ")}` : ""}
      </p>
      <ul className="inline-links">
        {d.submissionCount > 1 ? (
          <li>
            <Link to={`/instruction/dossiers/${d.id}/versions`}>{t("versions.link", { n: d.submissionCount })}</Link>
          </li>
        ) : null}
        {d.role === "organiser" ? (
          <li>
            <Link to={`/instruction/dossiers/${d.id}/messages`}>
              {d.unread ? t("messages.linkUnread", { n: d.unread }) : t("messages.link")}
            </Link>
          </li>
        ) : null}
        {d.answer ? (
          <li>
            {t("answers.sentOn", { date: d.answer.at })} —{" "}
            <a href={`/dossiers/${d.id}/decisions/${d.answer.transitionId}/lettre.pdf`}>{t("answers.letterPdf")}</a>
          </li>
        ) : null}
      </ul>
      {result?.notice ? <Notice kind="success">{result.notice}</Notice> : null}
      {result?.error ? (
        <ErrorSummary title={t("error.title")} errors={[{ message: result.error, href: result.field ? `#${result.field}` : undefined }]} />
      ) : null}
      {d.removedAnswers.length ? (
        <section aria-labelledby="removed-answers">
          <h2 id="removed-answers">{t("studio.version.removedTitle")}</h2>
          <dl className="answers">
            {d.removedAnswers.map((f) => (
              <div key={f.key}>
                <dt>{f.label}</dt>
                <dd className="preserve-lines">{f.text || "—"}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
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
                          <a href={`/instruction/dossiers/${d.id}/fichiers/${file.id}`}>
                            {file.name} ({Math.ceil(file.size / 1024)} Ko)
                          </a>
                          {file.preview ? (
                            <details className="preview">
                              <summary>{t("instruction.preview", { name: file.name })}</summary>
                              {file.preview === "pdf" ? (
                                <iframe
                                  src={`/instruction/dossiers/${d.id}/fichiers/${file.id}?apercu=1`}
                                  title={t("instruction.previewOf", { name: file.name })}
                                  loading="lazy"
                                />
                              ) : (
                                <img
                                  src={`/instruction/dossiers/${d.id}/fichiers/${file.id}?apercu=1`}
                                  alt={t("instruction.previewOf", { name: file.name })}
                                  loading="lazy"
                                />
                              )}
                            </details>
                          ) : null}
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
            {t("instruction.overall")} : {d.aggregate.overall === null ? "—" : formatDecimal(d.aggregate.overall, locale)} (
            {d.aggregate.reviewers}){d.aggregate.disagreement ? ` — ${t("instruction.disagreement")}` : ""}
          </p>
        ) : null}
        {d.hiddenReviews ? (
          <p>
            {d.othersNever ? t("phases.othersHidden", { n: d.hiddenReviews }) : t("instruction.othersAfterOwn", { n: d.hiddenReviews })}
          </p>
        ) : null}
        <ul>
          {d.reviews.map((r, i) => (
            <li key={i}>
              <strong>{r.name}</strong>
              {r.expert ? ` (${t("team.role.expert")})` : ""} —{" "}
              {d.criteria.map((c) => `${c.label} : ${r.scores[c.key] ?? "—"}`).join(" ; ")}
              {r.comment ? <blockquote>{r.comment}</blockquote> : null}
              {d.role === "organiser" && r.comment ? (
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="share-review" />
                  <input type="hidden" name="reviewerId" value={r.reviewerId} />
                  <input type="hidden" name="share" value={r.shared ? "no" : "yes"} />
                  {r.shared ? <span className="meta">{t("letters.sharedMark")} </span> : null}
                  <button
                    type="submit"
                    className="link-button"
                    aria-label={t(r.shared ? "letters.unshareNamed" : "letters.shareNamed", { name: r.name })}
                  >
                    {t(r.shared ? "letters.unshare" : "letters.share")}
                  </button>
                </Form>
              ) : null}
              {r.opinion ? (
                <blockquote>
                  {t("instruction.opinion")} : {r.opinion}
                </blockquote>
              ) : null}
            </li>
          ))}
        </ul>
        {d.role !== "organiser" ? (
          <>
            {!d.canScore ? <p className="notice notice-info">{t("phases.scoringClosedHere")}</p> : null}
            <Form method="post" aria-labelledby="my-review-title" hidden={!d.canScore}>
              <h3 id="my-review-title">{d.role === "expert" ? t("instruction.expertOpinion") : t("instruction.myReview")}</h3>
              <input type="hidden" name="intent" value="review" />
              {d.criteria.map((c) => (
                <div className="field" key={c.key}>
                  <label htmlFor={`score-${c.key}`}>
                    {c.label} ({c.min}–{c.max})
                  </label>
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
                <textarea id="comment" name="comment" rows={5} defaultValue={d.own?.comment ?? ""} aria-invalid={invalid("comment")} />
              </div>
              <div className="field">
                <label htmlFor="opinion">
                  {t("instruction.opinion")} {d.role === "expert" ? `(${t("common.required")})` : `(${t("common.optional")})`}
                </label>
                <textarea id="opinion" name="opinion" rows={4} defaultValue={d.own?.opinion ?? ""} required={d.role === "expert"} />
              </div>
              <button type="submit" className="button primary">
                {t("instruction.saveReview")}
              </button>
            </Form>
            <Form method="post" aria-labelledby="conflict-title">
              <h3 id="conflict-title">{t("instruction.declareConflict")}</h3>
              <p className="hint">{t("instruction.conflictHint")}</p>
              <input type="hidden" name="intent" value="conflict" />
              <div className="field">
                <label htmlFor="conflict-reason">{t("instruction.conflictReason")}</label>
                <input id="conflict-reason" name="reason" type="text" aria-invalid={invalid("conflict-reason")} />
              </div>
              <button type="submit" className="button">
                {t("instruction.declareConflict")}
              </button>
            </Form>
          </>
        ) : null}
      </section>
      {d.role !== "expert" ? (
        <>
          <TeamThread
            id="comment"
            title={t("discussion.title")}
            hint={t("discussion.hint")}
            items={d.comments}
            empty={t("discussion.none")}
            intent="comment"
            label={t("discussion.write")}
            button={t("discussion.send")}
            invalid={result?.field === "comment-body"}
          />
          <TeamThread
            id="note"
            title={t("notes.title")}
            hint={t("notes.hint")}
            items={d.notes}
            empty={t("notes.none")}
            intent="note"
            label={t("notes.write")}
            button={t("notes.add")}
            invalid={result?.field === "note-body"}
          >
            <h3>{t("instruction.labels")}</h3>
            {d.labels.length ? (
              <ul className="labels">
                {d.labels.map((l) => (
                  <li key={l}>
                    {l}{" "}
                    <Form method="post" className="inline">
                      <input type="hidden" name="intent" value="label-remove" />
                      <input type="hidden" name="label" value={l} />
                      <button type="submit" className="link-button" aria-label={t("labels.removeNamed", { label: l })}>
                        {t("labels.remove")}
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            ) : null}
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="label-add" />
              <div className="field">
                <label htmlFor="label">{t("labels.add")}</label>
                <input id="label" name="label" type="text" maxLength={40} list="known-labels" required aria-invalid={invalid("label")} />
                <datalist id="known-labels">
                  {d.knownLabels.map((l) => (
                    <option key={l} value={l} />
                  ))}
                </datalist>
              </div>
              <button type="submit" className="button">
                {t("labels.addButton")}
              </button>
            </Form>
          </TeamThread>
        </>
      ) : null}
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
                    <label htmlFor={`event-${e}`}>
                      {e === "accept" && !d.hasCommunity
                        ? t("instruction.event.acceptOnly")
                        : t(`instruction.event.${e}` as "instruction.event.accept")}
                    </label>
                  </div>
                ))}
              </fieldset>
              <div className="field">
                <label htmlFor="note">{t("instruction.note")}</label>
                <p className="hint" id="note-hint">
                  {t("instruction.noteHint")}
                </p>
                <textarea id="note" name="note" rows={5} aria-describedby="note-hint" aria-invalid={invalid("note")} />
              </div>
              <button type="submit" className="button primary">
                {t("instruction.applyAction")}
              </button>
            </Form>
          ) : null}
          <h3 id="expert-title">{t("team.inviteExpert")}</h3>
          <p className="hint">{t("team.expertHint")}</p>
          <Form method="post" aria-labelledby="expert-title">
            <input type="hidden" name="intent" value="invite-expert" />
            <div className="field">
              <label htmlFor="expert-email">{t("team.email")}</label>
              <input id="expert-email" name="email" type="email" required aria-invalid={invalid("expert-email")} />
            </div>
            <div className="field">
              <label htmlFor="expert-message">
                {t("team.message")} ({t("common.optional")})
              </label>
              <textarea id="expert-message" name="message" rows={2} />
            </div>
            <button type="submit" className="button">
              {t("team.send")}
            </button>
          </Form>
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
                {tr.at} — {t(`instruction.event.${tr.event}` as "instruction.event.accept")} ({tr.by})
                {tr.note ? <blockquote>{tr.note}</blockquote> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
