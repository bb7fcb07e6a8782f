// Account actions for our server-rendered forms (they work without JavaScript): each one calls
// better-auth's API on the server and hands back the cookies it sets. Our own rate limits apply,
// since server-side calls bypass better-auth's HTTP limiter.
import { APIError } from "better-auth/api";
import type { Auth } from "./auth.server";
import { t, type MessageKey, type Locale } from "../i18n/i18n";
import type { Kdb } from "../db/database.server";
import { enqueue } from "../jobs/queue.server";
import { createRateLimiter } from "../lib/rate-limit";
import { forgetSession } from "./session.server";

type Outcome = { ok: true; setCookies: string[] } | { ok: false; error: MessageKey };

const perMinute = createRateLimiter(60_000);
/** At most `max` attempts per key per minute (login, sign-up, links by e-mail). */
export function allowAttempt(key: string, max: number, now = Date.now()): boolean {
  return perMinute.take(key, max, now);
}

function cookiesOf(headers: Headers | undefined): string[] {
  if (!headers) return [];
  const all = (headers as Headers & { getSetCookie?: () => string[] }).getSetCookie?.();
  return all && all.length ? all : headers.get("set-cookie") ? [headers.get("set-cookie") as string] : [];
}

function codeOf(e: unknown): string {
  if (e instanceof APIError) return String((e.body as { code?: string } | undefined)?.code ?? e.status);
  return "";
}

/**
 * Signing up with an address that already has an account answers exactly like a new sign-up (nobody
 * learns which addresses are registered); the owner of the address gets an e-mail saying so instead.
 */
export async function signUp(
  auth: Auth,
  db: Kdb,
  input: { name: string; email: string; password: string; locale: Locale; headers: Headers; appUrl: string; callbackURL?: string },
): Promise<Outcome> {
  if (input.password.length < 10) return { ok: false, error: "auth.signUp.weak" };
  const existing = await db.selectFrom("user").select(["name", "locale"]).where("email", "=", input.email).executeTakeFirst();
  if (existing) {
    const L: Locale = existing.locale === "en" ? "en" : "fr";
    await enqueue(db, "send-mail", {
      to: input.email,
      subject: t(L, "mail.exists.subject"),
      text: t(L, "mail.exists.body", { name: existing.name, signIn: `${input.appUrl}/connexion`, reset: `${input.appUrl}/mot-de-passe-oublie` }),
    });
    return { ok: true, setCookies: [] };
  }
  try {
    await auth.api.signUpEmail({
      body: { name: input.name, email: input.email, password: input.password, locale: input.locale, callbackURL: input.callbackURL ?? "/espace" },
      headers: input.headers,
    });
    return { ok: true, setCookies: [] };
  } catch (e) {
    const code = codeOf(e);
    if (code.includes("ALREADY_EXISTS")) return { ok: false, error: "auth.signUp.exists" };
    if (code.includes("PASSWORD")) return { ok: false, error: "auth.signUp.weak" };
    throw e;
  }
}

export async function signIn(auth: Auth, input: { email: string; password: string; headers: Headers }): Promise<Outcome> {
  try {
    const { headers } = await auth.api.signInEmail({
      body: { email: input.email, password: input.password, callbackURL: "/espace" },
      headers: input.headers,
      returnHeaders: true,
    });
    return { ok: true, setCookies: cookiesOf(headers) };
  } catch (e) {
    const code = codeOf(e);
    if (code === "EMAIL_NOT_VERIFIED") {
      const user = await auth.api.sendVerificationEmail({ body: { email: input.email, callbackURL: "/espace" } }).catch(() => null);
      void user;
      return { ok: false, error: "auth.signIn.unverified" };
    }
    if (e instanceof APIError && (e.status === "UNAUTHORIZED" || e.status === "BAD_REQUEST" || e.status === "FORBIDDEN")) return { ok: false, error: "auth.signIn.failed" };
    throw e;
  }
}

export async function sendMagicLink(auth: Auth, input: { email: string; headers: Headers }): Promise<void> {
  // The same answer whether or not the account exists: nothing to learn from it.
  await auth.api.signInMagicLink({ body: { email: input.email, callbackURL: "/espace" }, headers: input.headers }).catch(() => undefined);
}

export async function requestPasswordReset(auth: Auth, input: { email: string }): Promise<void> {
  await auth.api.requestPasswordReset({ body: { email: input.email, redirectTo: "/nouveau-mot-de-passe" } }).catch(() => undefined);
}

export async function resetPassword(auth: Auth, input: { token: string; password: string }): Promise<Outcome> {
  if (input.password.length < 10) return { ok: false, error: "auth.signUp.weak" };
  try {
    await auth.api.resetPassword({ body: { newPassword: input.password, token: input.token } });
    return { ok: true, setCookies: [] };
  } catch {
    return { ok: false, error: "auth.newPassword.invalid" };
  }
}

export async function signOut(auth: Auth, headers: Headers): Promise<string[]> {
  forgetSession(headers.get("cookie"));
  try {
    const res = await auth.api.signOut({ headers, returnHeaders: true });
    return cookiesOf(res.headers);
  } catch {
    return [];
  }
}

export function redirectWithCookies(location: string, cookies: string[]): Response {
  const headers = new Headers({ Location: location });
  for (const c of cookies) headers.append("Set-Cookie", c);
  return new Response(null, { status: 303, headers });
}
