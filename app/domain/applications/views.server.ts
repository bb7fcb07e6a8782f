import type { Kdb } from "../../db/database.server";
import { localized } from "../../forms/definition";
import type { Locale } from "../../i18n/i18n";
import { findCallBySlug, isOpen } from "../calls/calls.server";
import { organisationsOf } from "../organisations/organisations.server";

/** The « apply » page of a published call: its title, whether it is open, and the organisations the person may apply for (null: no such call). */
export async function applyView(db: Kdb, slug: string, userId: string, L: Locale) {
  const call = await findCallBySlug(db, slug);
  if (!call || call.status !== "published") return null;
  const orgs = await organisationsOf(db, userId);
  return { title: localized(call.content.title, L), orgs, open: isOpen(call) };
}
