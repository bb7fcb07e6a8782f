import { useRouteLoaderData } from "react-router";
import { t as translate, type Locale, type MessageKey } from "../i18n/i18n";

interface RootData {
  locale: Locale;
}

/**
 * The translator for components. The dictionaries are in the bundle (i18n.ts is shared by server and
 * browser); the root loader only says which language. Sending the dictionary with every page cost
 * ~130 KB of serialised data per request, most of a list page's time (issue 11's profile).
 */
export function useT() {
  const root = useRouteLoaderData("root") as RootData | undefined;
  const locale = root?.locale ?? "fr";
  const t = (key: MessageKey, vars?: Record<string, string | number | undefined>) => translate(locale, key, vars);
  return { t, locale };
}
