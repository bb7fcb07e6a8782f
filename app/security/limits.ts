// Every limit on attempts, in one table: what is counted, per what, and how much (ADR 015).
// Keys are "<rule>:<address or account>". Addresses are those of clientAddress (trusted proxies only).
import type { BackoffRule, WindowRule } from "./throttle.server";

const MIN = 60_000;

export const LIMITS = {
  /** Failed sign-ins from one address: an office behind one NAT still signs in. */
  signInFailuresByAddress: { kind: "backoff", free: 20, windowMs: 15 * MIN, baseMs: 1000, maxMs: 60_000 },
  /** Failed sign-ins on one account: slows guessing from any number of addresses, never locks out. */
  signInFailuresByAccount: { kind: "backoff", free: 5, windowMs: 15 * MIN, baseMs: 2000, maxMs: 30_000 },
  /** Every sign-in attempt from one address (each costs ~150 ms of scrypt). */
  signInByAddress: { kind: "window", max: 60, windowMs: MIN },
  /** Sign-ups from one address, and verification e-mails to one address. */
  signUpByAddress: { kind: "window", max: 10, windowMs: 10 * MIN },
  mailsToAddress: { kind: "window", max: 3, windowMs: 60 * MIN },
  /** Magic links and password resets asked from one address. */
  linksByAddress: { kind: "window", max: 10, windowMs: 10 * MIN },
  /** Verification e-mail sent again on a sign-in attempt of an unconfirmed account. */
  verificationResend: { kind: "window", max: 1, windowMs: 10 * MIN },
  /** Invitations sent by one account (organisation colleagues, call team). */
  invitationsByAccount: { kind: "window", max: 30, windowMs: 60 * MIN },
  /** Invitation pages and better-auth's link callbacks from one address (token guessing). */
  linkPagesByAddress: { kind: "window", max: 60, windowMs: 10 * MIN },
  /** Uploads by one account and from one address. */
  uploadsByAccount: { kind: "window", max: 30, windowMs: 10 * MIN },
  uploadsByAddress: { kind: "window", max: 120, windowMs: 10 * MIN },
  /** Autosaves by one account: a person typing in two tabs saves well under one a second (the benchmark raises it). */
  autosaveByAccount: { kind: "window", max: Number(process.env.TRAME_AUTOSAVE_PER_MINUTE) || 180, windowMs: MIN },
  /** Door codes typed by one account (attendance): a few mistypes, never a guessing run. */
  checkInByAccount: { kind: "window", max: 10, windowMs: 10 * MIN },
  /** Requests of one API token: a synchronisation of tens of thousands of dossiers pages through at 50 a request. */
  apiByToken: { kind: "window", max: Number(process.env.TRAME_API_PER_MINUTE) || 600, windowMs: MIN },
  /** Unknown, revoked or expired API tokens presented from one address (guessing): slowed, never locked out. */
  apiAuthFailuresByAddress: { kind: "backoff", free: 20, windowMs: 15 * MIN, baseMs: 1000, maxMs: 60_000 },
  /** Two-factor codes tried from one address (better-auth also caps failures per account). */
  twoFactorByAddress: { kind: "backoff", free: 5, windowMs: 15 * MIN, baseMs: 2000, maxMs: 60_000 },
} as const satisfies Record<string, WindowRule | BackoffRule>;
