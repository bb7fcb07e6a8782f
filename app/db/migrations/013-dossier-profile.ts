import type { Kysely, Migration } from "kysely";

// Issue 10: each submission keeps its dossier profile (what its answers mean to the platform), and the
// PTCE 2015 call's stored form versions get the meanings its shipped definition now declares. Frozen
// here, as every migration: the mapping is the one of 2026-12, whatever the content becomes.
const PTCE_MEANINGS: Record<string, string> = {
  ptce_name: "applicantName",
  carrier_name: "carrierName",
  siret: "siret",
  commune: "seatCommune",
  stage: "stage",
  operational_since: "operatingSince",
  sectors: "sectors",
  contact_name: "contactName",
  contact_role: "contactRole",
  contact_email: "contactEmail",
  contact_phone: "contactPhone",
  charter_sign: "wantsCharter",
  host_visit: "hostsVisit",
  host_experiences: "hostExperiences",
  host_when: "hostWhen",
  q3_experiences: "summary",
};

interface StoredField {
  key: string;
  type: string;
  meaning?: string;
  options?: { value: string; means?: string }[];
}

export const dossierProfile: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable("submission").addColumn("profile_json", "text").execute();
    // The facts' and the community's columns say what they mean, not the PTCE call's question keys.
    await db.schema.alterTable("dossier_fact").renameColumn("operational_since", "operating_since").execute();
    await db.schema.alterTable("dossier_fact").renameColumn("host_visit", "hosts_visit").execute();
    await db.schema.alterTable("member_profile").renameColumn("host_experiences", "visit_experiences").execute();
    const versions = await db
      .selectFrom("form_version")
      .innerJoin("call", "call.id", "form_version.call_id")
      .select(["form_version.id", "form_version.definition_json"])
      .where("call.slug", "=", "ptce-emploi-2015")
      .execute();
    for (const v of versions) {
      const def = JSON.parse(v.definition_json) as { sections: { items: StoredField[] }[] };
      for (const section of def.sections) {
        for (const item of section.items) {
          if (PTCE_MEANINGS[item.key] && !item.meaning) item.meaning = PTCE_MEANINGS[item.key];
          if (item.key === "stage") for (const o of item.options ?? []) if (o.value === "operational") o.means = "operational";
        }
      }
      await db
        .updateTable("form_version")
        .set({ definition_json: JSON.stringify(def) })
        .where("id", "=", v.id)
        .execute();
    }
  },
};
