import type { Kdb } from "../../db/database.server";
import type { Locale } from "../../i18n/i18n";
import { formatParisDateTime } from "../../lib/paris-time";
import { charterPartners, communityFiles, currentCharter } from "./charter.server";

/** The charter as organisers manage it: the current text, the community's files and the charter partners. */
export async function adminCharterView(db: Kdb, L: Locale) {
  const text = await currentCharter(db);
  return {
    text: { version: text.version, title: text.title, body: text.body, placeholder: text.placeholder === 1 },
    files: (await communityFiles(db)).map((f) => ({ ...f, at: formatParisDateTime(f.uploaded_at, L) })),
    partners: await charterPartners(db),
  };
}
