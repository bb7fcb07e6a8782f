import { describe, expect, it } from "vitest";
import { dossierProfile, optionsOf } from "./profile";
import { form } from "../../../content/calls/ptce-emploi-2015/form";
import type { FormDefinition } from "../../forms/definition";

describe("the dossier profile: what answers mean, whatever the call's keys", () => {
  const answers = {
    ptce_name: "  Pôle Écopôle  ",
    carrier_name: "Association Écopôle",
    commune: { query: "Figeac", code: "46102" },
    stage: "operational",
    operational_since: "2011",
    sectors: ["emploi", "culture"],
    contact_name: "Anne Martin",
    contact_email: "anne@example.org",
    charter_sign: "yes",
    host_visit: "no",
    host_when: "2027-06",
    q3_experiences: "Une recyclerie.",
  };

  it("reads the PTCE 2015 call through its meanings", () => {
    const p = dossierProfile(form, answers);
    expect(p).toMatchObject({
      name: "Pôle Écopôle",
      carrier: "Association Écopôle",
      communeCode: "46102",
      stage: "operational",
      operational: true,
      operatingSince: 2011,
      sectors: ["emploi", "culture"],
      wantsCharter: true,
      hostsVisit: false,
      summary: "Une recyclerie.",
    });
    expect(p.contact).toMatchObject({ name: "Anne Martin", email: "anne@example.org" });
    // A hidden question's old answer means nothing: no hosting month when the dossier does not host.
    expect(p.hostWhen).toBeNull();
    expect(dossierProfile(form, { ...answers, host_visit: "yes", host_experiences: "Le jardin" })).toMatchObject({
      hostsVisit: true,
      hostWhen: "2027-06",
      hostExperiences: "Le jardin",
    });
    expect(dossierProfile(form, { ...answers, stage: "project" })).toMatchObject({ operational: false, operatingSince: null });
    expect(optionsOf(form, "sectors").length).toBeGreaterThan(3);
  });

  it("reads another call with other keys the same way, and knows nothing of unmarked fields", () => {
    const grants: FormDefinition = {
      version: 1,
      sections: [
        {
          key: "s",
          title: { fr: "Projet" },
          items: [
            { type: "text", key: "nom_du_projet", label: { fr: "Nom" }, meaning: "applicantName" },
            { type: "number", key: "montant", label: { fr: "Montant demandé" }, meaning: "amountRequested" },
            {
              type: "choice",
              key: "phase",
              label: { fr: "Phase" },
              meaning: "stage",
              options: [
                { value: "idee", label: { fr: "Idée" } },
                { value: "actif", label: { fr: "En activité" }, means: "operational" },
              ],
            },
            { type: "text", key: "ptce_name", label: { fr: "Un champ qui s’appelle comme l’autre" } },
          ],
        },
      ],
    };
    const p = dossierProfile(grants, { nom_du_projet: "Jardins partagés", montant: "15 000 €", phase: "actif", ptce_name: "ignoré" });
    expect(p).toMatchObject({
      name: "Jardins partagés",
      amountRequested: 15000,
      stage: "actif",
      operational: true,
      wantsCharter: null,
      hostsVisit: null,
      sectors: [],
    });
  });
});
