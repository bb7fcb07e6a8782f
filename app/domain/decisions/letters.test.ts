import { describe, expect, it } from "vitest";
import { DEFAULT_TEMPLATES, DECISIONS, PLACEHOLDERS, renderLetter, unknownPlaceholders, type LetterVars } from "./letters";
import { visitProposals } from "./answers.server";
import { diffTexts } from "../applications/versions.server";

const vars: LetterVars = {
  organisation: "Association Coop’Emploi",
  initiative: "Pôle Coop’Emploi",
  contact: "Camille Martin, Coordinatrice",
  appel: "PTCE Emploi",
  motivation: "Deux conditions remplies.",
  avis_evaluateurs: "",
  visites: "– PTCE Rennes",
  date_reponse: "30 mars 2015",
  debut_communaute: "avril 2015",
  fin_communaute: "juillet 2017",
  montant: "",
  lien: "https://trame.test/dossiers/1",
  signataire: "Marie Dupont, COORACE",
};

describe("decision letters", () => {
  it("default templates use only known placeholders and always give the reasons", () => {
    for (const d of DECISIONS) {
      expect(unknownPlaceholders(DEFAULT_TEMPLATES[d].subject + DEFAULT_TEMPLATES[d].body)).toEqual([]);
      expect(DEFAULT_TEMPLATES[d].body).toContain("{motivation}");
    }
    expect(DEFAULT_TEMPLATES.accepted.body).toContain("{visites}");
  });

  it("fills every placeholder; none is left in a rendered letter", () => {
    for (const d of DECISIONS) {
      const letter = renderLetter(DEFAULT_TEMPLATES[d], vars);
      expect(letter.body).not.toMatch(/\{\w+\}/);
      expect(letter.body).toContain("Deux conditions remplies.");
      expect(letter.subject).not.toContain("\n");
    }
  });

  it("finds misspelt or empty placeholders", () => {
    expect(unknownPlaceholders("{organisation} {Organisation} {motiv} {} {motivation}")).toEqual(["Organisation", "motiv", ""]);
    expect(Object.keys(PLACEHOLDERS)).toContain("visites");
  });

  it("proposes visits: the member's own offer and the others', never itself", () => {
    const offers = [
      { dossierId: "a", name: "PTCE A", place: "Figeac (46)", experiences: "Recyclerie", when: "2015-06" },
      { dossierId: "b", name: "PTCE B", place: "Rennes (35)", experiences: "Cantine", when: "2015-09" },
    ];
    const text = visitProposals("a", { host: true, experiences: "Recyclerie" }, offers);
    expect(text).toContain("Vous avez proposé d’accueillir une visite de la communauté autour de : Recyclerie");
    expect(text).toContain("– PTCE B, Rennes (35) : Cantine");
    expect(text).not.toContain("PTCE A,");
    expect(visitProposals("c", { host: false, experiences: "" }, [])).toMatch(/calendrier des visites/);
  });
});

describe("version differences", () => {
  it("marks added and removed words", () => {
    const parts = diffTexts("Nous avons créé 12 emplois.", "Nous avons créé 40 emplois en insertion.");
    expect(parts.filter((p) => p.kind === "removed").map((p) => p.text.trim())).toEqual(["12"]);
    expect(
      parts
        .filter((p) => p.kind === "added")
        .map((p) => p.text)
        .join(""),
    ).toContain("40");
    expect(
      parts
        .filter((p) => p.kind !== "removed")
        .map((p) => p.text)
        .join(""),
    ).toBe("Nous avons créé 40 emplois en insertion.");
  });
});
