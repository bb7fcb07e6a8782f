import { t, type Locale, type MessageKey } from "../i18n/i18n";

interface MatchLike {
  id?: string;
  data?: unknown;
}

/**
 * A page title in the person's language. The root loader says the language only; the dictionaries are in
 * the bundle (pages stopped carrying the catalogue, and their titles had become the message keys).
 */
export function pageTitle(matches: readonly (MatchLike | undefined)[], key: MessageKey, vars: Record<string, string> = {}) {
  const root = matches.find((m) => m?.id === "root")?.data as { locale?: Locale } | undefined;
  return [{ title: `${t(root?.locale ?? "fr", key, vars)} — Trame` }];
}
