// The RGAA 4.1 audit of Trame (issue 9): every criterion of the référentiel, its result and how it was
// checked. The accessibility declaration and the footer are computed from this list, so that the rate
// they publish is the audit's. Results: C conforme, NC non conforme, NA non applicable, NT not verified
// yet (counted as not compliant: the rate never claims what was not checked).
//
// How: « axe » — axe-core on every kind of page for each role (tests/e2e/rgaa-audit.test.ts, with every
// end-to-end journey); « test » — a check of that same audit test or of another end-to-end test named in
// the note; « revue » — read by hand in the pages and their code, on the date below.

export type AuditResult = "C" | "NC" | "NA" | "NT";
export type AuditMethod = "axe" | "test" | "revue";

export interface AuditCriterion {
  id: string;
  theme: string;
  /** The criterion in a few words (the référentiel's text is longer). */
  title: string;
  result: AuditResult;
  method: AuditMethod[];
  /** What was found, what remains, or why not applicable. */
  note?: string;
}

export const AUDIT_DATE = "2026-12-01";
export const AUDIT_PAGES =
  "Accueil, plan du site, page de l’appel, inscription, connexion, mot de passe oublié, accessibilité, confidentialité, annuaire des PTCE signataires, fiches publiques, page introuvable ; « Mon espace », dossier, trois parties du formulaire, messages, historique, organisation, compte, charte ; communauté, événement, échanges et fil, capitalisation, indicateurs, fiche d’un membre ; administration, dossiers de l’appel, délais, équipe, classement, sélection, réponses, exports, données, instruction et dossier instruit, journal, courriels, charte, planification des visites, nouvel événement, participation.";

const NO_MEDIA = "Trame ne publie ni son ni vidéo.";

