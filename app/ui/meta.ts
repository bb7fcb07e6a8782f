import type { MessageKey } from "../i18n/i18n";

interface MatchLike {
  id?: string;
  data?: unknown;
}

/** A page title in the person's language, from the dictionary the root loader sent. */
export function pageTitle(matches: readonly (MatchLike | undefined)[], key: MessageKey, vars: Record<string, string> = {}) {
  const root = matches.find((m) => m?.id === "root")?.data as { messages?: Record<string, string> } | undefined;
  const text = (root?.messages?.[key] ?? key).replace(/\{(\w+)\}/g, (_, n: string) => vars[n] ?? "");
  return [{ title: `${text} — Trame` }];
}
