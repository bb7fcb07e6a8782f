// A web address as people type it: « www.exemple.fr », « exemple.fr/page », « https://… ». Browser-safe.

/** The address with its scheme, or null when it is not a web address. */
export function normaliseWebAddress(input: string): string | null {
  const s = input.trim();
  if (!s || /\s/.test(s)) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(s) ? s : `https://${s}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (!/^[^.]+(\.[^.]+)+$/.test(url.hostname) || !/\.[a-z]{2,}$/i.test(url.hostname)) return null;
  return withScheme;
}
