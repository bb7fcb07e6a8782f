// Route glue shared by the studio's pages: who may open them, the call as the studio sees it, and saving a
// change from a posted form with the revision the page showed.
import type { AppLoadContext } from "react-router";
import type { CallProblem, StudioArea } from "../domain/calls/call-checks";
import { RevisionForm } from "../domain/calls/inputs.server";
import { callProblems, saveStudio, studioCall, type Editable, type StudioCall } from "../domain/calls/studio.server";
import { localized } from "../forms/definition";
import { formValues, readIntent } from "../http/parse-form.server";
import { t } from "../i18n/i18n";
import { NotFound } from "./errors";
import { formatParisDateTime } from "./paris-time";
import { attempt, notFound, requireTeamSecurity, requireUser } from "./route-helpers.server";

export async function loadStudio(context: AppLoadContext, request: Request, callId: string) {
  const user = requireUser(context, request);
  const db = context.services.db;
  let call: StudioCall;
  try {
    call = await studioCall(db, callId, user.id);
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
  await requireTeamSecurity(context, user, call.id);
  const problems = await callProblems(db, call);
  return { user, call, problems };
}

/** What every studio page shows at its top: the call, its state, the steps and their problems. */
export function studioHeader(context: AppLoadContext, call: StudioCall, problems: CallProblem[]) {
  const L = context.locale;
  const counts: Partial<Record<StudioArea, number>> = {};
  for (const p of problems) counts[p.area] = (counts[p.area] ?? 0) + 1;
  return {
    id: call.id,
    slug: call.slug,
    title: localized(call.content.title, L) || t(L, "studio.title"),
    status: call.status,
    revision: call.revision,
    counts,
    problems: problems.length,
    lastChange: call.updatedBy ? t(L, "studio.lastChange", { name: call.updatedBy, date: formatParisDateTime(call.updatedAt, L) }) : null,
  };
}

export type StudioHeaderData = ReturnType<typeof studioHeader>;

/**
 * Saves a change from a posted studio form. A conflict (a colleague saved meanwhile) comes back with the
 * message and what the person typed, so the page shows it again instead of losing it.
 */
export async function saveFromForm(
  context: AppLoadContext,
  request: Request,
  callId: string,
  form: FormData,
  change: (e: Editable) => Editable,
  notice: string,
) {
  const user = requireUser(context, request);
  const revision = readRevision(form);
  const typed: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !(k in typed)) typed[k] = v;
  const r = await attempt(context, () => saveStudio(context.services.db, { callId, actorId: user.id, revision, change }));
  if (!r.ok) {
    if (r.status === 404) notFound(context);
    return { error: r.error, typed };
  }
  return { notice, typed: null };
}

/**
 * A studio page of repeated rows (criteria, phases): « add » shows the form again with what was typed and
 * one more row, saving nothing; anything else saves.
 */
export async function saveRowsFromForm(
  context: AppLoadContext,
  request: Request,
  callId: string,
  form: FormData,
  change: (e: Editable) => Editable,
  notice: string,
) {
  if (readIntent(form) === "add") {
    const typed = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
    return { typed, extra: true, error: undefined, notice: undefined };
  }
  return { ...(await saveFromForm(context, request, callId, form, change, notice)), extra: false };
}

/** The revision a studio form was shown at (-1 when missing or malformed: then refused as stale). */
export function readRevision(form: FormData): number {
  const r = RevisionForm.safeParse(formValues(form, RevisionForm));
  return r.success ? r.data.revision : -1;
}
