import type { frTrust } from "./fr-trust";

export const enTrust: Record<keyof typeof frTrust, string> = {
  "request.tooLarge": "What you sent is too large ({max} MB at most). Nothing was saved: go back to the page, shorten the text or attach the file separately.",
  "request.malformed": "The form you sent could not be read (it is incomplete or malformed). Nothing already saved was lost: go back to the page and try again.",
  "request.unsupported": "This address expects a web page's form. Go back to the page and use its button.",
  "request.problemTitle": "Request refused",
  "request.back": "Back to the home page",
  "upload.malformed": "Sending the file was interrupted or is malformed. No file was attached: try again.",
  "answer.tooLong": "“{label}”: {count} characters, for {max} at most. Shorten this text, then save: nothing was saved this time, what was saved before is kept.",
  "answer.tooManyRows": "“{label}”: {count} rows, for {max} at most. Remove rows, then save: nothing was saved this time, what was saved before is kept.",
  "answer.dossierFull": "This dossier's answers would exceed {max} characters in all. Shorten some answers, then save: nothing was saved this time, what was saved before is kept.",
  "field.maxLength": "{max} characters at most",
  "limit.wait": "Too many attempts in a short time. Try again in {seconds} seconds.",
  "limit.autosave": "Too many saves in a short time. Wait a few seconds: your text stays on the page.",
  "limit.signUp": "Too many sign-ups from your connection. Try again in a few minutes.",
};
