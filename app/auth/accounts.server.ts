// Account actions for our server-rendered forms (they work without JavaScript): each one calls
// better-auth's API on the server and hands back the cookies it sets. Every attempt goes through the
// shared limits of security/limits.ts, keyed per client address and per account (ADR 015); better-auth's
// own limiter is off and its HTTP endpoints are closed but for the links it e-mails.
import { APIError } from "better-auth/api";
import type { Auth } from "./auth.server";
import { t, type MessageKey, type Locale } from "../i18n/i18n";
import type { Kdb } from "../db/database.server";
import { enqueue } from "../jobs/queue.server";
import { forgetSession } from "./session.server";
import QRCode from "qrcode";
import { LIMITS } from "../security/limits";
import { checkBackoff, forget, recordFailure, takeWindow, type Verdict } from "../security/throttle.server";

export type Refusal = { ok: false; error: MessageKey; vars?: Record<string, string | number> };
type Outcome = { ok: true; setCookies: string[]; twoFactor?: boolean } | Refusal;

/** The first refusal among these verdicts, as a message telling how long to wait. */
export function refusalOf(verdicts: Verdict[], key: MessageKey = "limit.wait"): Refusal | null {
  const no = verdicts.find((v) => !v.ok);
  return no && !no.ok ? { ok: false, error: key, vars: { seconds: Math.ceil(no.retryAfterMs / 1000) } } : null;
}

/** One more attempt of this kind from this address (sign-up, links by e-mail, pending saves…). */
export async function allowFromAddress(
  db: Kdb,
  rule: "signUpByAddress" | "linksByAddress" | "linkPagesByAddress",
  address: string,
): Promise<Refusal | null> {
  return refusalOf([await takeWindow(db, `${rule}:${address}`, LIMITS[rule])]);
}

