// Who to write to about an organisation: a leaf module (the e-mailing domain modules and the access policy
// import it; it imports none of them).
import type { Kdb } from "../../db/database.server";
import { isLocale, type Locale } from "../../i18n/i18n";

/** Who to write to about an organisation's dossier, each with the language of their account. */
export async function memberEmails(db: Kdb, organizationId: string): Promise<{ email: string; name: string; locale: Locale }[]> {
  const rows = await db
    .selectFrom("membership")
    .innerJoin("user", "user.id", "membership.user_id")
    .select(["user.email", "user.name", "user.locale"])
    .where("membership.organization_id", "=", organizationId)
    .execute();
  return rows.map((r) => ({ email: r.email, name: r.name, locale: isLocale(r.locale) ? r.locale : "fr" }));
}
