import { Form, Link, useActionData, useLoaderData } from "react-router";
import { reply, setThreadLevel } from "../domain/community/exchanges.server";
import { ReplyForm, ThreadLevelForm } from "../domain/community/inputs.server";
import { THREAD_LEVELS } from "../domain/community/thread-levels";
import { discussionView } from "../domain/community/views.server";
import { parseForm, readIntent } from "../http/parse-form.server";
import { t as translate } from "../i18n/i18n";
import { requireCommunity } from "../lib/community-route.server";
import { filesFrom, readForm } from "../lib/form-files.server";
import { attempt, notFound, orNotFound } from "../lib/route-helpers.server";
import { ErrorSummary, Notice, SubmitButton } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/community-thread";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "exchanges.title");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user } = await requireCommunity(context, request, params.callId);
  return orNotFound(context, discussionView(context.services.db, params.callId, params.threadId, user.id, context.locale));
}

export async function action({
  params,
  context,
  request,
}: Route.ActionArgs): Promise<{ error?: string; notice?: string; body?: string } | Response> {
  const { user } = await requireCommunity(context, request, params.callId);
  const read = await readForm(context, request);
  if (!read.form) return { error: read.error, body: "" };
  const form = read.form;
  if (readIntent(form) === "level") {
    const p = parseForm(form, ThreadLevelForm, context.locale);
    if (!p.ok) return { error: p.errors.level ?? translate(context.locale, "form.invalidValue"), body: "" };
    const { level } = p.value;
    const r = await attempt(context, () => setThreadLevel(context.services.db, { threadId: params.threadId, userId: user.id, level }));
    if (!r.ok && r.status === 404) notFound(context);
    return r.ok ? { notice: translate(context.locale, "exchanges.levelSaved") } : { error: r.error };
  }
  const parsed = parseForm(form, ReplyForm, context.locale);
  if (!parsed.ok) return { error: Object.values(parsed.errors)[0], body: "" };
  const { body } = parsed.value;
  const r = await attempt(context, async () =>
    reply(context.services.db, context.services.storage, {
      threadId: params.threadId,
      userId: user.id,
      body,
      files: await filesFrom(form),
      limits: context.services.config.uploadLimits,
      appUrl: context.services.config.appUrl,
    }),
  );
  if (!r.ok && r.status === 404) notFound(context);
  return r.ok ? { notice: translate(context.locale, "exchanges.replied") } : { error: r.error, body };
}

export default function Thread() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <div className="page">
      <p>
        <Link to={`/communaute/${d.callId}/echanges`}>← {t("exchanges.title")}</Link>
      </p>
      <h1>{d.title}</h1>
      {result?.notice ? <Notice kind="success">{result.notice}</Notice> : null}
      {result?.error ? <ErrorSummary title={t("error.title")} errors={[{ message: result.error, href: "#reply" }]} /> : null}
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="level" />
        <fieldset>
          <legend>{t("exchanges.level")}</legend>
          {THREAD_LEVELS.map((l) => (
            <div className="choice" key={l}>
              <input type="radio" id={`level-${l}`} name="level" value={l} defaultChecked={d.level === l} />
              <label htmlFor={`level-${l}`}>{t(`exchanges.level.${l}`)}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit" className="button">
          {t("exchanges.levelSave")}
        </button>
      </Form>
      <ol className="thread">
        {d.posts.map((p) => (
          <li key={p.id}>
            <p className="meta">
              <strong>{p.name}</strong>
              {p.organisation ? ` (${p.organisation})` : ""} — {p.at}
            </p>
            <div className="message-body">{p.body}</div>
            {p.files.length ? (
              <ul>
                {p.files.map((f) => (
                  <li key={f.id}>
                    <a href={`/communaute/${d.callId}/pieces/${p.id}/${f.id}`}>
                      {f.name} ({Math.ceil(f.size / 1024)} Ko)
                    </a>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
      <Form method="post" encType="multipart/form-data" aria-labelledby="reply-title">
        <h2 id="reply-title">{t("exchanges.reply")}</h2>
        <div className="field">
          <label htmlFor="reply">{t("messages.body")}</label>
          <p className="hint" id="reply-hint">
            {t("exchanges.mentionHint")}
          </p>
          <textarea
            id="reply"
            name="body"
            rows={5}
            required
            aria-describedby="reply-hint"
            defaultValue={result?.error ? result.body : ""}
          />
        </div>
        <div className="field">
          <label htmlFor="files">
            {t("messages.files")} ({t("common.optional")})
          </label>
          <input id="files" name="files" type="file" multiple />
        </div>
        <SubmitButton primary>{t("exchanges.send")}</SubmitButton>
      </Form>
    </div>
  );
}
