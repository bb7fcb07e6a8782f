import type { MessageKey } from "../i18n/i18n";
import { interpolate } from "../i18n/interpolate";

interface MatchLike {
  id?: string;
  data?: unknown;
}

/** A page title in the person's language, from the dictionary the root loader sent. */
export function pageTitle(matches: readonly (MatchLike | undefined)[], key: MessageKey, vars: Record<string, string> = {}) {
  const root = matches.find((m) => m?.id === "root")?.data as { messages?: Record<string, string>; locale?: "fr" | "en" } | undefined;
  const text = interpolate(root?.messages?.[key] ?? key, vars, root?.locale ?? "fr");
  return [{ title: `${text} — Trame` }];
}
