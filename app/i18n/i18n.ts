// Every string the interface shows goes through t(). French is the reference dictionary:
// the English one must have the same keys (checked by the type below and a unit test).
import { fr } from "./fr";
import { en } from "./en";
import { interpolate } from "./interpolate";
import { frenchSpacing } from "../lib/typography";

export type Locale = "fr" | "en";
export const LOCALES: Locale[] = ["fr", "en"];
export type MessageKey = keyof typeof fr;

// French messages are written with ordinary spaces; they are shown with French spacing (a no-break space
// inside « guillemets » and before « : », a narrow one before ; ! ?), so that no line starts with a lone
// « » » or « ? » on a page, in an e-mail or a PDF (issue 9).
const frSpaced = Object.fromEntries(Object.entries(fr).map(([k, v]) => [k, frenchSpacing(v)])) as Record<MessageKey, string>;
const dictionaries: Record<Locale, Record<MessageKey, string>> = { fr: frSpaced, en };

export function isLocale(v: unknown): v is Locale {
  return v === "fr" || v === "en";
}

export function t(locale: Locale, key: MessageKey, vars?: Record<string, string | number | undefined>): string {
  return interpolate(dictionaries[locale][key] ?? frSpaced[key] ?? key, vars, locale);
}

export function translator(locale: Locale) {
  return (key: MessageKey, vars?: Record<string, string | number | undefined>) => t(locale, key, vars);
}
export type Translate = ReturnType<typeof translator>;

export function dictionary(locale: Locale): Record<string, string> {
  return dictionaries[locale];
}

/**
 * The one rule for the interface's language: the `lang` cookie (the header's switch), then the signed-in
 * person's saved language, then the browser's first Accept-Language; French by default.
 */
export function chooseLocale(input: { cookie?: string | null; acceptLanguage?: string | null; userLocale?: string | null }): Locale {
  const fromCookie = /(?:^|;\s*)lang=(fr|en)\b/.exec(input.cookie ?? "")?.[1];
  if (isLocale(fromCookie)) return fromCookie;
  if (isLocale(input.userLocale)) return input.userLocale;
  const first = (input.acceptLanguage ?? "").split(",")[0]?.trim().slice(0, 2).toLowerCase();
  return first === "en" ? "en" : "fr";
}

export function localeFromRequest(request: Request): Locale {
  return chooseLocale({ cookie: request.headers.get("cookie"), acceptLanguage: request.headers.get("accept-language") });
}
