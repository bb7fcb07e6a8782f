import type { Kdb } from "../../db/database.server";
import { findField, localized } from "../../forms/definition";
import { fieldText } from "../../forms/field-types.server";
import type { Locale } from "../../i18n/i18n";
import { formatParisDateTime } from "../../lib/paris-time";
import { findCallBySlug, formDefinition, isOpen } from "../calls/calls.server";
import { organisationsOf } from "../organisations/organisations.server";
import type { DossierRow } from "./dossiers.server";
import { answerHistory } from "./dossiers.server";

/** The « apply » page of a published call: its title, whether it is open, and the organisations the person may apply for (null: no such call). */
export async function applyView(db: Kdb, slug: string, userId: string, L: Locale) {
  const call = await findCallBySlug(db, slug);
  if (!call || call.status !== "published") return null;
  const orgs = await organisationsOf(db, userId);
  return { title: localized(call.content.title, L), orgs, open: isOpen(call) };
}

/** The dossier's history of answers: who changed which question, when, from what to what. */
export async function historyView(db: Kdb, dossier: DossierRow, L: Locale) {
  const def = await formDefinition(db, dossier.form_version_id);
  const rows = await answerHistory(db, dossier.id);
  return {
    id: dossier.id,
    rows: rows.map((r) => {
      const field = findField(def, r.field_key);
      return {
        label: field ? localized(field.label, L) : r.field_key,
        version: r.version,
        at: formatParisDateTime(r.saved_at, L),
        by: r.saved_by_name ?? "",
        text: field ? fieldText(field, r.value, L) : JSON.stringify(r.value),
      };
    }),
  };
}
