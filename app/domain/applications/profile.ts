// The dossier's profile (issue 10): what its answers mean to the platform, read through the meanings its
// call's form gives to fields (forms/meanings.ts). Pure: the same definition and answers give the same
// profile; stored with each submission. Only answers of fields that are shown count (a hidden question's
// old answer means nothing).
import {
  allFields,
  isFieldActive,
  type Answers,
  type ChoiceField,
  type Field,
  type FormDefinition,
  type MultiChoiceField,
} from "../../forms/definition";
import type { Meaning } from "../../forms/meanings";
import { parseNumber } from "../../forms/numbers";

export interface DossierProfile {
  /** The applicant's own name for the dossier; null when the form has none (the organisation's name stands in). */
  name: string | null;
  carrier: string | null;
  /** INSEE code of the seat commune. */
  communeCode: string | null;
  sectors: string[];
  stage: string | null;
  /** The chosen stage is the one the call marks as « in operation ». */
  operational: boolean | null;
  operatingSince: number | null;
  wantsCharter: boolean | null;
  hostsVisit: boolean | null;
  hostExperiences: string | null;
  /** YYYY-MM */
  hostWhen: string | null;
  summary: string | null;
  amountRequested: number | null;
  contact: { name: string | null; role: string | null; email: string | null; phone: string | null };
  siret: string | null;
}

export const EMPTY_PROFILE: DossierProfile = {
  name: null,
  carrier: null,
  communeCode: null,
  sectors: [],
  stage: null,
  operational: null,
  operatingSince: null,
  wantsCharter: null,
  hostsVisit: null,
  hostExperiences: null,
  hostWhen: null,
  summary: null,
  amountRequested: null,
  contact: { name: null, role: null, email: null, phone: null },
  siret: null,
};

/** The field of a form carrying a meaning (the studio refuses a meaning given twice). */
export function fieldWithMeaning(def: FormDefinition, meaning: Meaning): Field | undefined {
  return allFields(def).find(({ field }) => field.meaning === meaning)?.field;
}

/** The options of the field carrying a meaning (e.g. the call's own list of sectors), for filters and labels. */
export function optionsOf(def: FormDefinition, meaning: Meaning): ChoiceField["options"] {
  const f = fieldWithMeaning(def, meaning);
  return f && (f.type === "choice" || f.type === "multichoice") ? (f as ChoiceField | MultiChoiceField).options : [];
}

const text = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : null);
const yesNo = (v: unknown): boolean | null => (v === "yes" ? true : v === "no" ? false : null);
const number = (v: unknown): number | null =>
  typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" ? parseNumber(v) : null;

export function dossierProfile(def: FormDefinition, answers: Answers): DossierProfile {
  const p: DossierProfile = { ...EMPTY_PROFILE, sectors: [], contact: { ...EMPTY_PROFILE.contact } };
  for (const { field } of allFields(def)) {
    if (!field.meaning || !isFieldActive(def, field.key, answers)) continue;
    const v = answers[field.key];
    switch (field.meaning) {
      case "applicantName":
        p.name = text(v);
        break;
      case "carrierName":
        p.carrier = text(v);
        break;
      case "seatCommune":
        p.communeCode = text((v as { code?: unknown } | undefined)?.code);
        break;
      case "sectors":
        p.sectors = Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : typeof v === "string" && v ? [v] : [];
        break;
      case "stage": {
        p.stage = text(v);
        const options = (field as ChoiceField).options ?? [];
        p.operational = p.stage === null ? null : options.some((o) => o.value === p.stage && o.means === "operational");
        break;
      }
      case "operatingSince": {
        const n = number(v);
        p.operatingSince = n !== null && Number.isInteger(n) && n > 0 ? n : null;
        break;
      }
      case "wantsCharter":
        p.wantsCharter = yesNo(v);
        break;
      case "hostsVisit":
        p.hostsVisit = yesNo(v);
        break;
      case "hostExperiences":
        p.hostExperiences = text(v);
        break;
      case "hostWhen":
        p.hostWhen = typeof v === "string" && /^\d{4}-\d{2}/.test(v) ? v.slice(0, 7) : null;
        break;
      case "summary":
        p.summary = text(v);
        break;
      case "amountRequested":
        p.amountRequested = number(v);
        break;
      case "contactName":
        p.contact.name = text(v);
        break;
      case "contactRole":
        p.contact.role = text(v);
        break;
      case "contactEmail":
        p.contact.email = text(v);
        break;
      case "contactPhone":
        p.contact.phone = text(v);
        break;
      case "siret":
        p.siret = text(v);
        break;
      default: {
        const unknown: never = field.meaning;
        throw new Error(`meaning without a reading: ${String(unknown)}`);
      }
    }
  }
  return p;
}
