// Autosave: one request per pause in typing, per person — the hottest path of a call (issue 11). One
// command for the whole request: the rate limit, the membership, the form's reading of the posted values,
// and the save with its conflict detection (saveAnswers).
//
// On PostgreSQL, the usual autosave (one answer, from the version the person had, on a dossier this
// process has seen in the last minutes) is ONE statement: it counts the attempt under the limit, checks
// again everything known of the dossier from before (membership, form version, an editable state, the
// deadline) and saves — one round trip instead of four. On SQLite the same checks and writes run at once
// in one transaction, without a promise between its statements (saveNow), when the connection is free.
// Anything else, or any check that fails, takes the general path, which says precisely what is wrong.
import type { Kdb } from "../../db/database.server";
import { isPostgres } from "../../db/database.server";
import { changesFromForm, type FormLike } from "../../forms/read-form.server";
import { findField } from "../../forms/definition";
import { dossierLimit } from "../../forms/limits";
import type { Locale } from "../../i18n/i18n";
import { DomainError } from "../../lib/errors";
import { LIMITS } from "../../security/limits";
import { takeWindow, type Verdict } from "../../security/throttle.server";
import { deadlineFor, findCallById, formDefinition } from "../calls/calls.server";
import { phaseAt } from "../review/phases";
import {
  assertFieldLimits,
  saveAnswers,
  saveAnswersWithin,
  saveInOneStatement,
  saveNow,
  type AnswerChange,
  type OneSaveInput,
  type DossierRow,
  type SaveResult,
} from "./dossiers.server";
import { dossierForMember } from "../access/policy.server";

/** Answers one request may change: a page's section at most. */
const MAX_CHANGES = 200;

/**
 * Dossiers this process has opened for a person recently: their form version, call and organisation,
 * which the one-statement save checks again. Only a shortcut: a missing or stale entry means the general
 * path, never a wrong save.
 */
const known = new Map<string, { dossier: DossierRow; at: number }>();
const KNOWN_MS = 5 * 60_000;
const KNOWN_MAX = 20_000;

function limited(verdict: Verdict): never {
  const seconds = verdict.ok ? 1 : Math.ceil(verdict.retryAfterMs / 1000);
  throw new DomainError("limit.autosave", 429, { retryAfterSeconds: seconds });
}

function readChanges(def: Parameters<typeof changesFromForm>[0], form: FormLike): AnswerChange[] {
  const changes = changesFromForm(def, form);
  if (changes.length === 0 || changes.length > MAX_CHANGES) throw new DomainError("error.badRequest", 400);
  return changes;
}

export async function autosave(
  db: Kdb,
  input: { userId: string; dossierId: string; form: FormLike; locale: Locale; now?: Date },
): Promise<SaveResult[]> {
  const now = input.now ?? new Date();
  const limit = { key: `autosaveByAccount:${input.userId}`, rule: LIMITS.autosaveByAccount };
  const knownKey = `${input.userId}:${input.dossierId}`;
  const hit = known.get(knownKey);
  if (hit && now.getTime() - hit.at < KNOWN_MS) {
    const dossier = hit.dossier;
    const def = await formDefinition(db, dossier.form_version_id);
    const changes = readChanges(def, input.form);
    const change = changes[0];
    const call = await findCallById(db, dossier.call_id);
    // A phase that freezes dossiers takes the general path, which says so.
    if (
      call &&
      changes.length === 1 &&
      change.baseVersion > 0 &&
      findField(def, change.key)?.type !== "files" &&
      phaseAt(call.content.phases, now).rights.applicantsEdit
    ) {
      const added = assertFieldLimits(def, changes, input.locale);
      const max = dossierLimit(def);
      const beforeDeadline = now < (await deadlineFor(db, call, dossier.organization_id));
      const save: OneSaveInput = {
        dossierId: dossier.id,
        userId: input.userId,
        change,
        added,
        max,
        now,
        expect: { formVersionId: dossier.form_version_id, beforeDeadline },
        limit,
      };
      const one = isPostgres(db) ? await saveInOneStatement(db, save) : saveNow(db, save);
      // SQLite's connection or write lock taken: nothing was done; the usual transaction waits its turn.
      if (!one) return inOneTransaction();
      if (!one.verdict.ok) limited(one.verdict);
      if (one.saved) return [{ key: change.key, status: "saved", version: one.saved }];
      if (one.fits && one.tooLarge) throw new DomainError("answer.dossierFull", 413, { max });
      // A conflict, nothing changed, or the dossier moved on: the general path tells which, counted once.
      if (!one.fits) known.delete(knownKey);
      return generalPath(false);
    }
  }
  if (!isPostgres(db)) return inOneTransaction();
  return generalPath(true);

  /**
   * SQLite: the rate limit, the membership and the save in one transaction — one commit (a write to the
   * journal) instead of two. A refusal is returned out of the transaction, so that the attempt stays
   * counted (a refused probe of someone else's dossier counts like any other), then thrown.
   */
  async function inOneTransaction(): Promise<SaveResult[]> {
    type Outcome = { verdict: Verdict } | { refused: DomainError } | { results: SaveResult[] };
    const outcome = await db.transaction().execute(async (trx): Promise<Outcome> => {
      const verdict = await takeWindow(trx, limit.key, limit.rule, now.getTime());
      if (!verdict.ok) return { verdict };
      try {
        return { results: await memberSave(trx, saveAnswersWithin) };
      } catch (e) {
        if (e instanceof DomainError) return { refused: e };
        throw e;
      }
    });
    if ("verdict" in outcome) limited(outcome.verdict);
    if ("refused" in outcome) throw outcome.refused;
    return outcome.results;
  }

  async function generalPath(count: boolean): Promise<SaveResult[]> {
    if (count) {
      const verdict = await takeWindow(db, limit.key, limit.rule, now.getTime());
      if (!verdict.ok) limited(verdict);
    }
    return memberSave(db, saveAnswers);
  }

  /** The person's dossier (a member's only), the posted values read by its form, saved by `save`. */
  async function memberSave(q: Kdb, save: typeof saveAnswers): Promise<SaveResult[]> {
    const dossier = await dossierForMember(q, input.userId, input.dossierId);
    if (known.size >= KNOWN_MAX) known.clear();
    known.set(knownKey, { dossier, at: now.getTime() });
    const def = await formDefinition(q, dossier.form_version_id);
    return save(q, { dossier, userId: input.userId, changes: readChanges(def, input.form), now, locale: input.locale });
  }
}
