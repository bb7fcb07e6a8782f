// The visit planner when hosts' windows leave gaps (issue 9), in chromium: the organiser sees the best
// partial calendar with its dates without a host and who could fill them, asks members by e-mail to widen
// their window (without JavaScript), a member follows the e-mail to their hosting offer and widens it, the
// calendar gains that host, and the organiser adds a visit by hand in a remaining gap before publishing.
// axe on every page.
import { describe, expect, it } from "vitest";
import { appAndBrowser, expectAccessible, signInPage, waitForEmail } from "../support/browser";
import { configFromEnv } from "../../app/config.server";
import { startServices } from "../../app/services.server";
import { submittedDossier, acceptIntoCommunity } from "../support/dossiers";
import { saveProfile } from "../../app/domain/community/community.server";
import { formatMonth } from "../../app/lib/paris-time";

const ctx = appAndBrowser({ TRAME_ORGANISER_EMAIL: "equipe@trame.test", TRAME_ORGANISER_PASSWORD: "organisateur-secret-42" });

const addMonths = (month: string, k: number) => {
  const [y, m] = month.split("-").map(Number);
  return `${y + Math.floor((m - 1 + k) / 12)}-${String(((m - 1 + k) % 12) + 1).padStart(2, "0")}`;
};

describe("visit planner with gaps in chromium", () => {
  it("partial calendar, request to widen by e-mail, a member widens, a visit added by hand", async () => {
    const app = ctx.app();
    const services = await startServices(
      configFromEnv({ TRAME_DATA_DIR: app.dataDir, TRAME_WORKER: "0", LOG_LEVEL: "warn", APP_URL: app.url }),
      { quiet: true },
    );
    try {
      const db = services.db;
      const call = await db.selectFrom("call").select(["id", "timeline_json"]).executeTakeFirstOrThrow();
      const timeline = JSON.parse(call.timeline_json) as { communityStart: string; communityEnd: string };
      const start = timeline.communityStart.slice(0, 7);
      const end = timeline.communityEnd.slice(0, 7);
      const organiser = (await db.selectFrom("user").select("id").where("email", "=", "equipe@trame.test").executeTakeFirstOrThrow()).id;
      const figeac = await submittedDossier(services, {
        name: "PTCE Figeac",
        answers: { host_visit: "yes", host_experiences: "La recyclerie", host_when: start },
      });
      const rennes = await submittedDossier(services, {
        name: "PTCE Rennes",
        commune: { query: "Rennes", code: "35238" },
        answers: { host_visit: "yes", host_experiences: "La cantine", host_when: start },
      });
      const lyon = await submittedDossier(services, {
        name: "PTCE Lyon",
        commune: { query: "Lyon", code: "69123" },
        answers: { host_visit: "no" },
      });
      await acceptIntoCommunity(db, {
        callId: call.id,
        actorId: organiser,
        appUrl: app.url,
        decisions: [figeac, rennes, lyon].map((d) => ({
          dossierId: d.id,
          decision: "accepted" as const,
          reasons: "Retenu pour la communauté.",
        })),
      });
      // Each host offers one month: the usual case, most dates of the rhythm have nobody.
      await saveProfile(db, {
        callId: call.id,
        organizationId: figeac.org,
        userId: figeac.owner.id,
        description: "",
        hosts: true,
        hostExperiences: "La recyclerie",
        hostFrom: start,
        hostTo: start,
      });
      await saveProfile(db, {
        callId: call.id,
        organizationId: rennes.org,
        userId: rennes.owner.id,
        description: "",
        hosts: true,
        hostExperiences: "La cantine",
        hostFrom: addMonths(start, 4),
        hostTo: addMonths(start, 4),
      });

      // The organiser, without JavaScript: a partial calendar, not a dead end.
      const org = await signInPage(ctx.browser(), app.url, "equipe@trame.test", "organisateur-secret-42", { javaScriptEnabled: false });
      await org.goto(`${app.url}/communaute/${call.id}/visites/planifier`);
      await expect.poll(() => org.getByText(/^Calendrier partiel\s:\s2 visites chez 2 hôtes différents/).count()).toBe(1);
      await expectAccessible(org, "visit planner with gaps", { jsDisabled: true });
      const gapsBefore = await org.getByRole("group", { name: /^Date sans hôte — / }).count();
      expect(gapsBefore).toBeGreaterThan(2);
      expect(await org.getByRole("heading", { name: `Dates sans hôte (${gapsBefore})` }).count()).toBe(1);

      // The first gap (after Rennes' visit) suggests Figeac (nearest window, not Rennes: nobody hosts twice in a
      // row) and Lyon (never hosted); the organiser asks both.
      const ask = org.getByRole("group", { name: /^Demander d’élargir la période d’accueil pour / }).first();
      const month = ((await ask.locator("legend").first().textContent()) ?? "").replace(/^.* pour /, "");
      expect(await ask.getByRole("checkbox", { name: /^PTCE Rennes/ }).count()).toBe(0);
      await expect
        .poll(() =>
          ask.getByRole("checkbox", { name: new RegExp(`^PTCE Figeac — ${formatMonth(start, "fr")} \\(7 mois d’écart\\)$`) }).isChecked(),
        )
        .toBe(true);
      await ask.getByRole("checkbox", { name: /^PTCE Lyon/ }).check();
      await ask.getByRole("button", { name: "Envoyer la demande" }).click();
      await expect.poll(() => org.getByText("Demande envoyée à 2 membres.").count()).toBe(1);
      await expect.poll(() => org.getByText(/^Déjà demandé à PTCE Figeac, PTCE Lyon le /).count()).toBe(1);
      await expectAccessible(org, "visit planner, request sent", { jsDisabled: true });

      // Lyon follows the e-mail to its hosting offer, already open, and offers the rest of the period.
      const mail = await waitForEmail(app, lyon.owner.email, `Pourriez-vous accueillir une visite apprenante vers ${month}`);
      const link = /https?:\/\/\S+accueil=\S+/.exec(mail.text_body)![0];
      const member = await signInPage(ctx.browser(), app.url, lyon.owner.email, lyon.owner.password);
      await member.goto(link);
      await expect.poll(() => member.getByLabel("À partir de (mois)").isVisible()).toBe(true);
      await expectAccessible(member, "community, hosting offer opened from the request");
      await member.getByLabel("Nous proposons d’accueillir une visite apprenante").check();
      await member.getByLabel(/Autour de quelles expériences/).fill("Le garage solidaire");
      await member.getByLabel("À partir de (mois)").fill(addMonths(start, 7));
      await member.getByLabel("Jusqu’à (mois)").fill(end);
      await member.getByRole("button", { name: "Enregistrer" }).click();
      await expect.poll(() => member.getByText("Fiche enregistrée.").count()).toBe(1);

      // The calendar now has Lyon; a remaining gap is filled by hand with Figeac, then everything is published.
      await org.reload();
      await expect.poll(() => org.getByText(/^Calendrier partiel\s:\s\d+ visites chez 3 hôtes différents/).count()).toBe(1);
      const visits = await org.getByRole("group", { name: /^Visite \d+ — / }).count();
      expect(visits).toBeGreaterThan(2);
      const gap = org.getByRole("group", { name: /^Date sans hôte — / }).first();
      await gap.getByRole("checkbox", { name: "Ajouter cette visite au calendrier" }).check();
      await gap.getByLabel("Membre qui accueille").selectOption({ label: "PTCE Figeac" });
      await org.getByRole("button", { name: "Publier ce calendrier" }).click();
      await org.waitForURL(/\/communaute\/[^/]+\?planifie=/);
      expect(new URL(org.url()).searchParams.get("planifie")).toBe(String(visits + 1));
      const published = await db.selectFrom("community_event").select(["title", "host_org_id"]).where("call_id", "=", call.id).execute();
      expect(published).toHaveLength(visits + 1);
      expect(published.filter((e) => e.host_org_id === figeac.org).map((e) => e.title)).toContain("Visite apprenante chez PTCE Figeac");
      await expectAccessible(org, "community after publishing", { jsDisabled: true });
    } finally {
      await services.stop();
    }
  }, 180_000);
});
