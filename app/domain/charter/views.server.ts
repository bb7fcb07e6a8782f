import type { SessionUser } from "../../auth/session.server";
import type { Kdb } from "../../db/database.server";
import type { Locale } from "../../i18n/i18n";
import { formatParisDate, formatParisDateTime, parisToday } from "../../lib/paris-time";
import { recordAccess } from "../../security/access-log.server";
import { charterPartners, charterStatusFor, communityFiles, currentCharter, declinableOrganisations, partnerQueue } from "./charter.server";

/** The charter as organisers manage it: the current text, the community's files and the charter partners. */
export async function adminCharterView(db: Kdb, L: Locale) {
  const text = await currentCharter(db);
  return {
    text: { version: text.version, title: text.title, body: text.body, placeholder: text.placeholder === 1 },
    files: (await communityFiles(db)).map((f) => ({ ...f, at: formatParisDateTime(f.uploaded_at, L) })),
    partners: await charterPartners(db),
  };
}

/** The charter partner's queue of signatures to check (its reading is logged); NotFound for anyone who is not a partner. */
export async function partnerView(db: Kdb, user: SessionUser, L: Locale) {
  const rows = await partnerQueue(db, user.id);
  await recordAccess(db, { actorId: user.id, role: user.role, action: "charter", detail: `${rows.length} signatures` });
  return {
    today: parisToday(),
    files: (await communityFiles(db)).length,
    rows: rows.map((s) => ({
      id: s.id,
      organisation: s.organisation_name,
      territory: s.territory ?? "—",
      by: `${s.signatory_name}, ${s.signatory_role}`,
      at: formatParisDateTime(s.signed_at, L),
      committee: s.committee_informed_on ? formatParisDate(s.committee_informed_on, L) : null,
      kit: s.kit_sent_at ? formatParisDate(s.kit_sent_at, L) : null,
      logo: s.logo_authorised_at ? formatParisDate(s.logo_authorised_at, L) : null,
    })),
  };
}

/** The charter page: the current text and, for a signed-in person, each of their organisations' signing (version, kit, files) and what they may still decline. */
export async function charterView(db: Kdb, user: SessionUser | null, L: Locale) {
  const text = await currentCharter(db);
  const orgs = user ? await charterStatusFor(db, user.id) : [];
  const sigs = orgs.filter((o) => o.signatureId).map((o) => o.signatureId!);
  const signatures = sigs.length ? await db.selectFrom("charter_signature").selectAll().where("id", "in", sigs).execute() : [];
  const files = signatures.some((s) => s.kit_sent_at) ? await communityFiles(db) : [];
  return {
    text: { version: text.version, title: text.title, body: text.body, placeholder: text.placeholder === 1 },
    signedIn: Boolean(user),
    declinable: user ? [...(await declinableOrganisations(db, user.id))] : [],
    defaultName: user?.name ?? "",
    orgs: orgs.map((o) => {
      const s = signatures.find((x) => x.id === o.signatureId);
      return {
        id: o.organizationId,
        name: o.name,
        signedVersion: o.signedVersion,
        signature: s
          ? {
              id: s.id,
              by: `${s.signatory_name}, ${s.signatory_role}`,
              at: formatParisDateTime(s.signed_at, L),
              sha256: s.sha256,
              committee: s.committee_informed_on ? formatParisDate(s.committee_informed_on, L) : null,
              kit: s.kit_sent_at ? formatParisDate(s.kit_sent_at, L) : null,
              logo: s.logo_authorised_at ? formatParisDate(s.logo_authorised_at, L) : null,
              optIn: s.directory_opt_in === 1,
              description: s.directory_description ?? "",
            }
          : null,
      };
    }),
    files: files.map((f) => ({ id: f.id, name: f.name, kind: f.kind, size: f.size })),
  };
}
