import { Form, Link, useActionData, useLoaderData } from "react-router";
import { checkIn, setEventFollowUp } from "../domain/community/event-follow-up.server";
import { cancelEvent, register, saveReport, setAttendance, unregister, updateEvent } from "../domain/community/events.server";
import { EventForms } from "../domain/community/inputs.server";
import { eventView } from "../domain/community/views.server";
import { parseIntent } from "../http/parse-form.server";
import { t as translate } from "../i18n/i18n";
import { eventInputFrom, requireCommunity } from "../lib/community-route.server";
import { attempt, notFound, orNotFound } from "../lib/route-helpers.server";
import { EventFields } from "../ui/event-fields";
import { ErrorSummary, Notice } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/community-event";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "events.page");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user } = await requireCommunity(context, request, params.callId);
  return orNotFound(context, eventView(context.services.db, params.callId, params.eventId, user, context.locale));
}

export async function action({ params, context, request }: Route.ActionArgs): Promise<{ error?: string; notice?: string } | Response> {
  const { user } = await requireCommunity(context, request, params.callId);
  const db = context.services.db;
  const L = context.locale;
  const appUrl = context.services.config.appUrl;
  const form = await request.formData();
  const p = parseIntent(form, EventForms, L);
  const eventId = params.eventId;
  const run = async (fn: () => Promise<unknown>, notice: Parameters<typeof translate>[1]) => {
    const r = await attempt(context, fn);
    if (!r.ok && r.status === 404) notFound(context);
    return r.ok
      ? {
          notice: translate(L, notice, {
            status: typeof r.value === "string" ? translate(L, `events.status.${r.value}` as "events.status.registered") : "",
          }),
        }
      : { error: r.error };
  };
  if (!p.ok) return { error: translate(L, "error.badRequest") };
  if (p.intent === "register") return run(() => register(db, { eventId, userId: user.id, appUrl }), "events.registeredNotice");
  if (p.intent === "unregister") return run(() => unregister(db, { eventId, userId: user.id, appUrl }), "events.unregistered");
  if (p.intent === "attendance") {
    const { present } = p.value;
    return run(() => setAttendance(db, { eventId, actorId: user.id, present }), "events.attendanceSaved");
  }
  if (p.intent === "report") {
    const { report } = p.value;
    return run(() => saveReport(db, { eventId, userId: user.id, report }), "events.reportSaved");
  }
  if (p.intent === "follow-up") {
    const v = p.value;
    return run(
      () =>
        setEventFollowUp(db, {
          eventId,
          actorId: user.id,
          reminderHours: v.reminderHours,
          reminderText: v.reminderText,
          captureDue: v.captureDue,
        }),
      "events.followUpSaved",
    );
  }
  if (p.intent === "check-in") return run(() => checkIn(db, { eventId, userId: user.id, code: p.value.code }), "events.checkedIn");
  if (p.intent === "update")
    return run(() => updateEvent(db, { ...eventInputFrom(form), eventId, actorId: user.id, appUrl }), "events.updated");
  return run(() => cancelEvent(db, { eventId, actorId: user.id, appUrl }), "events.cancelledNotice");
}

