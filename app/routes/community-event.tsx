import { Form, Link, useActionData, useLoaderData } from "react-router";
import { parseIntent } from "../http/parse-form.server";
import { EventForms } from "../domain/community/inputs.server";
import type { Route } from "./+types/community-event";
import {
  cancelEvent,
  eventFor,
  register,
  registrations,
  saveReport,
  setAttendance,
  unregister,
  updateEvent,
} from "../domain/community/events.server";
import { membersOf } from "../domain/community/community.server";
import { captureStatus, checkIn, checkInOpen, doorCode, setEventFollowUp } from "../domain/community/event-follow-up.server";
import { DEFAULT_REMINDER_HOURS } from "../domain/community/events.server";
import { formatParisDate } from "../lib/paris-time";
import { NotFound } from "../lib/errors";
import { formatParisDateTime } from "../lib/paris-time";
import { attempt, notFound } from "../lib/route-helpers.server";
import { eventInputFrom, requireCommunity } from "../lib/community-route.server";
import { t as translate } from "../i18n/i18n";
import { ErrorSummary, Notice } from "../ui/forms";
import { EventFields } from "../ui/event-fields";
import { pageTitle } from "../ui/meta";
import { useT } from "../ui/i18n";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "events.page");

const parisParts = (iso: string) => {
  const f = new Intl.DateTimeFormat("fr-CA", {
    timeZone: "Europe/Paris",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).formatToParts(new Date(iso));
  const get = (k: string) => f.find((p) => p.type === k)?.value ?? "";
  return { date: `${get("year")}-${get("month")}-${get("day")}`, time: `${get("hour")}:${get("minute")}` };
};

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user } = await requireCommunity(context, request, params.callId);
  const db = context.services.db;
  const L = context.locale;
  let found;
  try {
    found = await eventFor(db, { eventId: params.eventId, userId: user.id });
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
  const { event: e, access } = found;
  if (e.call_id !== params.callId) notFound(context);
  const regs = await registrations(db, e.id);
  const mine = regs.find((r) => r.user_id === user.id && r.status !== "cancelled");
  const members = await membersOf(db, e.call_id);
  const host = members.find((m) => m.organizationId === e.host_org_id);
  const start = parisParts(e.starts_at);
  const end = parisParts(e.ends_at);
  const now = Date.now();
  const capture = e.kind === "visit" && new Date(e.ends_at).getTime() < now ? await captureStatus(db, e.id) : null;
  const doorOpen = checkInOpen(e);
  return {
    followUp: {
      reminderHours: e.reminder_hours === null ? "" : String(e.reminder_hours),
      reminderText: e.reminder_text ?? "",
      captureDue: e.capture_due ?? "",
      defaultHours: DEFAULT_REMINDER_HOURS,
    },
    // Shown to the organiser at the door; typed by participants on their phone.
    code:
      access.role === "organiser" && e.status === "published" && doorOpen ? await doorCode(db, { eventId: e.id, actorId: user.id }) : null,
    checkIn: access.role === "member" && doorOpen && mine?.status === "registered" && e.status === "published",
    checkedIn: Boolean(regs.find((r) => r.user_id === user.id)?.attended),
    capture: capture
      ? {
          due: formatParisDate(capture.due, L),
          report: capture.report,
          complete: capture.complete,
          organisations: capture.organisations,
        }
      : null,
    callId: e.call_id,
    role: access.role,
    canReport: access.role === "organiser" || (e.host_org_id !== null && access.organizationIds.includes(e.host_org_id)),
    event: {
      id: e.id,
      kind: e.kind,
      status: e.status,
      title: e.title,
      when: `${formatParisDateTime(e.starts_at, L)} – ${end.time}`,
      address: e.address,
      programme: e.programme,
      capacity: e.capacity,
      host: host?.name ?? null,
      report: e.report,
      reportAt: e.report_at ? formatParisDateTime(e.report_at, L) : null,
      past: new Date(e.starts_at) <= new Date(),
    },
    defaults: {
      kind: e.kind,
      title: e.title,
      date: start.date,
      start: start.time,
      end: end.time,
      address: e.address,
      programme: e.programme,
      capacity: e.capacity,
      host: e.host_org_id,
    },
    hosts: members.map((m) => ({ id: m.organizationId, name: m.name })),
    registered: regs.filter((r) => r.status === "registered").length,
    waitlisted: regs.filter((r) => r.status === "waitlisted").length,
    mine: mine?.status ?? null,
    people:
      access.role === "organiser"
        ? regs
            .filter((r) => r.status !== "cancelled")
            .map((r) => ({ id: r.user_id, name: r.name, organisation: r.organisation, status: r.status, attended: r.attended }))
        : [],
  };
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
