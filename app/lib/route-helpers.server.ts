import { isPlatformOrganiser } from "../domain/access/policy.server";
// Small helpers shared by route modules: who is signed in, and turning domain errors into responses.
import { data, redirect, type AppLoadContext } from "react-router";
import type { SessionUser } from "../auth/session.server";
import { assertCanSeeDossier, dossierForMember, roleInCall, type CallRole } from "../domain/access/policy.server";
import { type DossierRow } from "../domain/applications/dossiers.server";
import { extendDeadline, findCallById } from "../domain/calls/calls.server";
import { ExtendDeadlineForm } from "../domain/calls/inputs.server";
import { isTwoFactorRequired } from "../domain/privacy/team-security.server";
import { parseForm } from "../http/parse-form.server";
import { t, type MessageKey } from "../i18n/i18n";
import { DomainError, NotFound } from "./errors";
import { formatParisDate } from "./paris-time";

export function requireUser(context: AppLoadContext, request: Request): SessionUser {
  if (!context.user) {
    const url = new URL(request.url);
    throw redirect(`/connexion?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return context.user;
}

/** A platform organiser (administrator); anyone else gets the 404 page, like every refusal (ADR 008). */
export function requireOrganiser(context: AppLoadContext, request: Request): SessionUser {
  const user = requireUser(context, request);
  if (!isPlatformOrganiser(user)) notFound(context);
  return user;
}

/** Runs a domain call; a DomainError becomes { error } with its status, so the page can show it. */
export async function attempt<T>(
  context: AppLoadContext,
  fn: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: string; status: number; key: MessageKey }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, error: t(context.locale, e.messageKey, e.vars), status: e.status, key: e.messageKey };
    throw e;
  }
}

/** Not found (or not yours) as a 404 page. */
export function notFound(context: AppLoadContext): never {
  throw data({ message: t(context.locale, "error.notFound") }, { status: 404 });
}

/** A domain view's answer, or the 404 page when it says the thing does not exist (or is not the asker's). */
export async function orNotFound<T>(context: AppLoadContext, view: Promise<T>): Promise<T> {
  try {
    return await view;
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
}

/**
 * A path on this site to go back to after signing in, or the fallback. Browsers drop tabs and newlines
 * and read « \\ » as « / », so « /\t/evil.example » would leave the site: any control character,
 * backslash or a second leading slash is refused, and the result must resolve to our own origin.
 */
export function safeRedirectTarget(value: unknown, fallback = "/espace"): string {
  if (typeof value !== "string" || value.length > 2000 || !value.startsWith("/")) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f\\]/.test(value) || value.startsWith("//")) return fallback;
  try {
    const base = "http://trame.invalid";
    return new URL(value, base).origin === base ? value : fallback;
  } catch {
    return fallback;
  }
}

/** The signed-in team member who may see this dossier (with the call's second factor when it requires one); anyone else gets the 404 page. */
export async function requireDossierTeam(
  context: AppLoadContext,
  request: Request,
  dossierId: string,
): Promise<{ user: SessionUser; role: CallRole; callId: string }> {
  const user = requireUser(context, request);
  const access = await orNotFound(context, assertCanSeeDossier(context.services.db, user.id, dossierId));
  await requireTeamSecurity(context, user, access.callId);
  return { user, ...access };
}

/** The signed-in person and a dossier of their organisation; anyone else gets the 404 page. */
export async function requireMemberDossier(
  context: AppLoadContext,
  request: Request,
  dossierId: string,
): Promise<{ user: SessionUser; dossier: DossierRow }> {
  const user = requireUser(context, request);
  try {
    return { user, dossier: await dossierForMember(context.services.db, user.id, dossierId) };
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
}

/** The organiser's "extend the deadline" form, shared by the deadlines page and the team's dossier view. */
export async function extendDeadlineFromForm(
  context: AppLoadContext,
  form: FormData,
  input: { callId: string; organizationId?: string; actorId: string },
): Promise<{ error?: string; notice?: string }> {
  const L = context.locale;
  const db = context.services.db;
  const parsed = parseForm(form, ExtendDeadlineForm, L, {
    reason: t(L, "common.labelled", { label: t(L, "admin.extendReason"), value: t(L, "field.required") }),
  });
  if (!parsed.ok) return { error: parsed.errors.until ?? parsed.errors.reason ?? t(L, "form.invalidValue") };
  const { until, reason } = parsed.value;
  const organizationId = input.organizationId ?? parsed.value.organizationId;
  const org = await db
    .selectFrom("dossier")
    .innerJoin("organization", "organization.id", "dossier.organization_id")
    .select("organization.name")
    .where("dossier.call_id", "=", input.callId)
    .where("dossier.organization_id", "=", organizationId)
    .executeTakeFirst();
  if (!org) notFound(context);
  await extendDeadline(db, {
    callId: input.callId,
    organizationId: organizationId,
    untilDate: until,
    grantedBy: input.actorId,
    reason,
  });
  return { notice: t(L, "admin.extended", { organisation: org.name, date: formatParisDate(until, L) }) };
}

/** The signed-in organiser of a call and the call; anyone else gets the 404 page (ids reveal nothing). */
export async function requireCallOrganiser(context: AppLoadContext, request: Request, callId: string) {
  const user = requireUser(context, request);
  const db = context.services.db;
  const call = await findCallById(db, callId);
  if (!call || (await roleInCall(db, user.id, call.id)) !== "organiser") notFound(context);
  await requireTeamSecurity(context, user, call.id);
  return { user, call };
}

/**
 * A call whose administrator requires two-factor authentication for its team: a member without it is
 * sent to « Mon compte » to turn it on, whatever page of the call they asked for.
 */
export async function requireTeamSecurity(context: AppLoadContext, user: SessionUser, callId: string): Promise<void> {
  if (user.twoFactorEnabled) return;
  if (await isTwoFactorRequired(context.services.db, callId))
    throw redirect("/compte?double-authentification=requise#double-authentification");
}
