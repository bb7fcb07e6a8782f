// Realistic answers for the default call: a PTCE that describes itself (Part I, second alternative).
import type { AnswerChange } from "../../app/domain/applications/dossiers.server";

export const LONG_TEXT =
  "Sur notre territoire rural, la fermeture de deux usines a laissé « beaucoup de personnes sans emploi » : nous coopérons avec 12 structures de l’ESS, des PME et l’intercommunalité pour créer des activités de réemploi et sécuriser les parcours. ".repeat(
    6,
  );

export function completeAnswers(mode: "describe" | "attach" = "describe"): Record<string, unknown> {
  const base: Record<string, unknown> = {
    ptce_name: "Pôle Coop’Emploi du Grand-Figeac",
    carrier_name: "Association Coop’Emploi",
    legal_form: "association",
    siret: "73282932000074",
    rna: "W461234567",
    commune: { query: "Figeac", code: "46102" },
    stage: "operational",
    operational_since: "2011",
    sectors: ["emploi", "eco_activites"],
    employees: "48",
    volunteers: "25",
    contact_name: "Camille Martin",
    contact_role: "Coordinatrice",
    contact_email: "camille.martin@example.org",
    contact_phone: "05 65 00 00 00",
    part1_mode: mode,
    charter_sign: "yes",
    q1_issues: LONG_TEXT,
    q2_objectives: LONG_TEXT,
    q3_experiences: LONG_TEXT,
    q4_projects: LONG_TEXT,
    q5_expectations: LONG_TEXT,
    q6_contributions: LONG_TEXT,
    host_visit: "no",
  };
  if (mode === "describe") {
    Object.assign(base, {
      p1_stage: "Opérationnel depuis 2011, soit quatre ans.",
      p1_objectives: LONG_TEXT,
      p1_stakeholders: LONG_TEXT,
      stakeholders: [{ name: "Régie de territoire", type: "siae", role: "fondateur" }],
      p1_activity: LONG_TEXT,
      p1_governance: LONG_TEXT,
      funders: [{ name: "Région", type: "region", amount: "20000" }],
      p1_results: LONG_TEXT,
    });
  }
  return base;
}

export function asChanges(answers: Record<string, unknown>): AnswerChange[] {
  return Object.entries(answers).map(([key, value]) => ({ key, value, baseVersion: 0 }));
}

/** Smallest real files of each kind, recognised by their magic bytes. */
export const SAMPLE_PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);
export const SAMPLE_PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);
/** A Windows executable header ("MZ"): never accepted, whatever its name. */
export const SAMPLE_EXE = Buffer.concat([
  Buffer.from("4d5a90000300000004000000ffff0000b800000000000000400000000000000000000000", "hex"),
  Buffer.alloc(200),
]);
