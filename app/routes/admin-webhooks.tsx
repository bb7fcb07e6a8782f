// « Webhooks » of a call (issue 13): the organisers register addresses that Trame notifies when a dossier
// is submitted, a decision sent, the charter signed or someone registers for an event; the signing secret
// shown once; each webhook's deliveries logged (attempts, status, error) with a replay; a test event.
// Each intent is parsed with its schema; works without JavaScript.
import { Form, useActionData, useLoaderData } from "react-router";
import { webhooksView } from "../domain/calls/admin-views.server";
import { WebhookForms } from "../domain/webhooks/webhook-inputs.server";
import { createWebhook, deleteWebhook, pingWebhook, replayDelivery, setWebhookActive } from "../domain/webhooks/webhooks.server";
import { parseIntent } from "../http/parse-form.server";
import { t, type MessageKey } from "../i18n/i18n";
import { attempt, requireCallOrganiser } from "../lib/route-helpers.server";
import { ActionButton, SecretOnce } from "../ui/action-button";
import { CallNav } from "../ui/call-nav";
import { ErrorSummary, Notice, SubmitButton, TextInput, summaryOf } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { TableScroll } from "../ui/table-scroll";
import type { Route } from "./+types/admin-webhooks";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "webhooks.title");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user, call } = await requireCallOrganiser(context, request, params.callId);
  return webhooksView(context.services.db, call, user.id, context.locale);
}

type ActionData = {
  error?: string;
  notice?: string;
  errors?: Record<string, string>;
  values?: Record<string, string | string[]>;
  created?: { url: string; secret: string };
};

export async function action({ params, context, request }: Route.ActionArgs): Promise<ActionData> {
  const { user, call } = await requireCallOrganiser(context, request, params.callId);
  const db = context.services.db;
  const L = context.locale;
  const p = parseIntent(await request.formData(), WebhookForms, L);
  if (!p.ok) return p.intent === "create" ? { errors: p.errors, values: p.values } : { error: t(L, "error.notFound") };
  if (p.intent === "create") {
    const { url, events } = p.value;
    const r = await attempt(context, () =>
      createWebhook(db, { callId: call.id, actorId: user.id, url, events, allowPrivate: context.services.config.webhooksAllowPrivate }),
    );
    if (!r.ok) return { errors: { url: r.error }, values: { url, events } };
    return { created: { url: r.value.webhook.url, secret: r.value.secret } };
  }
  if (p.intent === "replay") {
    const deliveryId = p.value.delivery;
    const r = await attempt(context, () => replayDelivery(db, { deliveryId, actorId: user.id }));
    return r.ok ? { notice: t(L, "webhooks.replayed") } : { error: r.error };
  }
  const webhookId = p.value.webhook;
  const done: Record<typeof p.intent, [() => Promise<unknown>, MessageKey]> = {
    ping: [() => pingWebhook(db, { webhookId, actorId: user.id }), "webhooks.pinged"],
    pause: [() => setWebhookActive(db, { webhookId, actorId: user.id, active: false }), "webhooks.paused"],
    resume: [() => setWebhookActive(db, { webhookId, actorId: user.id, active: true }), "webhooks.resumed"],
    delete: [() => deleteWebhook(db, { webhookId, actorId: user.id }), "webhooks.deleted"],
  };
  const [run, notice] = done[p.intent];
  const r = await attempt(context, run);
  return r.ok ? { notice: t(L, notice) } : { error: r.error };
}

