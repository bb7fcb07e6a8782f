// The application form of the default call, question by question from the 2015 template, plus the
// structured facts reviewers filter on (identity, territory, stage, sectors, headcounts, contact).
import type { ChoiceOption, FormDefinition } from "../../../app/forms/definition";

const opt = (value: string, fr: string, en?: string): ChoiceOption => ({ value, label: { fr, en } });

const NO_PERSONAL_DATA = {
  fr: "Ne mentionnez pas de personnes identifiables (bénéficiaires, salariés en parcours) : décrivez des situations, pas des personnes.",
  en: "Do not name identifiable people (beneficiaries, employees on integration paths): describe situations, not persons.",
};

export const legalForms: ChoiceOption[] = [
  opt("none", "Pas encore de structure juridique (PTCE en projet)"),
  opt("association", "Association loi 1901"),
  opt("association_local", "Association de droit local (Alsace-Moselle)"),
  opt("association_rup", "Association reconnue d’utilité publique"),
  opt("fondation", "Fondation ou fonds de dotation"),
  opt("scic", "SCIC (société coopérative d’intérêt collectif)"),
  opt("scop", "SCOP (société coopérative et participative)"),
  opt("cae", "CAE (coopérative d’activité et d’emploi)"),
  opt("coop_agricole", "Coopérative agricole"),
  opt("mutuelle", "Mutuelle"),
  opt("societe", "Société commerciale (SAS, SARL, SA…)"),
  opt("collectivite", "Collectivité territoriale ou EPCI"),
  opt("etablissement_public", "Établissement public"),
  opt("gip", "GIP (groupement d’intérêt public)"),
  opt("ge", "Groupement d’employeurs ou GEIQ"),
  opt("autre", "Autre"),
];

export const sectors: ChoiceOption[] = [
  opt("emploi", "Emploi, insertion et sécurisation des parcours"),
  opt("eco_activites", "Éco-activités, environnement, réemploi"),
  opt("alimentation", "Alimentation, agriculture durable, circuits courts"),
  opt("culture", "Culture, industries créatives"),
  opt("services_entreprises", "Services aux entreprises"),
  opt("services_personne", "Services à la personne, santé, social"),
  opt("batiment", "Bâtiment, habitat, énergie"),
  opt("mobilite", "Mobilité"),
  opt("numerique", "Numérique"),
  opt("tourisme", "Tourisme, loisirs"),
  opt("autre", "Autre"),
];

const stakeholderTypes: ChoiceOption[] = [
  opt("ess", "Entreprise ou acteur de l’ESS"),
  opt("siae", "Structure d’insertion (SIAE)"),
  opt("pme", "PME ou autre entreprise"),
  opt("collectivite", "Collectivité locale"),
  opt("recherche", "Centre de recherche, université"),
  opt("formation", "Organisme de formation"),
  opt("reseau", "Réseau, fédération"),
  opt("autre", "Autre"),
];

const stakeholderRoles: ChoiceOption[] = [
  opt("fondateur", "À l’origine de l’initiative"),
  opt("porteur", "Structure porteuse"),
  opt("membre", "Membre"),
  opt("partenaire", "Partenaire"),
];

const funderTypes: ChoiceOption[] = [
  opt("commune", "Commune"),
  opt("epci", "Intercommunalité (EPCI)"),
  opt("departement", "Département"),
  opt("region", "Région"),
  opt("etat", "État"),
  opt("europe", "Union européenne"),
  opt("fondation", "Fondation, mécénat"),
  opt("prive", "Entreprise, financement privé"),
  opt("propre", "Ressources propres"),
  opt("autre", "Autre"),
];

const describe = { field: "part1_mode", equals: "describe" } as const;
const attach = { field: "part1_mode", equals: "attach" } as const;
const hosts = { field: "host_visit", equals: "yes" } as const;