export const AUDIT: AuditCriterion[] = [
  { id: "1.1", theme: "Images", title: "Alternative textuelle des images porteuses d’information", result: "C", method: ["axe", "revue"], note: "La carte et les graphiques SVG ont un titre et les mêmes chiffres en tableau." },
  { id: "1.2", theme: "Images", title: "Images de décoration ignorées", result: "C", method: ["axe", "revue"] },
  { id: "1.3", theme: "Images", title: "Alternative pertinente", result: "C", method: ["revue"] },
  { id: "1.4", theme: "Images", title: "CAPTCHA et images-test", result: "NA", method: ["revue"], note: "Aucun CAPTCHA." },
  { id: "1.5", theme: "Images", title: "Accès alternatif aux CAPTCHA", result: "NA", method: ["revue"], note: "Aucun CAPTCHA." },
  { id: "1.6", theme: "Images", title: "Description détaillée si nécessaire", result: "C", method: ["revue"], note: "Carte et graphiques doublés d’un tableau de données." },
  { id: "1.7", theme: "Images", title: "Description détaillée pertinente", result: "C", method: ["revue"] },
  { id: "1.8", theme: "Images", title: "Images texte remplacées par du texte stylé", result: "NA", method: ["revue"], note: "Aucune image texte." },
  { id: "1.9", theme: "Images", title: "Légendes d’images reliées", result: "NA", method: ["revue"], note: "Aucune image légendée." },
  { id: "2.1", theme: "Cadres", title: "Titre des cadres", result: "NA", method: ["revue"], note: "Aucun cadre (iframe)." },
  { id: "2.2", theme: "Cadres", title: "Titre de cadre pertinent", result: "NA", method: ["revue"], note: "Aucun cadre (iframe)." },
  { id: "3.1", theme: "Couleurs", title: "Information pas donnée par la couleur seule", result: "C", method: ["revue"], note: "États, erreurs et alertes sont écrits en toutes lettres." },
  { id: "3.2", theme: "Couleurs", title: "Contraste du texte", result: "C", method: ["axe"] },
  { id: "3.3", theme: "Couleurs", title: "Contraste des composants d’interface et graphiques", result: "C", method: ["revue", "test"], note: "Bordures des champs 4,8:1 ; indicateur de focus en deux couleurs (noir et jaune), au moins 3:1 sur fond blanc comme sur le bandeau bleu." },
  ...["4.1 Transcription ou audiodescription des médias temporels", "4.2 Pertinence de la transcription", "4.3 Sous-titres synchronisés", "4.4 Pertinence des sous-titres", "4.5 Audiodescription synchronisée", "4.6 Pertinence de l’audiodescription", "4.7 Identification des médias", "4.8 Alternative des médias non temporels", "4.9 Pertinence de cette alternative", "4.10 Contrôle du son déclenché automatiquement", "4.11 Contrôle des médias au clavier", "4.12 Contrôle des médias non temporels", "4.13 Compatibilité des médias avec les technologies d’assistance"].map((s) => ({
    id: s.split(" ")[0],
    theme: "Multimédia",
    title: s.slice(s.indexOf(" ") + 1),
    result: "NA" as const,
    method: ["revue" as const],
    note: NO_MEDIA,
  })),
  { id: "5.1", theme: "Tableaux", title: "Résumé des tableaux de données complexes", result: "NA", method: ["revue"], note: "Aucun tableau complexe." },
  { id: "5.2", theme: "Tableaux", title: "Pertinence du résumé", result: "NA", method: ["revue"], note: "Aucun tableau complexe." },
  { id: "5.3", theme: "Tableaux", title: "Tableaux de mise en forme linéarisables", result: "NA", method: ["revue"], note: "Aucun tableau de mise en forme." },
  { id: "5.4", theme: "Tableaux", title: "Titre des tableaux de données associé", result: "C", method: ["revue"], note: "Titres en caption." },
  { id: "5.5", theme: "Tableaux", title: "Titre de tableau pertinent", result: "C", method: ["revue"] },
  { id: "5.6", theme: "Tableaux", title: "En-têtes de colonnes et de lignes déclarés", result: "C", method: ["axe", "revue"] },
  { id: "5.7", theme: "Tableaux", title: "Cellules associées à leurs en-têtes", result: "C", method: ["axe", "revue"] },
  { id: "5.8", theme: "Tableaux", title: "Pas d’éléments de tableau de données dans la mise en forme", result: "NA", method: ["revue"], note: "Aucun tableau de mise en forme." },
  { id: "6.1", theme: "Liens", title: "Liens explicites", result: "C", method: ["axe", "revue"], note: "Intitulés relus dans les dictionnaires : les liens génériques (« Ouvrir la liste », « Copie PDF », « Télécharger ») sont explicites par leur contexte (phrase, élément de liste, ligne de tableau)." },
  { id: "6.2", theme: "Liens", title: "Chaque lien a un intitulé", result: "C", method: ["axe"] },
  { id: "7.1", theme: "Scripts", title: "Scripts compatibles avec les technologies d’assistance", result: "C", method: ["axe", "test"], note: "Composants HTML natifs ; enregistrement automatique annoncé dans une zone de statut." },
  { id: "7.2", theme: "Scripts", title: "Alternative aux scripts pertinente", result: "C", method: ["test"], note: "Chaque parcours de bout en bout passe aussi sans JavaScript." },
  { id: "7.3", theme: "Scripts", title: "Scripts contrôlables au clavier et à la souris", result: "C", method: ["test"], note: "Parcours au clavier seul (tests/e2e/keyboard.test.ts)." },
  { id: "7.4", theme: "Scripts", title: "Changements de contexte annoncés", result: "C", method: ["revue"], note: "Aucun changement de contexte sans bouton : les filtres s’appliquent par « Appliquer »." },
  { id: "7.5", theme: "Scripts", title: "Messages de statut restitués", result: "C", method: ["revue", "test"], note: "Confirmations en role=status, erreurs en role=alert, état de l’enregistrement automatique annoncé." },
  { id: "8.1", theme: "Éléments obligatoires", title: "Type de document défini", result: "C", method: ["revue"] },
  { id: "8.2", theme: "Éléments obligatoires", title: "Code source valide", result: "C", method: ["test"], note: "Chaque page auditée passe html-validate (règles du document et du modèle de contenu HTML, identifiants uniques)." },
  { id: "8.3", theme: "Éléments obligatoires", title: "Langue par défaut présente", result: "C", method: ["test"] },
  { id: "8.4", theme: "Éléments obligatoires", title: "Langue par défaut pertinente", result: "C", method: ["test"], note: "fr ou en selon la langue choisie." },
  { id: "8.5", theme: "Éléments obligatoires", title: "Titre de page présent", result: "C", method: ["test"] },
  { id: "8.6", theme: "Éléments obligatoires", title: "Titre de page pertinent", result: "C", method: ["test", "revue"], note: "Corrigé : le dossier instruit porte le nom du dossier, la liste des dossiers son propre titre." },
  { id: "8.7", theme: "Éléments obligatoires", title: "Changements de langue indiqués", result: "C", method: ["revue"], note: "Sur la page en anglais, la liste des critères en français est marquée lang=\"fr\"." },
  { id: "8.8", theme: "Éléments obligatoires", title: "Code de langue valide", result: "C", method: ["revue"] },
  { id: "8.9", theme: "Éléments obligatoires", title: "Balises pas utilisées à seule fin de présentation", result: "C", method: ["revue"] },
  { id: "8.10", theme: "Éléments obligatoires", title: "Changements de sens de lecture", result: "NA", method: ["revue"], note: "Aucun texte de droite à gauche." },
  { id: "9.1", theme: "Structuration", title: "Information structurée par des titres", result: "C", method: ["test"], note: "Un titre de niveau 1 par page, aucun niveau sauté." },
  { id: "9.2", theme: "Structuration", title: "Structure du document cohérente (en-tête, navigation, contenu, pied)", result: "C", method: ["axe", "revue"] },
  { id: "9.3", theme: "Structuration", title: "Listes correctement structurées", result: "C", method: ["axe"] },
  { id: "9.4", theme: "Structuration", title: "Citations identifiées", result: "NA", method: ["revue"], note: "Aucune citation." },
  { id: "10.1", theme: "Présentation", title: "Feuilles de style pour la présentation", result: "C", method: ["revue"], note: "La politique de sécurité interdit les styles en ligne." },
  { id: "10.2", theme: "Présentation", title: "Contenu visible sans feuille de style", result: "C", method: ["revue"] },
  { id: "10.3", theme: "Présentation", title: "Information compréhensible sans feuille de style", result: "C", method: ["revue"] },
  { id: "10.4", theme: "Présentation", title: "Texte lisible agrandi à 200 %", result: "C", method: ["test"], note: "Corrigé : tableaux défilant dans leur propre cadre, mots longs coupés." },
  { id: "10.5", theme: "Présentation", title: "Couleurs de texte et de fond déclarées ensemble", result: "C", method: ["revue"] },
  { id: "10.6", theme: "Présentation", title: "Liens visibles dans le texte", result: "C", method: ["revue"], note: "Liens soulignés." },
  { id: "10.7", theme: "Présentation", title: "Prise de focus visible", result: "C", method: ["test"], note: "Corrigé : l’indicateur orange était à 1,9:1 sur blanc, et les champs de date et d’heure n’en montraient aucun." },
  { id: "10.8", theme: "Présentation", title: "Contenus cachés ignorés", result: "C", method: ["revue"] },
  { id: "10.9", theme: "Présentation", title: "Information pas donnée par la forme, la taille ou la position seules", result: "C", method: ["revue"] },
  { id: "10.10", theme: "Présentation", title: "Même chose, dans leur implémentation", result: "C", method: ["revue"] },
  { id: "10.11", theme: "Présentation", title: "Pas de défilement horizontal à 320 px", result: "C", method: ["test"], note: "Corrigé sur sept pages (tableaux, courriels, réponses)." },
  { id: "10.12", theme: "Présentation", title: "Espacement du texte augmenté sans perte", result: "C", method: ["test"] },
  { id: "10.13", theme: "Présentation", title: "Contenus additionnels au survol ou au focus contrôlables", result: "NA", method: ["revue"], note: "Aucun contenu n’apparaît au survol." },
  { id: "10.14", theme: "Présentation", title: "Contenus additionnels en CSS accessibles au clavier", result: "NA", method: ["revue"], note: "Aucun." },
  { id: "11.1", theme: "Formulaires", title: "Chaque champ a une étiquette", result: "C", method: ["axe", "test"] },
  { id: "11.2", theme: "Formulaires", title: "Étiquette pertinente", result: "C", method: ["revue", "test"], note: "La question « À quelle échéance approximative ? » nomme désormais ses deux listes (groupe)." },
  { id: "11.3", theme: "Formulaires", title: "Étiquettes cohérentes pour une même fonction", result: "C", method: ["revue"] },
  { id: "11.4", theme: "Formulaires", title: "Étiquette accolée à son champ", result: "C", method: ["revue"] },
  { id: "11.5", theme: "Formulaires", title: "Champs de même nature regroupés", result: "C", method: ["revue"], note: "Boutons radio, cases et mois-année en fieldset." },
  { id: "11.6", theme: "Formulaires", title: "Regroupements avec une légende", result: "C", method: ["axe", "revue"] },
  { id: "11.7", theme: "Formulaires", title: "Légende pertinente", result: "C", method: ["revue"] },
  { id: "11.8", theme: "Formulaires", title: "Items des listes de choix regroupés", result: "NA", method: ["revue"], note: "Aucune liste assez longue pour être regroupée." },
  { id: "11.9", theme: "Formulaires", title: "Intitulé des boutons pertinent", result: "C", method: ["axe", "revue"] },
  { id: "11.10", theme: "Formulaires", title: "Contrôle de saisie : champs obligatoires et erreurs", result: "C", method: ["test", "revue"], note: "« obligatoire » dans l’étiquette ; erreurs nommant le champ, reliées par aria-describedby, résumées en tête de formulaire." },
  { id: "11.11", theme: "Formulaires", title: "Suggestions de correction", result: "C", method: ["revue"], note: "Format attendu donné (SIRET, dates, montants, limites de longueur)." },
  { id: "11.12", theme: "Formulaires", title: "Données modifiables ou confirmées avant envoi", result: "C", method: ["test"], note: "Dossier modifiable jusqu’à la date limite ; confirmation avant l’envoi de réponses et la suppression du compte." },
  { id: "11.13", theme: "Formulaires", title: "Finalité des champs identifiable (autocomplete)", result: "C", method: ["revue"], note: "Nom, adresse électronique, mot de passe et téléphone de la personne." },
  { id: "12.1", theme: "Navigation", title: "Deux systèmes de navigation au moins", result: "C", method: ["revue", "test"], note: "Le menu et le plan du site ; corrigé : il n’y avait qu’un menu." },
  { id: "12.2", theme: "Navigation", title: "Menu et navigation cohérents", result: "C", method: ["revue", "test"], note: "Corrigé : les pages d’erreur gardent l’en-tête." },
  { id: "12.3", theme: "Navigation", title: "Plan du site pertinent", result: "C", method: ["test"], note: "Il liste les pages que la personne peut ouvrir, et elles seules." },
  { id: "12.4", theme: "Navigation", title: "Plan du site atteignable de la même manière", result: "C", method: ["revue"], note: "Dans le pied de chaque page." },
  { id: "12.5", theme: "Navigation", title: "Moteur de recherche atteignable de la même manière", result: "NA", method: ["revue"], note: "Pas de moteur de recherche commun à toutes les pages." },
  { id: "12.6", theme: "Navigation", title: "Zones de regroupement atteignables ou évitables", result: "C", method: ["axe", "revue"], note: "Repères en-tête, navigation, contenu, pied de page." },
  { id: "12.7", theme: "Navigation", title: "Lien d’évitement vers le contenu", result: "C", method: ["test"] },
  { id: "12.8", theme: "Navigation", title: "Ordre de tabulation cohérent", result: "C", method: ["test"] },
  { id: "12.9", theme: "Navigation", title: "Pas de piège au clavier", result: "C", method: ["test"] },
  { id: "12.10", theme: "Navigation", title: "Raccourcis d’une seule touche contrôlables", result: "NA", method: ["revue"], note: "Aucun raccourci." },
  { id: "12.11", theme: "Navigation", title: "Contenus additionnels atteignables au clavier", result: "NA", method: ["revue"], note: "Aucun." },
  { id: "13.1", theme: "Consultation", title: "Limites de temps contrôlables", result: "NC", method: ["revue", "test"], note: "Quand la session expire pendant la saisie, le texte est gardé et enregistré après reconnexion, mais un fichier choisi et pas encore envoyé doit être choisi de nouveau. La date limite de l’appel est une échéance réelle, hors du champ du critère." },
  { id: "13.2", theme: "Consultation", title: "Pas de nouvelle fenêtre sans action de l’utilisateur", result: "C", method: ["test"] },
  { id: "13.3", theme: "Consultation", title: "Documents en téléchargement : version accessible", result: "C", method: ["revue"], note: "Chaque PDF (accusé de dépôt, lettre, charte signée, modèle de l’appel, rapport) a son contenu sur une page HTML ; les exports sont des tableurs." },
  { id: "13.4", theme: "Consultation", title: "Version accessible de même information", result: "C", method: ["revue"] },
  { id: "13.5", theme: "Consultation", title: "Contenu cryptique expliqué", result: "NA", method: ["revue"], note: "Aucun." },
  { id: "13.6", theme: "Consultation", title: "Alternative au contenu cryptique pertinente", result: "NA", method: ["revue"], note: "Aucun." },
  { id: "13.7", theme: "Consultation", title: "Pas de changement brusque de luminosité ni de flash", result: "NA", method: ["revue"], note: "Aucun." },
  { id: "13.8", theme: "Consultation", title: "Contenus en mouvement ou clignotants contrôlables", result: "NA", method: ["revue"], note: "Aucun ; l’avancement d’un export s’arrête de lui-même." },
  { id: "13.9", theme: "Consultation", title: "Consultable quelle que soit l’orientation de l’écran", result: "C", method: ["test"] },
  { id: "13.10", theme: "Consultation", title: "Gestes complexes doublés", result: "NA", method: ["revue"], note: "Aucun geste complexe." },
  { id: "13.11", theme: "Consultation", title: "Actions au pointeur annulables", result: "C", method: ["revue"], note: "Boutons et liens natifs." },
  { id: "13.12", theme: "Consultation", title: "Fonctions déclenchées par le mouvement doublées", result: "NA", method: ["revue"], note: "Aucune." },
];

/** The conformity rate: compliant criteria among applicable ones (the not-verified ones count against it). */
export function auditRate(criteria: AuditCriterion[] = AUDIT): { compliant: number; applicable: number; rate: number; level: "totale" | "partielle" | "non" } {
  const compliant = criteria.filter((c) => c.result === "C").length;
  const applicable = criteria.filter((c) => c.result !== "NA").length;
  const rate = applicable === 0 ? 100 : Math.floor((compliant / applicable) * 1000) / 10;
  return { compliant, applicable, rate, level: rate === 100 ? "totale" : rate >= 50 ? "partielle" : "non" };
}
