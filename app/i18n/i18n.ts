// Every string the interface shows goes through t(). French is the reference dictionary:
// the English one must have the same keys (checked by the type below and a unit test).
import { fr } from "./fr";
import { en } from "./en";

export type Locale = "fr" | "en";
export const LOCALES: Locale[] = ["fr", "en"];
export type MessageKey = keyof typeof fr;

const dictionaries: Record<Locale, Record<MessageKey, string>> = { fr, en };

export function isLocale(v: unknown): v is Locale {
  return v === "fr" || v === "en";
}

export function t(locale: Locale, key: MessageKey, vars?: Record<string, string | number | undefined>): string {
  const template = dictionaries[locale][key] ?? fr[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (vars[name] !== undefined ? String(vars[name]) : `{${name}}`));
}

export function translator(locale: Locale) {
  return (key: MessageKey, vars?: Record<string, string | number | undefined>) => t(locale, key, vars);
}
export type Translate = ReturnType<typeof translator>;

export function dictionary(locale: Locale): Record<string, string> {
  return dictionaries[locale];
}

/** Chooses the locale from the `lang` cookie, then Accept-Language; French by default. */
export function localeFromRequest(request: Request): Locale {
  const cookie = request.headers.get("cookie") ?? "";
  const m = /(?:^|;\s*)lang=(fr|en)\b/.exec(cookie);
  if (m) return m[1] as Locale;
  const accept = request.headers.get("accept-language") ?? "";
  const first = accept.split(",")[0]?.trim().slice(0, 2).toLowerCase();
  return first === "en" ? "en" : "fr";
}
