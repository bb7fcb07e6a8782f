import { Form, Link, redirect, useActionData, useLoaderData, useLocation } from "react-router";
import { createThread, setNotificationMode } from "../domain/community/exchanges.server";
import { ExchangeForms } from "../domain/community/inputs.server";
import { exchangesView } from "../domain/community/views.server";
import { parseIntent } from "../http/parse-form.server";
import { t as translate } from "../i18n/i18n";
import { requireCommunity } from "../lib/community-route.server";
import { filesFrom, readForm } from "../lib/form-files.server";
import { attempt } from "../lib/route-helpers.server";
import { ErrorSummary, Notice } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/community-exchanges";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "exchanges.title");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user } = await requireCommunity(context, request, params.callId);
  const url = new URL(request.url);
  const theme = url.searchParams.get("theme") || undefined;
  const q = url.searchParams.get("q")?.slice(0, 200) || undefined;
  const eventId = url.searchParams.get("evenement") || undefined;
  return exchangesView(context.services.db, params.callId, user.id, { theme, q, eventId }, context.locale);
}

export async function action({ params, context, request }: Route.ActionArgs): Promise<{ error?: string; notice?: string } | Response> {
  const { user } = await requireCommunity(context, request, params.callId);
  const L = context.locale;
  const read = await readForm(context, request);
  if (!read.form) return { error: read.error };
  const form = read.form;
  const p = parseIntent(form, ExchangeForms, L, { fallback: "thread" });
  if (!p.ok) return { error: Object.values(p.errors)[0] ?? translate(L, "error.badRequest") };
  if (p.intent === "prefs") {
    const { mode } = p.value;
    const r = await attempt(context, () => setNotificationMode(context.services.db, { callId: params.callId, userId: user.id, mode }));
    return r.ok ? { notice: translate(L, "exchanges.prefsSaved") } : { error: r.error };
  }
  const thread = p.value;
  const r = await attempt(context, async () =>
    createThread(context.services.db, context.services.storage, {
      callId: params.callId,
      userId: user.id,
      ...thread,
      files: await filesFrom(form),
      limits: context.services.config.uploadLimits,
      appUrl: context.services.config.appUrl,
    }),
  );
  if (!r.ok) return { error: r.error };
  return redirect(`/communaute/${params.callId}/echanges/${r.value}`);
}

export default function Exchanges() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  // Re-read the filters from the address on every navigation (a saved view opened by its link, issue 9).
  const filterKey = useLocation().search;
  const themeLabel = new Map(d.themes.map((x) => [x.value, x.label]));
  return (
    <div className="page wide">
      <p>
        <Link to={`/communaute/${d.callId}`}>← {t("community.title")}</Link>
      </p>
      <h1>{d.event ? t("exchanges.aboutEvent", { title: d.event.title }) : t("exchanges.title")}</h1>
      {result?.notice ? <Notice kind="success">{result.notice}</Notice> : null}
      {result?.error ? <ErrorSummary title={t("error.title")} errors={[{ message: result.error }]} /> : null}
      <Form method="get" key={filterKey} className="filters" role="search" aria-label={t("exchanges.filters")}>
        <div className="field">
          <label htmlFor="q">{t("exchanges.search")}</label>
          <input id="q" name="q" type="search" defaultValue={d.filters.q} />
        </div>
        <div className="field">
          <label htmlFor="theme-filter">{t("exchanges.theme")}</label>
          <select id="theme-filter" name="theme" defaultValue={d.filters.theme}>
            <option value="">{t("instruction.all")}</option>
            {d.themes.map((x) => (
              <option key={x.value} value={x.value}>
                {x.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("instruction.apply")}
        </button>
      </Form>
      {d.threads.length ? (
        <ul className="card-list">
          {d.threads.map((th) => (
            <li key={th.id} className="card">
              <h2>
                <Link to={`/communaute/${d.callId}/echanges/${th.id}`}>{th.title}</Link>
              </h2>
              <p className="meta">
                {t("exchanges.threadMeta", {
                  theme: themeLabel.get(th.theme) ?? th.theme,
                  author: th.author,
                  posts: th.posts,
                  last: th.last,
                })}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("exchanges.none")}</p>
      )}
      <Form method="post" encType="multipart/form-data" aria-labelledby="new-thread">
        <h2 id="new-thread">{t("exchanges.new")}</h2>
        {d.event ? <input type="hidden" name="eventId" value={d.event.id} /> : null}
        <div className="field">
          <label htmlFor="title">{t("exchanges.threadTitle")}</label>
          <input id="title" name="title" type="text" required maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="theme">{t("exchanges.theme")}</label>
          <select id="theme" name="theme" defaultValue="general">
            {d.themes.map((x) => (
              <option key={x.value} value={x.value}>
                {x.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="body">{t("messages.body")}</label>
          <p className="hint" id="body-hint">
            {t("exchanges.mentionHint")}
          </p>
          <textarea id="body" name="body" rows={6} required aria-describedby="body-hint" />
        </div>
        <div className="field">
          <label htmlFor="files">
            {t("messages.files")} ({t("common.optional")})
          </label>
          <input id="files" name="files" type="file" multiple />
        </div>
        <button type="submit" className="button primary">
          {t("exchanges.start")}
        </button>
      </Form>
      <Form method="post" aria-labelledby="prefs-title">
        <h2 id="prefs-title">{t("exchanges.prefs")}</h2>
        <input type="hidden" name="intent" value="prefs" />
        <fieldset>
          <legend>{t("exchanges.prefsLegend")}</legend>
          {(["immediate", "digest", "none"] as const).map((m) => (
            <div className="choice" key={m}>
              <input type="radio" id={`mode-${m}`} name="mode" value={m} defaultChecked={d.mode === m} />
              <label htmlFor={`mode-${m}`}>{t(`exchanges.mode.${m}` as "exchanges.mode.immediate")}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit" className="button">
          {t("common.save")}
        </button>
      </Form>
    </div>
  );
}
