// Decision letters: one template per decision and call, with placeholders the organiser can use, filled
// for each dossier. Pure: no database (the defaults are the letters the default call sends).
import { interpolate } from "../../i18n/interpolate";

export const DECISIONS = ["accepted", "declined", "waitlisted"] as const;
export type Decision = (typeof DECISIONS)[number];

/** The placeholders a template may use, with what each becomes (shown to the organiser beside the editor). */
export const PLACEHOLDERS = {
  organisation: "Nom de l’organisation candidate",
  initiative: "Nom du PTCE ou du projet",
  contact: "Personne contact indiquée dans le dossier",
  appel: "Titre de l’appel",
  motivation: "Motivation de la décision (saisie pour chaque dossier)",
  avis_evaluateurs: "Extraits des évaluations que vous avez choisi de partager (vide sinon ; sans le nom des évaluateurs)",
  visites: "Propositions de visites apprenantes (lettres d’acceptation)",
  date_reponse: "Date des réponses",
  debut_communaute: "Début de la communauté apprenante",
  fin_communaute: "Fin de l’engagement",
  montant: "Montant demandé (la question qui signifie « montant demandé »)",
  lien: "Lien vers le dossier dans Trame",
  signataire: "Signataire (contact de l’appel)",
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;
export type LetterVars = Record<Placeholder, string>;

export interface LetterTemplate {
  subject: string;
  body: string;
}

export const DEFAULT_TEMPLATES: Record<Decision, LetterTemplate> = {
  accepted: {
    subject: "Votre candidature à l’appel « {appel} » est retenue",
    body: `À l’attention de {contact}, {organisation}

Madame, Monsieur,

Nous avons le plaisir de vous informer que la candidature de « {initiative} » à l’appel à manifestation d’intérêt « {appel} » est retenue : votre PTCE rejoint la communauté apprenante.

Motivation de la décision :
{motivation}

La communauté apprenante démarre ses travaux en {debut_communaute}, pour un engagement jusqu’en {fin_communaute} au moins : des visites apprenantes tous les trois à quatre mois, des échanges à distance et une rencontre nationale par an.

Visites apprenantes proposées :
{visites}

Retrouvez cette décision dans votre espace : {lien}

Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.

{signataire}`,
  },
  declined: {
    subject: "Votre candidature à l’appel « {appel} »",
    body: `À l’attention de {contact}, {organisation}

Madame, Monsieur,

Nous vous remercions de l’intérêt que vous avez porté à l’appel à manifestation d’intérêt « {appel} » et du temps consacré à votre dossier. Nous avons le regret de vous informer que la candidature de « {initiative} » n’est pas retenue.

Motivation de la décision :
{motivation}

Les travaux de la communauté apprenante seront capitalisés et partagés : nous ne manquerons pas de vous en tenir informés.

Retrouvez cette décision dans votre espace : {lien}

Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.

{signataire}`,
  },
  waitlisted: {
    subject: "Votre candidature à l’appel « {appel} » : liste d’attente",
    body: `À l’attention de {contact}, {organisation}

Madame, Monsieur,

La candidature de « {initiative} » à l’appel à manifestation d’intérêt « {appel} » a retenu notre attention ; elle est placée sur liste d’attente. Si une place se libère dans la communauté apprenante, nous reviendrons vers vous sans délai.

Motivation de la décision :
{motivation}

Retrouvez cette décision dans votre espace : {lien}

Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.

{signataire}`,
  },
};

/**
 * The letters of a call made in the studio, until its organisers write their own: nothing in them
 * assumes a community, a charter or PTCEs.
 */
export const GENERIC_TEMPLATES: Record<Decision, LetterTemplate> = {
  accepted: {
    subject: "Votre candidature à l’appel « {appel} » est retenue",
    body: `À l’attention de {contact}, {organisation}

Madame, Monsieur,

Nous avons le plaisir de vous informer que la candidature « {initiative} » à l’appel « {appel} » est retenue.

Motivation de la décision :
{motivation}
{avis_evaluateurs}
Retrouvez cette décision dans votre espace : {lien}

Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.

{signataire}`,
  },
  declined: {
    subject: "Votre candidature à l’appel « {appel} »",
    body: `À l’attention de {contact}, {organisation}

Madame, Monsieur,

Nous vous remercions de votre candidature « {initiative} » à l’appel « {appel} ». Nous avons le regret de vous informer qu’elle n’est pas retenue.

Motivation de la décision :
{motivation}
{avis_evaluateurs}
Retrouvez cette décision dans votre espace : {lien}

Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.

{signataire}`,
  },
  waitlisted: {
    subject: "Votre candidature à l’appel « {appel} » : liste d’attente",
    body: `À l’attention de {contact}, {organisation}

Madame, Monsieur,

Votre candidature « {initiative} » à l’appel « {appel} » est placée sur liste d’attente. Nous reviendrons vers vous si une place se libère.

Motivation de la décision :
{motivation}
{avis_evaluateurs}
Retrouvez cette décision dans votre espace : {lien}

Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.

{signataire}`,
  },
};

/** Placeholders a template names that do not exist (a typo would otherwise reach every applicant). */
export function unknownPlaceholders(text: string): string[] {
  const names = [...text.matchAll(/\{([^{}\s]*)\}/g)].map((m) => m[1]);
  return [...new Set(names.filter((n) => !(n in PLACEHOLDERS)))];
}

/**
 * The reviewers' comments an organiser chose to share, as a letter quotes them: under their own heading,
 * each in quotation marks, without the reviewers' names; nothing at all when none is shared.
 */
export function sharedReviewsText(comments: string[]): string {
  const kept = comments.map((c) => c.trim()).filter(Boolean);
  if (!kept.length) return "";
  return `\nExtraits des évaluations :\n${kept.map((c) => `« ${c} »`).join("\n\n")}\n`;
}

export function renderLetter(template: LetterTemplate, vars: LetterVars): LetterTemplate {
  return { subject: interpolate(template.subject, vars).replace(/\s+/g, " ").trim(), body: interpolate(template.body, vars) };
}
