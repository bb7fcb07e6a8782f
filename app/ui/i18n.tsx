import { useRouteLoaderData } from "react-router";
import type { Locale, MessageKey } from "../i18n/i18n";

interface RootData {
  locale: Locale;
  messages: Record<string, string>;
}

/** The translator for components, from the dictionary the root loader sends. */
export function useT() {
  const root = useRouteLoaderData("root") as RootData | undefined;
  const messages = root?.messages ?? {};
  const locale = root?.locale ?? "fr";
  const t = (key: MessageKey, vars?: Record<string, string | number>) => {
    const template = messages[key] ?? key;
    return vars ? template.replace(/\{(\w+)\}/g, (_, n: string) => (n in vars ? String(vars[n]) : `{${n}}`)) : template;
  };
  return { t, locale };
}
