// Answers used by the PDF test (kept beside it; tests/support has the HTTP-level fixtures).
export function completeAnswersForPdf(long: string): Record<string, unknown> {
  return {
    ptce_name: "Pôle « Économie solidaire » d’Ariège",
    legal_form: "scic",
    commune: { query: "Figeac", code: "46102" },
    stage: "project",
    sectors: ["emploi"],
    contact_name: "Zoé Lefèvre",
    contact_email: "zoe@example.org",
    contact_phone: "05 61 00 00 00",
    part1_mode: "describe",
    p1_stage: "En projet. Bravo\u202f! Nous avançons : étape « 2 » franchie ; prochaine étape ? L’été.",
    p1_objectives: long,
    stakeholders: [{ name: "Régie de quartier", type: "siae", role: "fondateur" }],
    charter_sign: "yes",
    q1_issues: long,
    host_visit: "yes",
    host_when: "2016-06",
  };
}
