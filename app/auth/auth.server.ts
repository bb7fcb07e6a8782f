// Accounts with better-auth: e-mail + password with verification, password reset, magic link. (ADR 003)
// E-mails go through the durable job queue so a slow SMTP server never fails a sign-up.
import { betterAuth } from "better-auth";
import { magicLink, twoFactor } from "better-auth/plugins";
import type { Dialect } from "kysely";
import type { Kdb, DbKind } from "../db/database.server";
import { enqueue } from "../jobs/queue.server";
import { t, isLocale, type Locale } from "../i18n/i18n";
import { CLIENT_ADDRESS_HEADER } from "../security/client-address";

export interface AuthOptions {
  db: Kdb;
  dialect: Dialect;
  kind: DbKind;
  appUrl: string;
  secret: string;
  secureCookies: boolean;
}

const localeOf = (user: { locale?: unknown }): Locale => (isLocale(user.locale) ? user.locale : "fr");

export function authConfig(o: AuthOptions) {
  const mail = (to: string, subject: string, text: string) => enqueue(o.db, "send-mail", { to, subject, text });
  return {
    appName: "Trame",
    baseURL: o.appUrl,
    basePath: "/api/auth",
    secret: o.secret,
    database: { dialect: o.dialect, type: o.kind },
    trustedOrigins: [o.appUrl],
    user: {
      additionalFields: {
        role: { type: "string" as const, required: false, defaultValue: "applicant", input: false },
        locale: { type: "string" as const, required: false, defaultValue: "fr", input: true },
      },
    },
    emailAndPassword: {
      enabled: true,
      requireEmailVerification: true,
      minPasswordLength: 10,
      maxPasswordLength: 128,
      resetPasswordTokenExpiresIn: 3600,
      sendResetPassword: async ({ user, url }: { user: { email: string; name: string; locale?: unknown }; url: string }) => {
        const L = localeOf(user);
        await mail(user.email, t(L, "mail.reset.subject"), t(L, "mail.reset.body", { name: user.name, url }));
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      expiresIn: 60 * 60 * 24 * 3,
      sendVerificationEmail: async ({ user, url }: { user: { email: string; name: string; locale?: unknown }; url: string }) => {
        const L = localeOf(user);
        await mail(user.email, t(L, "mail.verify.subject"), t(L, "mail.verify.body", { name: user.name, url }));
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    advanced: {
      useSecureCookies: o.secureCookies,
      defaultCookieAttributes: { sameSite: "lax" as const, httpOnly: true, secure: o.secureCookies },
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
    },
    // Our own limits (security/limits.ts) cover every path, shared between processes; better-auth's
    // in-memory limiter is off. The client address is the one our server resolved (trusted proxies only).
    rateLimit: { enabled: false },
    plugins: [
      // Two-factor authentication by TOTP (any authenticator app), with backup codes; offered to the call
      // teams and the charter partner, required by a call when its administrator asks (ADR 019).
      twoFactor({ issuer: "Trame", backupCodeOptions: { amount: 10, length: 10 } }),
      magicLink({
        expiresIn: 60 * 15,
        sendMagicLink: async ({ email, url }: { email: string; url: string }) => {
          const row = await o.db.selectFrom("user").select(["locale", "name"]).where("email", "=", email).executeTakeFirst();
          const L = localeOf(row ?? {});
          await mail(email, t(L, "mail.magic.subject"), t(L, "mail.magic.body", { url }));
        },
        disableSignUp: true,
      }),
    ],
  };
}

export function createAuth(o: AuthOptions) {
  return betterAuth(authConfig(o));
}

export type Auth = ReturnType<typeof createAuth>;