/** At most a few e-mails to one address per hour, whoever asks. */
export async function allowMailTo(db: Kdb, email: string): Promise<boolean> {
  return (await takeWindow(db, `mailsToAddress:${email}`, LIMITS.mailsToAddress)).ok;
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
  // Whoever asks, an address receives a few e-mails an hour at most (the same for new and known addresses).
  if (!(await allowMailTo(db, input.email))) return { ok: false, error: "limit.signUp" };
  const existing = await db.selectFrom("user").select(["name", "locale"]).where("email", "=", input.email).executeTakeFirst();
  if (existing) {
    const L: Locale = existing.locale === "en" ? "en" : "fr";
    await enqueue(db, "send-mail", {
      to: input.email,
      subject: t(L, "mail.exists.subject"),
      text: t(L, "mail.exists.body", {
        name: existing.name,
        signIn: `${input.appUrl}/connexion`,
        reset: `${input.appUrl}/mot-de-passe-oublie`,
      }),
    });
    return { ok: true, setCookies: [] };
  }
  try {
    await auth.api.signUpEmail({
      body: {
        name: input.name,
        email: input.email,
        password: input.password,
        locale: input.locale,
        callbackURL: input.callbackURL ?? "/espace",
      },
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

/**
 * Signs in with e-mail and password. Failures slow further attempts on the account and from the address
 * (progressive delays, never a lockout); a success forgets the account's failures. An unconfirmed account
 * answers exactly like a wrong password (nobody learns the password was right), and its confirmation
 * e-mail is sent again at most once every ten minutes.
 */
export async function signIn(
  auth: Auth,
  db: Kdb,
  input: { email: string; password: string; headers: Headers; address: string },
): Promise<Outcome> {
  const accountKey = `signInFailuresByAccount:${input.email}`;
  const addressKey = `signInFailuresByAddress:${input.address}`;
  const refused = refusalOf([
    await takeWindow(db, `signInByAddress:${input.address}`, LIMITS.signInByAddress),
    await checkBackoff(db, addressKey),
    await checkBackoff(db, accountKey),
  ]);
  if (refused) return refused;
  const failed = async (): Promise<Outcome> => {
    await recordFailure(db, accountKey, LIMITS.signInFailuresByAccount);
    await recordFailure(db, addressKey, LIMITS.signInFailuresByAddress);
    return { ok: false, error: "auth.signIn.failed" };
  };
  try {
    const { headers, response } = await auth.api.signInEmail({
      body: { email: input.email, password: input.password, callbackURL: "/espace" },
      headers: input.headers,
      returnHeaders: true,
    });
    await forget(db, accountKey);
    // With two-factor authentication on, the password only opens the second step (a short-lived cookie).
    const twoFactor = Boolean((response as { twoFactorRedirect?: boolean } | null)?.twoFactorRedirect);
    return { ok: true, setCookies: cookiesOf(headers), twoFactor };
  } catch (e) {
    const code = codeOf(e);
    if (code === "EMAIL_NOT_VERIFIED") {
      if ((await takeWindow(db, `verificationResend:${input.email}`, LIMITS.verificationResend)).ok) {
        await auth.api.sendVerificationEmail({ body: { email: input.email, callbackURL: "/espace" } }).catch(() => null);
      }
      return failed();
    }
    if (e instanceof APIError && (e.status === "UNAUTHORIZED" || e.status === "BAD_REQUEST" || e.status === "FORBIDDEN")) return failed();
    throw e;
  }
}

export async function sendMagicLink(auth: Auth, db: Kdb, input: { email: string; headers: Headers }): Promise<void> {
  // The same answer whether or not the account exists: nothing to learn from it.
  if (!(await allowMailTo(db, input.email))) return;
  await auth.api.signInMagicLink({ body: { email: input.email, callbackURL: "/espace" }, headers: input.headers }).catch(() => undefined);
}

export async function requestPasswordReset(auth: Auth, db: Kdb, input: { email: string }): Promise<void> {
  if (!(await allowMailTo(db, input.email))) return;
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

export async function signOut(auth: Auth, db: Kdb, headers: Headers): Promise<string[]> {
  await forgetSession(db, headers.get("cookie"));
  try {
    const res = await auth.api.signOut({ headers, returnHeaders: true });
    return cookiesOf(res.headers);
  } catch {
    return [];
  }
}

/**
 * The second step of a sign-in with two-factor authentication: a code from the authenticator app, or one
 * of the backup codes. better-auth checks the pending sign-in's cookie and caps failed attempts per
 * account; our limit per address applies too.
 */
export async function verifySecondFactor(
  auth: Auth,
  db: Kdb,
  input: { code: string; backup: boolean; trustDevice: boolean; headers: Headers; address: string },
): Promise<Outcome> {
  const refused = refusalOf([await checkBackoff(db, `twoFactorByAddress:${input.address}`)]);
  if (refused) return refused;
  const code = input.code.replace(/\s+/g, "");
  try {
    const { headers } = input.backup
      ? await auth.api.verifyBackupCode({ body: { code, trustDevice: input.trustDevice }, headers: input.headers, returnHeaders: true })
      : await auth.api.verifyTOTP({ body: { code, trustDevice: input.trustDevice }, headers: input.headers, returnHeaders: true });
    await forget(db, `twoFactorByAddress:${input.address}`);
    return { ok: true, setCookies: cookiesOf(headers) };
  } catch (e) {
    if (!(e instanceof APIError)) throw e;
    await recordFailure(db, `twoFactorByAddress:${input.address}`, LIMITS.twoFactorByAddress);
    const code = codeOf(e);
    if (code.includes("COOKIE") || code.includes("REQUEST_NEW")) return { ok: false, error: "twoFactor.expired" };
    return { ok: false, error: "twoFactor.invalid" };
  }
}

/**
 * Turning two-factor authentication on, step one: checks the password and returns the secret (as an
 * otpauth:// address, its QR code and the text to type) and ten backup codes, shown once. It is on only
 * once a first code is confirmed (confirmTwoFactor).
 */
export async function startTwoFactor(
  auth: Auth,
  input: { password: string; headers: Headers },
): Promise<{ uri: string; secret: string; backupCodes: string[]; qrSvg: string } | Refusal> {
  try {
    const r = (await auth.api.enableTwoFactor({ body: { password: input.password }, headers: input.headers })) as {
      totpURI: string;
      backupCodes: string[];
    };
    const secret = new URL(r.totpURI).searchParams.get("secret") ?? "";
    const qrSvg = await QRCode.toString(r.totpURI, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
    return { uri: r.totpURI, secret: secret.replace(/(.{4})/g, "$1 ").trim(), backupCodes: r.backupCodes, qrSvg };
  } catch (e) {
    if (e instanceof APIError) return { ok: false, error: "account.wrongPassword2fa" };
    throw e;
  }
}

/** Step two: the first code from the app turns it on (the session is renewed: its cookies come back). */
export async function confirmTwoFactor(auth: Auth, db: Kdb, input: { code: string; headers: Headers }): Promise<Outcome> {
  try {
    const { headers } = await auth.api.verifyTOTP({
      body: { code: input.code.replace(/\s+/g, "") },
      headers: input.headers,
      returnHeaders: true,
    });
    await forgetSession(db, input.headers.get("cookie"));
    return { ok: true, setCookies: cookiesOf(headers) };
  } catch (e) {
    if (e instanceof APIError) return { ok: false, error: "twoFactor.invalid" };
    throw e;
  }
}

export async function disableTwoFactor(auth: Auth, db: Kdb, input: { password: string; headers: Headers }): Promise<Outcome> {
  try {
    const { headers } = await auth.api.disableTwoFactor({
      body: { password: input.password },
      headers: input.headers,
      returnHeaders: true,
    });
    await forgetSession(db, input.headers.get("cookie"));
    return { ok: true, setCookies: cookiesOf(headers) };
  } catch (e) {
    if (e instanceof APIError)
      return { ok: false, error: codeOf(e).includes("SESSION") ? "account.signInAgain" : "account.wrongPassword2fa" };
    throw e;
  }
}

export function redirectWithCookies(location: string, cookies: string[]): Response {
  const headers = new Headers({ Location: location });
  for (const c of cookies) headers.append("Set-Cookie", c);
  return new Response(null, { status: 303, headers });
}