export const form: FormDefinition = {
  version: 1,
  sections: [
    {
      key: "identite",
      title: { fr: "Votre initiative en bref", en: "Your initiative in brief" },
      intro: {
        fr: "Ces informations permettent de situer votre initiative. Elles ne remplacent pas les parties I et II.",
        en: "This information places your initiative. It does not replace parts I and II.",
      },
      items: [
        { type: "text", key: "ptce_name", meaning: "applicantName", label: { fr: "Nom du PTCE ou de l’initiative", en: "Name of the PTCE or initiative" }, required: true, maxLength: 200, filterable: true },
        { type: "text", key: "carrier_name", meaning: "carrierName", label: { fr: "Structure porteuse", en: "Carrying organisation" }, help: { fr: "La structure qui porte juridiquement l’initiative, s’il y en a une." }, maxLength: 200 },
        { type: "choice", key: "legal_form", label: { fr: "Statut de la structure porteuse", en: "Legal form of the carrying organisation" }, required: true, display: "select", options: legalForms, filterable: true },
        { type: "siret", key: "siret", meaning: "siret", label: { fr: "SIRET de la structure porteuse", en: "SIRET of the carrying organisation" }, help: { fr: "14 chiffres. Facultatif : une association sans salarié ni subvention peut ne pas en avoir." } },
        { type: "rna", key: "rna", label: { fr: "Numéro RNA (associations)", en: "RNA number (associations)" }, help: { fr: "W suivi de 9 chiffres. Les associations d’Alsace-Moselle n’en ont pas : laissez vide." } },
        { type: "commune", key: "commune", meaning: "seatCommune", label: { fr: "Commune du siège", en: "Municipality of the head office" }, help: { fr: "Tapez le nom, le code postal ou le code INSEE ; le département et la région sont déduits." }, required: true, filterable: true },
        {
          type: "choice",
          key: "stage", meaning: "stage",
          label: { fr: "Votre PTCE est-il opérationnel ou en projet ?", en: "Is your PTCE operational or a project?" },
          required: true,
          display: "radio",
          options: [{ ...opt("operational", "Opérationnel", "Operational"), means: "operational" }, opt("project", "En projet", "A project")],
          filterable: true,
        },
        {
          type: "number",
          key: "operational_since", meaning: "operatingSince",
          label: { fr: "Opérationnel depuis l’année", en: "Operational since (year)" },
          integer: true,
          year: true,
          min: 1980,
          max: 2100,
          showIf: { field: "stage", equals: "operational" },
          requiredIf: { field: "stage", equals: "operational" },
          filterable: true,
        },
        { type: "multichoice", key: "sectors", meaning: "sectors", label: { fr: "Secteur(s) d’activité", en: "Sector(s)" }, required: true, options: sectors, filterable: true },
        { type: "number", key: "employees", label: { fr: "Nombre de salariés (effectif)", en: "Employees (headcount)" }, integer: true, min: 0, max: 100000, filterable: true },
        { type: "number", key: "employees_fte", label: { fr: "Équivalents temps plein (ETP)", en: "Full-time equivalents" }, min: 0, max: 100000 },
        { type: "number", key: "insertion_employees", label: { fr: "Dont salariés en parcours d’insertion", en: "Of whom employees on integration paths" }, integer: true, min: 0, max: 100000 },
        { type: "number", key: "volunteers", label: { fr: "Nombre de bénévoles", en: "Volunteers" }, integer: true, min: 0, max: 100000, filterable: true },
        { type: "explanation", key: "contact_intro", title: { fr: "Personne à contacter", en: "Contact person" }, body: { fr: "La personne que l’équipe de l’appel peut joindre au sujet de cette candidature." } },
        { type: "text", key: "contact_name", meaning: "contactName", label: { fr: "Prénom et nom", en: "Full name" }, required: true, maxLength: 200 },
        { type: "text", key: "contact_role", meaning: "contactRole", label: { fr: "Fonction", en: "Role" }, maxLength: 200 },
        { type: "email", key: "contact_email", meaning: "contactEmail", label: { fr: "Courriel", en: "E-mail" }, required: true },
        { type: "phone", key: "contact_phone", meaning: "contactPhone", label: { fr: "Téléphone", en: "Phone" }, required: true },
      ],
    },
    {
      key: "partie1",
      title: { fr: "I. Votre initiative de pôle territorial de coopération économique (PTCE)", en: "I. Your PTCE initiative" },
      items: [
        {
          type: "explanation",
          key: "definition",
          title: { fr: "Définition proposée par la démarche collective PTCE" },
          body: {
            fr: "Un PTCE est un groupement d’acteurs sur un territoire – entreprises et acteurs de l’économie sociale et solidaire associés à des petites et moyennes entreprises, collectivités locales, centres de recherche et organismes de formation – qui met en œuvre une stratégie commune et continue, de coopération et de mutualisation, au service de projets économiques innovants de développement local durable.\n\nAfin de nous confirmer que votre initiative correspond à cette définition et qu’elle adhère aux valeurs, finalités et principes d’action posés dans la Charte de la démarche collective PTCE, nous vous proposons de nous transmettre un dossier ou une note explicative de votre initiative de PTCE que vous avez déjà formulé, datant de moins d’un an (par ex. un dossier de candidature à l’appel à projets gouvernemental ou au soutien d’une collectivité).\n\nSi vous ne disposez pas de dossier formalisé, nous vous proposons de décrire en quelques pages votre initiative, en précisant en quoi il s’agit d’un PTCE.",
          },
        },
        {
          type: "choice",
          key: "part1_mode",
          label: { fr: "Comment souhaitez-vous présenter votre initiative ?", en: "How will you present your initiative?" },
          required: true,
          display: "radio",
          options: [
            opt("attach", "Je joins un dossier ou une note explicative déjà rédigé, datant de moins d’un an", "I attach an existing dossier or note, under one year old"),
            opt("describe", "Je décris mon initiative ici, en six points", "I describe my initiative here, in six points"),
          ],
        },
        {
          type: "files",
          key: "existing_dossier",
          label: { fr: "Dossier ou note explicative existant", en: "Existing dossier or explanatory note" },
          help: { fr: "Par exemple un dossier de candidature à l’appel à projets gouvernemental ou au soutien d’une collectivité. PDF, ODT, DOCX…" },
          maxFiles: 5,
          showIf: attach,
          requiredIf: attach,
        },
        {
          type: "date",
          key: "existing_dossier_date",
          label: { fr: "Date de rédaction de ce dossier", en: "Date this dossier was written" },
          help: { fr: "Le dossier doit dater de moins d’un an." },
          notOlderThanDays: 366,
          showIf: attach,
          requiredIf: attach,
        },
        {
          type: "longtext",
          key: "p1_stage",
          label: { fr: "1) S’agit-il d’un PTCE opérationnel (si oui, précisez depuis combien d’années) ou en projet ?" },
          lengthHint: 1500,
          showIf: describe,
          requiredIf: describe,
        },
        {
          type: "longtext",
          key: "p1_objectives",
          label: { fr: "2) Les objectifs et la nature de la coopération économique territoriale" },
          lengthHint: 3000,
          showIf: describe,
          requiredIf: describe,
        },
        {
          type: "longtext",
          key: "p1_stakeholders",
          label: {
            fr: "3) Le nombre et l’identité des parties prenantes, en indiquant les personnes ou organisations à l’origine de l’initiative ainsi que le rôle des acteurs et réseaux de l’économie sociale et solidaire",
          },
          lengthHint: 3000,
          showIf: describe,
          requiredIf: describe,
        },
        {
          type: "group",
          key: "stakeholders",
          label: { fr: "Parties prenantes", en: "Stakeholders" },
          help: { fr: "Une ligne par organisation. Facultatif, mais utile pour situer votre PTCE." },
          itemLabel: { fr: "Partie prenante", en: "Stakeholder" },
          maxItems: 100,
          showIf: describe,
          fields: [
            { type: "text", key: "name", label: { fr: "Nom", en: "Name" }, required: true, maxLength: 200 },
            { type: "choice", key: "type", label: { fr: "Type", en: "Type" }, display: "select", options: stakeholderTypes },
            { type: "choice", key: "role", label: { fr: "Rôle dans le PTCE", en: "Role in the PTCE" }, display: "select", options: stakeholderRoles },
          ],
        },
        {
          type: "longtext",
          key: "p1_activity",
          label: { fr: "4) Le(s) secteur(s) d’activités, le statut, le nombre de salariés et de bénévoles, l’ancrage territorial du PTCE" },
          lengthHint: 2000,
          showIf: describe,
          requiredIf: describe,
        },
        {
          type: "longtext",
          key: "p1_governance",
          label: { fr: "5) La gouvernance, les partenaires et les financements, en indiquant la place des collectivités territoriales" },
          lengthHint: 3000,
          showIf: describe,
          requiredIf: describe,
        },
        {
          type: "group",
          key: "funders",
          label: { fr: "Partenaires financiers", en: "Funders" },
          help: { fr: "Une ligne par financeur ou partenaire financier. Le montant est facultatif." },
          itemLabel: { fr: "Financeur", en: "Funder" },
          maxItems: 50,
          showIf: describe,
          fields: [
            { type: "text", key: "name", label: { fr: "Nom", en: "Name" }, required: true, maxLength: 200 },
            { type: "choice", key: "type", label: { fr: "Type", en: "Type" }, display: "select", options: funderTypes },
            { type: "number", key: "amount", label: { fr: "Montant annuel approximatif", en: "Approximate yearly amount" }, min: 0, unit: { fr: "€" } },
          ],
        },
        {
          type: "longtext",
          key: "p1_results",
          label: { fr: "6) Les résultats et impacts (attendus, voire déjà mesurables) de l’initiative" },
          lengthHint: 3000,
          warning: NO_PERSONAL_DATA,
          showIf: describe,
          requiredIf: describe,
        },
        {
          type: "explanation",
          key: "charter_explanation",
          title: { fr: "La charte de la démarche collective PTCE" },
          body: {
            fr: "Si vous souhaitez signer la charte, vous pourrez la signer dans Trame : le Labo de l’ESS informera le comité de pilotage de la démarche collective PTCE et vous transmettra la trame d’une « fiche descriptive » ainsi que les éléments graphiques de la démarche collective PTCE.",
          },
        },
        {
          type: "yesno",
          key: "charter_sign", meaning: "wantsCharter",
          label: {
            fr: "Souhaitez-vous signer la charte de la démarche collective PTCE et rendre visible votre participation à cette démarche (par l’utilisation du logo PTCE notamment) ?",
            en: "Do you wish to sign the charter of the PTCE collective and make your participation visible (notably by using the PTCE logo)?",
          },
          required: true,
          filterable: true,
        },
      ],
    },
    {
      key: "partie2",
      title: {
        fr: "II. Votre motivation pour rejoindre la communauté apprenante « PTCE, emploi et sécurisation des parcours »",
        en: "II. Your motivation to join the learning community",
      },
      items: [
        { type: "longtext", key: "q1_issues", label: { fr: "1. Quelles sont les problématiques qualitatives et quantitatives relatives au développement économique, à l’emploi et à la sécurisation des parcours dans votre territoire ?" }, lengthHint: 3000, required: true },
        { type: "longtext", key: "q2_objectives", label: { fr: "2. Quels sont les objectifs de votre PTCE concernant l’emploi et la sécurisation des parcours ?" }, lengthHint: 3000, required: true },
        {
          type: "longtext",
          key: "q3_experiences",
          meaning: "summary",
          label: { fr: "3. Pouvez-vous décrire quelques expériences fortes à vos yeux, déjà engagées par votre PTCE, concernant l’emploi et la sécurisation des parcours ainsi que leurs résultats et impacts (attendus, voire déjà mesurables) ?" },
          lengthHint: 4000,
          warning: NO_PERSONAL_DATA,
          required: true,
        },
        { type: "longtext", key: "q4_projects", label: { fr: "4. Avez-vous des projets précis que vous comptez initier à court terme (d’ici un an) concernant l’emploi et la sécurisation des parcours ?" }, lengthHint: 3000, required: true },
        { type: "longtext", key: "q5_expectations", label: { fr: "5. Quelles sont vos attentes concernant une participation à cette communauté apprenante ?" }, lengthHint: 2000, required: true },
        { type: "longtext", key: "q6_contributions", label: { fr: "6. Quels peuvent être vos apports aux travaux de cette communauté ?" }, lengthHint: 2000, required: true },
        {
          type: "yesno",
          key: "host_visit", meaning: "hostsVisit",
          label: {
            fr: "Seriez-vous en particulier disposés à accueillir une visite de la communauté entre {communityStart:month} et {communityEnd:month} environ ?",
          },
          required: true,
          filterable: true,
        },
        { type: "longtext", key: "host_experiences", meaning: "hostExperiences", label: { fr: "Autour de quelles expériences concrètes de votre PTCE ?" }, lengthHint: 2000, showIf: hosts, requiredIf: hosts },
        {
          type: "date",
          key: "host_when", meaning: "hostWhen",
          label: { fr: "À quelle échéance approximative ?" },
          help: { fr: "Un mois et une année, par exemple « {communityStart:month} »." },
          precision: "month",
          min: "{communityStart}",
          max: "{communityEnd}",
          showIf: hosts,
          requiredIf: hosts,
        },
      ],
    },
    {
      key: "documents",
      title: { fr: "Documents complémentaires", en: "Supporting documents" },
      items: [
        {
          type: "files",
          key: "enriching_documents",
          label: { fr: "Tout document susceptible d’enrichir la compréhension de votre initiative", en: "Any document that helps understand your initiative" },
          help: { fr: "Facultatif. Plaquette, rapport d’activité, article… PDF, ODT, DOCX, ODS, XLSX, JPEG ou PNG." },
          maxFiles: 10,
        },
        { type: "explanation", key: "thanks", body: { fr: "Nous vous remercions d’avoir pris le temps de répondre à ces questions." } },
      ],
    },
  ],
};
