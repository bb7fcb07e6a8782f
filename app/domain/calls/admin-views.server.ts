import type { SessionUser } from "../../auth/session.server";
import type { Kdb } from "../../db/database.server";
import { localized } from "../../forms/definition";
import { DEPARTEMENT_NAMES, REGION_NAMES } from "../../forms/territory-lists";
import type { Locale } from "../../i18n/i18n";
import { t as translate } from "../../i18n/i18n";
import { formatParisDate, formatParisDateTime } from "../../lib/paris-time";
import { accessLog } from "../../security/access-log.server";
import { isPlatformOrganiser } from "../access/policy.server";
import { defaultScheduleDate, letterTemplates, pendingAnswers, scheduledAnswers } from "../decisions/answers.server";
import { PLACEHOLDERS } from "../decisions/letters";
import { exportsOf } from "../exports/exports.server";
import { purgePlan, purgeRecords, retentionSettings } from "../privacy/retention.server";
import { isTwoFactorRequired } from "../privacy/team-security.server";
import { WEBHOOK_EVENTS, deliveriesOf, webhooksOf } from "../webhooks/webhooks.server";
import { featuresOf } from "./call-content";
import type { Call } from "./calls.server";
import { effectiveClosesAt } from "./calls.server";
import { dossiersOfCall } from "./instruction.server";

/** What every organisers' page of a call shows in its header and navigation: the call, its title, whether it has a community tab. */
export function organiserPageHeader(call: Call, L: Locale) {
  return { callId: call.id, hasCommunity: featuresOf(call.content).community, title: localized(call.content.title, L) };
}

/** The call's data page: retention settings, planned and past purges, two-factor requirement and the access log. */
export async function callDataView(db: Kdb, call: Call, user: SessionUser, L: Locale) {
  return {
    ...organiserPageHeader(call, L),
    admin: isPlatformOrganiser(user),
    retention: await retentionSettings(db, call.id),
    planned: (await purgePlan(db, [call.id])).map((p) => ({
      organisation: p.organisation,
      kind: p.kind,
      date: formatParisDate(p.purgeAt, L),
    })),
    done: (await purgeRecords(db, call.id)).map((p) => ({
      organisation: p.organisation_name,
      kind: p.reason,
      date: formatParisDateTime(p.purged_at, L),
    })),
    require2fa: await isTwoFactorRequired(db, call.id),
    log: (await accessLog(db, { callId: call.id }, 300)).map((r) => ({ ...r, at: formatParisDateTime(r.at, L) })),
  };
}

/** The deadlines page: each dossier with its own deadline when extended. */
export async function deadlinesView(db: Kdb, call: Call, L: Locale) {
  const rows = await dossiersOfCall(db, call.id);
  return {
    ...organiserPageHeader(call, L),
    dossiers: rows.map((r) => ({
      id: r.id,
      state: r.state,
      organisationId: r.organization_id,
      organisation: r.organization_name,
      submissions: r.submission_count,
      updated: formatParisDateTime(r.updated_at, L),
      extendedUntil: r.extended_until ? formatParisDateTime(new Date(new Date(r.extended_until).getTime() - 60000), L) : null,
      // Each organisation's deadline now: its extension, or the call's (issue 9).
      currentDeadline: formatParisDateTime(new Date(effectiveClosesAt(call.closesAt, r.extended_until).getTime() - 60000), L),
    })),
  };
}

/** The call's webhooks with their recent deliveries. */
export async function webhooksView(db: Kdb, call: Call, actorId: string, L: Locale) {
  const hooks = await webhooksOf(db, { callId: call.id, actorId });
  return {
    callId: call.id,
    title: localized(call.content.title, L),
    hasCommunity: featuresOf(call.content).community,
    events: [...WEBHOOK_EVENTS],
    webhooks: await Promise.all(
      hooks.map(async (h) => ({
        id: h.id,
        url: h.url,
        events: h.events,
        active: h.active,
        created: formatParisDateTime(h.createdAt, L),
        deliveries: (await deliveriesOf(db, { webhookId: h.id, actorId, limit: 20 })).map((d) => ({
          id: d.id,
          event: d.event,
          state: d.state,
          attempts: Number(d.attempts),
          status: d.last_status === null ? null : Number(d.last_status),
          error: d.last_error,
          at: formatParisDateTime(d.created_at, L),
          lastAttempt: d.last_attempt_at ? formatParisDateTime(d.last_attempt_at, L) : null,
          replay: Boolean(d.replay_of),
        })),
      })),
    ),
  };
}

/** The answers page: decisions waiting to be sent, scheduled and sent answers, the letters' templates. */
export async function answersView(db: Kdb, call: Call, appUrl: string, L: Locale) {
  const pending = await pendingAnswers(db, call.id, appUrl);
  const sent = await db
    .selectFrom("decision_answer")
    .innerJoin("dossier_fact", "dossier_fact.dossier_id", "decision_answer.dossier_id")
    .select([
      "decision_answer.transition_id",
      "decision_answer.dossier_id",
      "decision_answer.decision",
      "decision_answer.sent_at",
      "dossier_fact.name",
    ])
    .where("decision_answer.call_id", "=", call.id)
    .orderBy("decision_answer.sent_at", "desc")
    .execute();
  const schedule = await scheduledAnswers(db, call.id);
  const beforeDeadline = Date.now() < call.closesAt.getTime() ? formatParisDateTime(new Date(call.closesAt.getTime() - 60_000), L) : null;
  return {
    beforeDeadline,
    ...organiserPageHeader(call, L),
    templates: await letterTemplates(db, call.id),
    placeholders: Object.entries(PLACEHOLDERS),
    pending,
    sent: sent.map((s) => ({ ...s, at: formatParisDateTime(s.sent_at, L) })),
    schedule: schedule ? formatParisDateTime(schedule.at, L) : null,
    defaultDate: defaultScheduleDate(call),
  };
}

/** The exports page: the list's filters the export will keep (named in words) and the call's exports with their progress. */
export async function exportsView(db: Kdb, call: Call, query: string, L: Locale) {
  const rows = await exportsOf(db, call.id);
  return {
    // Started from the list: the export is of the dossiers its filters keep.
    query,
    filters: [...new URLSearchParams(query)]
      .map(([k, v]) =>
        k === "etat"
          ? translate(L, `instruction.state.${v}` as "instruction.state.submitted")
          : k === "region"
            ? (REGION_NAMES.get(v) ?? v)
            : k === "departement"
              ? (DEPARTEMENT_NAMES.get(v) ?? v)
              : k === "q"
                ? `« ${v} »`
                : `${k} : ${v}`,
      )
      .join(", "),
    ...organiserPageHeader(call, L),
    exports: rows.map((e) => ({
      id: e.id,
      format: e.format,
      status: e.status,
      done: e.done,
      total: e.total,
      size: e.size,
      by: e.name,
      at: formatParisDateTime(e.created_at, L),
      error: e.error,
      filtered: Boolean(e.query),
    })),
  };
}
