// RFC 9457 problem details of the API: the anchor of the reference page each « type » points to, and the
// body itself — one place for the transport (server/api.ts) and the reference page (/developpeurs/api).
import { t, type Locale, type MessageKey } from "../i18n/i18n";

export interface ProblemInput {
  status: number;
  key: MessageKey;
  vars?: Record<string, string | number | undefined>;
  errors?: { name: string; in: "path" | "query" | "body" | "header"; detail: string }[];
}

/** « api.tokenMissing » → « tokenmissing »: the anchor « #probleme-tokenmissing » of the reference page. */
export const problemSlug = (key: string) =>
  key
    .replace(/^api\./, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .toLowerCase();

export function problemBody(appUrl: string, locale: Locale, p: ProblemInput, instance: string) {
  return {
    type: `${appUrl}/developpeurs/api#probleme-${problemSlug(p.key)}`,
    title: t(locale, `api.problem.${p.status}` as MessageKey),
    status: p.status,
    detail: t(locale, p.key, p.vars),
    instance,
    ...(p.errors?.length ? { errors: p.errors } : {}),
  };
}
