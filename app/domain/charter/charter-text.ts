// The PTCE charter's text as shipped. The official wording of the « Charte de la démarche collective
// PTCE » (Labo de l'ESS) is not at hand: this is a clearly marked placeholder, built only from what the
// call itself says of the charter, for an administrator to replace with the official text.
export const PLACEHOLDER_CHARTER = {
  title: "Charte de la démarche collective PTCE",
  body: `[TEXTE PROVISOIRE — à remplacer par le texte officiel de la charte de la démarche collective PTCE, publié par le Labo de l’ESS. Ce texte de remplacement ne reprend que ce que l’appel à manifestation d’intérêt dit de la charte.]

Définition
Un pôle territorial de coopération économique (PTCE) regroupe, sur un territoire, des initiatives, des entreprises et des réseaux de l’économie sociale et solidaire associés à des entreprises, des collectivités territoriales, des centres de recherche et des organismes de formation, pour mettre en œuvre une stratégie commune et continue de coopération et de mutualisation au service de projets économiques innovants de développement local durable.

Valeurs et finalités
Les signataires se reconnaissent dans les éléments de définition, les valeurs, les finalités et les principes d’action partagés des PTCE : coopérer plutôt que concurrencer, ancrer l’activité économique dans le territoire, créer et consolider des emplois de qualité, sécuriser les parcours socio-professionnels des personnes.

Principes d’action
Les signataires s’engagent à inscrire leur pôle dans la démarche collective, à partager leurs expériences avec les autres pôles et à rendre visible leur participation, notamment par l’usage du logo PTCE lorsqu’il leur est autorisé.

Engagement
En signant, l’organisation déclare adhérer à cette charte et accepte que le Labo de l’ESS en informe le comité de pilotage de la démarche collective PTCE.`,
};