export default function CommunityEvent() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const e = d.event;
  return (
    <div className="page">
      <p>
        <Link to={`/communaute/${d.callId}`}>← {t("community.title")}</Link>
      </p>
      <h1>{e.title}</h1>
      <p className="meta">
        {t(e.kind === "visit" ? "events.kind.visit" : "events.kind.meeting")}
        {e.status === "cancelled" ? ` — ${t("events.cancelled")}` : ""}
      </p>
      {result?.notice ? <Notice kind="success">{result.notice}</Notice> : null}
      {result?.error ? <ErrorSummary title={t("error.title")} errors={[{ message: result.error }]} /> : null}
      <dl className="answers">
        <dt>{t("events.when")}</dt>
        <dd>{e.when}</dd>
        <dt>{t("events.address")}</dt>
        <dd>{e.address}</dd>
        {e.host ? (
          <>
            <dt>{t("events.host")}</dt>
            <dd>{e.host}</dd>
          </>
        ) : null}
        <dt>{t("events.programme")}</dt>
        <dd>{e.programme || "—"}</dd>
        <dt>{t("events.places")}</dt>
        <dd>{t("events.placesLeft", { registered: d.registered, capacity: e.capacity, waitlisted: d.waitlisted })}</dd>
      </dl>
      <ul className="inline-links">
        <li>
          <a href={`/communaute/${d.callId}/evenements/${e.id}/invitation.ics`}>{t("events.ics")}</a>
        </li>
        <li>
          <Link to={`/communaute/${d.callId}/echanges?evenement=${e.id}`}>{t("events.discussion")}</Link>
        </li>
      </ul>
      {d.checkIn ? (
        d.checkedIn ? (
          <p className="notice notice-success">{t("events.checkedInAlready")}</p>
        ) : (
          <Form method="post" aria-labelledby="checkin-title" className="card">
            <h2 id="checkin-title">{t("events.checkInTitle")}</h2>
            <input type="hidden" name="intent" value="check-in" />
            <div className="field">
              <label htmlFor="code">{t("events.checkInCode")}</label>
              <input id="code" name="code" type="text" inputMode="numeric" autoComplete="off" maxLength={12} required />
            </div>
            <button type="submit" className="button primary">
              {t("events.checkIn")}
            </button>
          </Form>
        )
      ) : null}
      {d.code ? (
        <section aria-labelledby="door-title" className="card">
          <h2 id="door-title">{t("events.doorCodeTitle")}</h2>
          <p>{t("events.doorCodeIntro")}</p>
          <p className="door-code" aria-label={t("events.doorCodeLabel", { code: d.code.split("").join(" ") })}>
            {d.code}
          </p>
        </section>
      ) : null}
      {d.capture ? (
        <section aria-labelledby="capture-title">
          <h2 id="capture-title">{t("capture.title")}</h2>
          <p>{d.capture.complete ? t("capture.complete") : t("capture.due", { date: d.capture.due })}</p>
          <ul>
            <li>{d.capture.report ? t("capture.reportDone") : t("capture.reportMissing")}</li>
            {d.capture.organisations.map((o) => (
              <li key={o.id}>{t(o.sheet ? "capture.sheetDone" : "capture.sheetMissing", { name: o.name })}</li>
            ))}
          </ul>
          <p>
            <Link to={`/communaute/${d.callId}/capitalisation`}>{t("capture.writeSheet")}</Link>
          </p>
        </section>
      ) : null}
      {d.role === "member" && e.status === "published" && !e.past ? (
        d.mine ? (
          <Form method="post">
            <p>{t(d.mine === "registered" ? "events.youAreRegistered" : "events.youAreWaitlisted")}</p>
            <input type="hidden" name="intent" value="unregister" />
            <button type="submit" className="button">
              {t("events.unregister")}
            </button>
          </Form>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="register" />
            <button type="submit" className="button primary">
              {d.registered >= e.capacity ? t("events.joinWaitlist") : t("events.register")}
            </button>
          </Form>
        )
      ) : null}
      <section aria-labelledby="report-title">
        <h2 id="report-title">{t(e.kind === "visit" ? "events.report" : "events.minutes")}</h2>
        {e.report ? (
          <>
            <p className="meta">{t("events.reportAt", { date: e.reportAt ?? "" })}</p>
            <div className="message-body">{e.report}</div>
          </>
        ) : (
          <p>{t("events.noReport")}</p>
        )}
        {d.canReport ? (
          <Form method="post">
            <input type="hidden" name="intent" value="report" />
            <div className="field">
              <label htmlFor="report">{t("events.writeReport")}</label>
              <textarea id="report" name="report" rows={8} defaultValue={e.report ?? ""} />
            </div>
            <button type="submit" className="button">
              {t("events.saveReport")}
            </button>
          </Form>
        ) : null}
      </section>
      {d.role === "organiser" ? (
        <>
          <section aria-labelledby="people-title">
            <h2 id="people-title">{t("events.people", { n: d.people.length })}</h2>
            {d.people.length ? (
              <Form method="post">
                <input type="hidden" name="intent" value="attendance" />
                <fieldset>
                  <legend>{t("events.attendance")}</legend>
                  {d.people.map((p) =>
                    p.status === "registered" ? (
                      <div className="choice" key={p.id}>
                        <input type="checkbox" id={`present-${p.id}`} name="present" value={p.id} defaultChecked={p.attended === 1} />
                        <label htmlFor={`present-${p.id}`}>
                          {p.name} ({p.organisation})
                        </label>
                      </div>
                    ) : (
                      <p key={p.id}>
                        {p.name} ({p.organisation}) — {t("events.status.waitlisted")}
                      </p>
                    ),
                  )}
                </fieldset>
                <button type="submit" className="button">
                  {t("events.saveAttendance")}
                </button>
              </Form>
            ) : (
              <p>{t("events.nobody")}</p>
            )}
          </section>
          {e.status !== "cancelled" ? (
            <>
              <section aria-labelledby="follow-title">
                <h2 id="follow-title">{t("events.followUp")}</h2>
                <Form method="post">
                  <input type="hidden" name="intent" value="follow-up" />
                  <div className="field">
                    <label htmlFor="reminderHours">{t("events.reminderHours")}</label>
                    <p className="hint" id="reminderHours-hint">
                      {t("events.reminderHoursHint", { hours: d.followUp.defaultHours })}
                    </p>
                    <input
                      id="reminderHours"
                      name="reminderHours"
                      type="number"
                      min={1}
                      max={336}
                      aria-describedby="reminderHours-hint"
                      defaultValue={d.followUp.reminderHours}
                    />
                  </div>
                  <div className="field">
                    <label htmlFor="reminderText">{t("events.reminderText")}</label>
                    <textarea id="reminderText" name="reminderText" rows={3} maxLength={2000} defaultValue={d.followUp.reminderText} />
                  </div>
                  {e.kind === "visit" ? (
                    <div className="field">
                      <label htmlFor="captureDue">{t("events.captureDue")}</label>
                      <p className="hint" id="captureDue-hint">
                        {t("events.captureDueHint")}
                      </p>
                      <input
                        id="captureDue"
                        name="captureDue"
                        type="date"
                        aria-describedby="captureDue-hint"
                        defaultValue={d.followUp.captureDue}
                      />
                    </div>
                  ) : null}
                  <button type="submit" className="button">
                    {t("common.save")}
                  </button>
                </Form>
              </section>
              <section aria-labelledby="edit-title">
                <h2 id="edit-title">{t("events.edit")}</h2>
                <Form method="post">
                  <input type="hidden" name="intent" value="update" />
                  <EventFields defaults={d.defaults} hosts={d.hosts} />
                  <button type="submit" className="button">
                    {t("events.saveChanges")}
                  </button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="intent" value="cancel" />
                  <button type="submit" className="button">
                    {t("events.cancel")}
                  </button>
                </Form>
              </section>
            </>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