export default function AdminWebhooks() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<ActionData>();
  const { t } = useT();
  const values = a?.values ?? {};
  const chosen = new Set(Array.isArray(values.events) ? values.events : d.events);
  return (
    <div className="page">
      <h1>{t("webhooks.title")}</h1>
      <p className="meta">{d.title}</p>
      <CallNav callId={d.callId} community={d.hasCommunity} />
      {a?.notice ? <Notice kind="success">{a.notice}</Notice> : null}
      {a?.error ? <ErrorSummary title={t("error.title")} errors={[{ message: a.error }]} /> : null}
      <p>{t("webhooks.intro")}</p>
      <p>
        <a href="/developpeurs/api">{t("tokens.docs")}</a>
      </p>
      {a?.created ? (
        <SecretOnce
          id="new-secret"
          title={t("webhooks.createdTitle")}
          intro={t("webhooks.secretOnce", { url: a.created.url })}
          label={t("webhooks.secret")}
          value={a.created.secret}
        />
      ) : null}

      {d.webhooks.length === 0 ? <p>{t("webhooks.none")}</p> : null}
      {d.webhooks.map((h) => (
        <section key={h.id} aria-labelledby={`hook-${h.id}`} className="card">
          <h2 id={`hook-${h.id}`}>
            <code>{h.url}</code>
          </h2>
          <p>
            {h.active ? t("webhooks.active") : t("webhooks.pausedState")} · {t("webhooks.since", { date: h.created })} ·{" "}
            {h.events.map((e) => t(`webhooks.event.${e.replace(".", "_")}` as MessageKey)).join(", ")}
          </p>
          <Form method="post" className="inline-form">
            <input type="hidden" name="webhook" value={h.id} />
            <button type="submit" className="button" name="intent" value="ping">
              {t("webhooks.ping")}
            </button>{" "}
            <button type="submit" className="button" name="intent" value={h.active ? "pause" : "resume"}>
              {h.active ? t("webhooks.pause") : t("webhooks.resume")}
            </button>{" "}
            <button type="submit" className="button" name="intent" value="delete">
              {t("webhooks.delete")}
            </button>
          </Form>
          <h3>{t("webhooks.deliveries")}</h3>
          {h.deliveries.length === 0 ? (
            <p>{t("webhooks.noDelivery")}</p>
          ) : (
            <TableScroll label={t("webhooks.deliveriesOf", { url: h.url })}>
              <table>
                <caption className="visually-hidden">{t("webhooks.deliveriesOf", { url: h.url })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("webhooks.when")}</th>
                    <th scope="col">{t("webhooks.eventCol")}</th>
                    <th scope="col">{t("webhooks.outcome")}</th>
                    <th scope="col">{t("webhooks.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {h.deliveries.map((x) => (
                    <tr key={x.id}>
                      <td>
                        {x.at}
                        {x.replay ? ` (${t("webhooks.replay")})` : ""}
                      </td>
                      <td>
                        {x.event === "ping" ? t("webhooks.event.ping") : t(`webhooks.event.${x.event.replace(".", "_")}` as MessageKey)}
                      </td>
                      <td>
                        {t(`webhooks.state.${x.state}` as MessageKey)} · {t("webhooks.attempts", { n: x.attempts })}
                        {x.status !== null ? ` · HTTP ${x.status}` : ""}
                        {x.error ? ` · ${x.error}` : ""}
                      </td>
                      <td>
                        <ActionButton
                          intent="replay"
                          fields={{ delivery: x.id }}
                          label={t("webhooks.replayButton")}
                          accessibleName={t("webhooks.replayOf", { when: x.at })}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </section>
      ))}

      <section aria-labelledby="create-title">
        <h2 id="create-title">{t("webhooks.create")}</h2>
        <Form method="post" noValidate>
          <ErrorSummary
            title={t("form.errorSummary")}
            errors={summaryOf(a?.errors, { events: `event-${d.events[0].replace(".", "-")}` })}
          />
          <TextInput
            name="url"
            type="url"
            label={t("webhooks.url")}
            hint={t("webhooks.urlHint")}
            required
            error={a?.errors?.url}
            defaultValue={typeof values.url === "string" ? values.url : ""}
          />
          <fieldset className={a?.errors?.events ? "field field-error" : "field"}>
            <legend>{t("webhooks.events")}</legend>
            {a?.errors?.events ? <p className="error-message">{a.errors.events}</p> : null}
            {d.events.map((e) => (
              <div className="choice" key={e}>
                <input type="checkbox" id={`event-${e.replace(".", "-")}`} name="events" value={e} defaultChecked={chosen.has(e)} />
                <label htmlFor={`event-${e.replace(".", "-")}`}>{t(`webhooks.event.${e.replace(".", "_")}` as MessageKey)}</label>
              </div>
            ))}
          </fieldset>
          <SubmitButton primary name="intent" value="create">
            {t("webhooks.createButton")}
          </SubmitButton>
        </Form>
      </section>
    </div>
  );
}
