// French, trust and data protection (issue 8): limits, malformed requests, accounts, personal data.
export const frTrust = {
  "request.tooLarge": "Le contenu envoyé est trop volumineux ({max} Mo au plus). Rien n’a été enregistré : revenez à la page, raccourcissez le texte ou joignez le fichier séparément.",
  "request.malformed": "Le formulaire envoyé n’a pas pu être lu (il est incomplet ou mal formé). Rien n’a été perdu de ce qui était déjà enregistré : revenez à la page et réessayez.",
  "request.unsupported": "Cette adresse attend un formulaire de page web. Revenez à la page et utilisez son bouton.",
  "request.problemTitle": "Demande refusée",
  "request.back": "Revenir à la page d’accueil",
  "upload.malformed": "L’envoi du fichier a été interrompu ou est mal formé. Aucun fichier n’a été joint : réessayez.",
  "answer.tooLong": "« {label} » : {count} caractères, pour {max} au plus. Raccourcissez ce texte puis enregistrez : rien n’a été enregistré cette fois, ce qui l’était avant est conservé.",
  "answer.tooManyRows": "« {label} » : {count} lignes, pour {max} au plus. Retirez des lignes puis enregistrez : rien n’a été enregistré cette fois, ce qui l’était avant est conservé.",
  "answer.dossierFull": "Les réponses de ce dossier dépasseraient {max} caractères au total. Raccourcissez des réponses puis enregistrez : rien n’a été enregistré cette fois, ce qui l’était avant est conservé.",
  "field.maxLength": "{max} caractères au plus",
  "limit.wait": "Trop de tentatives en peu de temps. Réessayez dans {seconds} secondes.",
  "limit.autosave": "Trop d’enregistrements en peu de temps. Patientez quelques secondes : votre texte reste dans la page.",
  "limit.signUp": "Trop d’inscriptions depuis votre connexion. Réessayez dans quelques minutes.",
} as const;
