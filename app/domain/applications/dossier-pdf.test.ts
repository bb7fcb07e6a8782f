// The dossier PDF keeps French typography: accents, « guillemets », the narrow no-break space before
// « ! ? : », and long answers wrapped over several pages. Read back with pdftotext (poppler-utils).
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderDossierPdf } from "./dossier-pdf.server";
import { ptceEmploi2015 } from "../../../content/calls/ptce-emploi-2015/call";
import { completeAnswersForPdf } from "./pdf-fixture";
import { fillTimelinePlaceholders } from "../calls/calls.server";
import type { CallContent } from "../calls/call-content";
import type { FormDefinition } from "../../forms/definition";

function pdfText(pdf: Buffer): { text: string; pages: number } {
  const dir = mkdtempSync(join(tmpdir(), "trame-pdf-"));
  const file = join(dir, "d.pdf");
  writeFileSync(file, pdf);
  const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"]).toString("utf8");
  const info = execFileSync("pdfinfo", [file]).toString("utf8");
  return { text, pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0) };
}

describe("dossier PDF", () => {
  const { originalTimeline } = ptceEmploi2015;
  // As the app loads it: timeline placeholders filled.
  const content = JSON.parse(fillTimelinePlaceholders(JSON.stringify(ptceEmploi2015.content), originalTimeline)) as CallContent;
  const form = JSON.parse(fillTimelinePlaceholders(JSON.stringify(ptceEmploi2015.form), originalTimeline)) as FormDefinition;

  it("renders French typography and wraps long answers over pages", async () => {
    const long = "Mutualiser des emplois entre structures de l’insertion et PME du territoire permet de sécuriser les parcours. ".repeat(
      60,
    );
    const answers = completeAnswersForPdf(long);
    const pdf = await renderDossierPdf({
      content,
      timeline: originalTimeline,
      form,
      answers,
      attachments: [{ field_key: "enriching_documents", safe_name: "rapport d’activité 2014.pdf", size: 123456 }],
      organisationName: "Pôle « Économie solidaire » d’Ariège",
      submission: { number: 2, submittedAt: "2015-03-02T22:59:00Z" },
      locale: "fr",
    });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const { text, pages } = pdfText(pdf);
    const flat = text.replace(/\s+/g, " ");
    expect(flat).toContain("Pôle « Économie solidaire » d’Ariège");
    expect(flat).toMatch(/Dossier déposé — dépôt n° 2 du 2\s+mars 2015 à 23\s+h\s+59/);
    // The narrow no-break space is kept (pdftotext prints it as a space) and binds « ! » to its word.
    expect(flat).toContain("Bravo ! Nous avançons : étape « 2 » franchie ; prochaine étape ? L’été.");
    expect(flat).toContain("entre avril 2015 et juillet 2017 environ");
    expect(text).not.toMatch(/\n[!?;:»]/);
    expect(flat).toContain("rapport d’activité 2014.pdf");
    expect(flat).toContain("Figeac — Lot (46), Occitanie");
    expect(flat).toContain(long.trim().slice(0, 200));
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(flat).toMatch(/Page 1 sur \d+/);
    // Every line fits the page: no word is cut off at the right margin.
    expect(text).not.toMatch(/sécuris\n/);
  });

  it("prints emoji as a visible word, never an empty box", async () => {
    const answers = {
      ...completeAnswersForPdf("Texte."),
      q5_expectations: "Nous avons adoré 😀 la visite 👩‍👩‍👧 et le drapeau 🇫🇷 ; ❤️ merci !",
    };
    const pdf = await renderDossierPdf({
      content,
      timeline: originalTimeline,
      form,
      answers,
      attachments: [],
      organisationName: "PTCE Émoji",
      submission: { number: 1, submittedAt: "2015-03-02T10:00:00Z" },
      locale: "fr",
    });
    const flat = pdfText(pdf).text.replace(/\s+/g, " ");
    expect(flat).toContain("Nous avons adoré [émoji] la visite [émoji] et le drapeau [émoji] ; [émoji] merci !");
  });

  it("renders the blank template with every question of the call", async () => {
    const pdf = await renderDossierPdf({ content, timeline: originalTimeline, form, answers: null, attachments: [], locale: "fr" });
    const flat = pdfText(pdf).text.replace(/\s+/g, " ");
    expect(flat).toContain("Trame de réponse (modèle vierge)");
    for (const q of [
      "1. Quelles sont les problématiques",
      "6. Quels peuvent être vos apports",
      "Autour de quelles expériences concrètes",
      "Souhaitez-vous signer la charte",
    ])
      expect(flat).toContain(q);
  });
});
