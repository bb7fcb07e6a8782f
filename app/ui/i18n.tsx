import { useRouteLoaderData } from "react-router";
import type { Locale, MessageKey } from "../i18n/i18n";
import { interpolate } from "../i18n/interpolate";

interface RootData {
  locale: Locale;
  messages: Record<string, string>;
}

/** The translator for components, from the dictionary the root loader sends. */
export function useT() {
  const root = useRouteLoaderData("root") as RootData | undefined;
  const messages = root?.messages ?? {};
  const locale = root?.locale ?? "fr";
  const t = (key: MessageKey, vars?: Record<string, string | number | undefined>) => interpolate(messages[key] ?? key, vars, locale);
  return { t, locale };
}
