// The default call: AMI « PTCE Emploi et sécurisation des parcours socio-professionnels » (COORACE, 2015),
// reproduced from its application template (shared/seed/trame-ami-ptce-emploi-2015.txt).
import type { CallPackage } from "../../../app/domain/calls/call-content";
import { form } from "./form";

export const ptceEmploi2015: CallPackage = {
  slug: "ptce-emploi-2015",
  // The template gives the deadline (2 March 2015), the answer date (30 March 2015) and the community
  // period (from April 2015, at least two years, visits until about July 2017). Its opening date is not
  // stated: we take 2 February 2015, four weeks before the deadline (documented in the README).
  originalTimeline: {
    opens: "2015-02-02",
    deadline: "2015-03-02",
    answers: "2015-03-30",
    communityStart: "2015-04-01",
    communityEnd: "2017-07-31",
  },
  content: {
    title: { fr: "PTCE Emploi et sécurisation des parcours socio-professionnels", en: "PTCE, employment and secure career paths" },
    subtitle: {
      fr: "Créer, consolider et sécuriser l’emploi sur nos territoires avec les Pôles territoriaux de coopération économique",
    },
    organiser: "COORACE",
    presentation: {
      fr: "L’appel à manifestation d’intérêt « PTCE Emploi et sécurisation des parcours socio-professionnels » vise à identifier une douzaine d’initiatives de coopération économique territoriale qui répondent à deux conditions :",
    },
    conditions: [
      {
        fr: "se reconnaître dans les éléments de définition, les valeurs, finalités et principes d’action partagés des Pôles territoriaux de coopération économique tels que proposés dans la Charte de la démarche collective PTCE ;",
      },
      {
        fr: "être volontaire, à partir de leurs expériences et projets, pour travailler sur la contribution des PTCE à l’emploi et à la sécurisation des parcours.",
      },
    ],
    conditionsNote: {
      fr: "Il n’est pas nécessaire d’être déjà signataire de la charte de la démarche collective PTCE pour répondre à l’appel (les initiatives qui le souhaitent peuvent demander à signer la charte à l’occasion de cet appel). Il n’est pas non plus nécessaire d’avoir été reconnu « pôle témoin », ni d’avoir candidaté à un appel à projets PTCE interministériel (et encore moins d’avoir été soutenu dans ce cadre) pour répondre à cet appel.",
    },
    commitmentsIntro: {
      fr: "Ces initiatives s’engageront à participer sur une période d’au minimum deux ans à partir de {communityStart:month} aux travaux d’une communauté apprenante qui prévoient une participation régulière :",
    },
    commitments: [
      { fr: "à des visites apprenantes organisées tous les 3-4 mois auprès d’initiatives identifiées sur différents territoires en France ;" },
      { fr: "à des rencontres nationales dédiées à la capitalisation (une fois par an en moyenne) ;" },
      { fr: "à des échanges à distance afin de contribuer à la capitalisation." },
    ],
    howToApply: {
      fr: "Afin de manifester votre intérêt, nous vous proposons de compléter cette trame légère en y joignant tout document susceptible d’enrichir la compréhension de votre initiative, d’ici le {deadline}. Nous vous adresserons une réponse motivée à votre demande d’intégration de la communauté et des propositions de visites d’ici le {answers}.",
    },
    parts: [
      {
        fr: "La première partie permet de préciser en quoi votre initiative se reconnaît dans les éléments de définition, les valeurs, finalités et principes d’actions des PTCE. Vous pouvez nous transmettre les éléments dont vous disposez déjà pour l’étayer.",
      },
      {
        fr: "La seconde partie vous permet de préciser vos motivations pour participer aux travaux de cette communauté « PTCE Emploi et sécurisation des parcours ».",
      },
    ],
    contact: {
      name: "Anne Claire PIGNAL",
      role: "Responsable Recherche & Innovation sociale",
      organisation: "COORACE",
      email: "territoires@coorace.org",
      phone: "01 49 23 70 54",
    },
    targetSelection: 12,
    closingThanks: { fr: "Nous vous remercions d’avoir pris le temps de répondre à ces questions." },
    criteria: [
      {
        key: "condition_ptce",
        label: { fr: "Se reconnaît dans la définition, les valeurs et les principes de la charte PTCE" },
        description: { fr: "Condition 1 de l’appel." },
        scale: { min: 0, max: 4 },
      },
      {
        key: "condition_volunteer",
        label: { fr: "Volontaire pour travailler sur la contribution des PTCE à l’emploi et à la sécurisation des parcours" },
        description: { fr: "Condition 2 de l’appel." },
        scale: { min: 0, max: 4 },
      },
      {
        key: "experiences",
        label: { fr: "Qualité des expériences proposées" },
        description: { fr: "Expériences fortes, résultats et impacts, projets à court terme." },
        scale: { min: 0, max: 4 },
      },
      {
        key: "visit_offer",
        label: { fr: "Offre d’accueil d’une visite apprenante" },
        description: { fr: "Disponibilité, expériences concrètes proposées, échéance." },
        scale: { min: 0, max: 4 },
      },
    ],
  },
  form,
};
