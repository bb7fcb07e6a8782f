// What the account pages post, as schemas (issue 13).
import { z } from "zod";
import { checkbox, text, trimmed } from "../http/parse-form.server";

/** An e-mail address as typed: trimmed and lower-cased (an empty one is the page's business). */
export const EmailForm = z.object({ email: trimmed(320).transform((s) => s.toLowerCase()) });

const emailText = trimmed(320).transform((s) => s.toLowerCase());
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const redirectTo = z.string().max(2000).optional();
const password = z.string().max(1000, "form.tooLong").default("");
const ticked = checkbox("on");

/** Creating an account: each field's problem said beside it (the no-JavaScript error summary lists them). */
export const SignUpForm = z.object({
  name: trimmed(200).pipe(z.string().min(2, "field.required")),
  email: emailText.pipe(z.string().regex(EMAIL, "field.email")),
  password: password.pipe(z.string().min(10, "auth.signUp.weak")),
  redirectTo,
});

/** Signing in with a password, or asking for a link by e-mail (« magic »). */
export const SignInForms = {
  password: z.object({ email: emailText, password, redirectTo }),
  magic: z.object({ email: emailText.pipe(z.string().regex(EMAIL, "field.email")) }),
};

/** The second factor: a code from the application, or one of the backup codes. */
export const SecondFactorForms = {
  code: z.object({ code: text(100), trustDevice: ticked, redirectTo }),
  backup: z.object({ backupCode: text(100), trustDevice: ticked, redirectTo }),
};

export const ResetPasswordForm = z.object({ token: text(500), password });
export const LanguageForm = z.object({ lang: z.enum(["fr", "en"]).catch("fr") });

/** « Mon compte »: sessions, two-factor authentication, deleting the account. */
export const AccountForms = {
  endSession: z.object({ sessionId: z.string().max(200).default("") }),
  endOthers: z.object({}),
  start2fa: z.object({ password }),
  confirm2fa: z.object({ code: text(100) }),
  disable2fa: z.object({ password }),
  delete: z.object({ password, confirm: text(20) }),
};
