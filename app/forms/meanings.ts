// What a field means to the platform (issue 10). A call's form may mark some of its fields with one of
// these meanings; everything downstream (lists and filters, facts, selection, letters, charter, hosting
// offers, map, exports) reads the dossier's profile built from them — never a call's answer keys.
// Closed list: a meaning is added here, documented, with the field types that can carry it.
import type { FieldType } from "./definition";

export const MEANINGS = {
  applicantName: { types: ["text"], doc: "Le nom sous lequel le dossier est connu : listes, lettres, annuaire, communauté." },
  carrierName: { types: ["text"], doc: "La structure qui porte le projet, quand elle diffère du nom du dossier." },
  seatCommune: { types: ["commune"], doc: "La commune du siège : d’elle se déduisent le département, la région et la carte." },
  sectors: {
    types: ["multichoice", "choice"],
    doc: "Les secteurs d’activité, tirés de la liste d’options de l’appel (filtres, diversité à la sélection).",
  },
  stage: {
    types: ["choice"],
    doc: "Le stade du projet ; l’option marquée « operational » signifie « en activité » (part d’opérationnels à la sélection).",
  },
  operatingSince: { types: ["number"], doc: "L’année de début d’activité (ancienneté)." },
  wantsCharter: { types: ["yesno"], doc: "Souhaite signer la charte de l’appel : ouvre l’étape de signature aux retenus." },
  hostsVisit: { types: ["yesno"], doc: "Propose d’accueillir une visite de la communauté." },
  hostExperiences: { types: ["longtext", "text"], doc: "Les expériences montrées lors d’une visite." },
  hostWhen: { types: ["date"], doc: "Le mois proposé pour accueillir une visite." },
  summary: {
    types: ["longtext", "text"],
    doc: "Ce que le dossier dit de lui-même en quelques lignes : la fiche du membre dans la communauté.",
  },
  amountRequested: { types: ["money", "number"], doc: "Le montant demandé, en euros." },
  contactName: { types: ["text"], doc: "La personne à contacter." },
  contactRole: { types: ["text"], doc: "Sa fonction." },
  contactEmail: { types: ["email"], doc: "Son adresse électronique." },
  contactPhone: { types: ["phone"], doc: "Son téléphone." },
  siret: { types: ["siret"], doc: "Le SIRET de la structure." },
} as const satisfies Record<string, { types: readonly FieldType[]; doc: string }>;

export type Meaning = keyof typeof MEANINGS;

export function isMeaning(value: unknown): value is Meaning {
  return typeof value === "string" && Object.hasOwn(MEANINGS, value);
}
