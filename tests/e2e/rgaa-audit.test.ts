// The automated part of the RGAA 4.1 audit (issue 9), on every kind of page Trame shows, for each role
// (visitor, applicant, organiser, community member). What each check stands for is recorded in
// app/content/accessibility-audit.ts, which the declaration publishes:
// - axe with every impact, not only serious ones (RGAA 1, 3.2, 5, 6, 8.1–8.4, 9, 11.1 …);
// - 8.3, 8.5, 8.6: the page's language, a title, a title of its own; 9.1: one h1, no heading level skipped;
// - 10.4: text at 200 % (a 1 280 px window with the root font doubled) scrolls only vertically;
// - 10.11: reflow at 320 CSS pixels: no horizontal scroll of the page (wide tables scroll inside their box);
// - 10.12: text spacing increased (line, paragraph, letter and word spacing) clips nothing;
// - 12.7: the first Tab reaches the « skip to content » link, which leads to the main content;
// - 10.7, 12.8: every element reached by Tab shows a focus indicator; no positive tabindex.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { HtmlValidate } from "html-validate";
import { appAndBrowser, signInPage } from "../support/browser";
import { isMessageKeyTitle } from "../support/text";
import { configFromEnv } from "../../app/config.server";
import { startServices } from "../../app/services.server";
import { submittedDossier, acceptIntoCommunity } from "../support/dossiers";
import { createEvent } from "../../app/domain/community/events.server";
import { createThread } from "../../app/domain/community/exchanges.server";
import { DEFAULT_LIMITS } from "../../app/domain/applications/attachments.server";

const ctx = appAndBrowser({ TRAME_ORGANISER_EMAIL: "equipe@trame.test", TRAME_ORGANISER_PASSWORD: "organisateur-secret-42" });

// Validity, not style: the document rules and the HTML content model, duplicate ids, attribute values.
const validator = new HtmlValidate({
  extends: ["html-validate:document"],
  rules: {
    "attribute-allowed-values": "error",
    "attribute-misuse": "error",
    "close-order": "error",
    "element-permitted-content": "error",
    "element-permitted-occurrences": "error",
    "element-permitted-order": "error",
    "element-permitted-parent": "error",
    "element-required-attributes": "error",
    "element-required-content": "error",
    "input-missing-label": "error",
    "no-dup-attr": "error",
    "no-dup-id": "error",
    "no-raw-characters": "off",
    "require-sri": "off", // a security habit, not validity: Trame serves its own files from its own origin
    "unrecognized-char-ref": "error",
    "void-content": "error",
  },
});

async function audit(page: Page, url: string, expectStatus?: number): Promise<string[]> {
  const faults: string[] = [];
  await page.setViewportSize({ width: 1280, height: 900 });
  const response = await page.goto(url);
  if (!response || (response.status() >= 400 && !(expectStatus === response.status()))) return [`HTTP ${response?.status()}`];
  // 12.7 and 10.7: the skip link first, then every element reached by Tab shows its focus.
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => ({
    href: document.activeElement?.getAttribute("href"),
    text: document.activeElement?.textContent?.trim(),
  }));
  if (first.href !== "#main") faults.push(`12.7 first Tab reaches ${JSON.stringify(first)}`);
  for (let i = 0; i < 30; i++) {
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const visible = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow !== "none" && s.boxShadow !== "");
      return {
        visible,
        what: `${el.tagName.toLowerCase()}[type=${el.getAttribute("type")}]#${el.id} ${(el.textContent ?? "").trim().slice(0, 40)} outline=${s.outlineStyle}/${s.outlineWidth} shadow=${s.boxShadow}`,
      };
    });
    if (focus && !focus.visible) faults.push(`10.7 focus not visible on ${focus.what}`);
    await page.keyboard.press("Tab");
  }

  // 8.2: the HTML as served is valid (the rules of validity only: no style preferences).
  const html = await response.text();
  const report = await validator.validateString(html);
  const invalid = new Map<string, string>();
  for (const r of report.results)
    for (const m of r.messages)
      if (!invalid.has(m.ruleId)) invalid.set(m.ruleId, `8.2 ${m.ruleId}: ${m.message} (${m.selector ?? `line ${m.line}`})`);
  faults.push(...invalid.values());
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  for (const v of axe.violations)
    faults.push(
      `axe ${v.id} (${v.impact}): ${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 3)
        .join(", ")}`,
    );
  const basics = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    title: document.title.trim(),
    positiveTabindex: [...document.querySelectorAll("[tabindex]")].filter((e) => Number(e.getAttribute("tabindex")) > 0).length,
    h1: document.querySelectorAll("h1").length,
    skipped: (() => {
      const levels = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => Number(h.tagName[1]));
      return levels.filter((l, i) => i > 0 && l > levels[i - 1] + 1).length;
    })(),
    blank: [...document.querySelectorAll("a[target=_blank]")].filter(
      (a) =>
        !/nouvelle fenêtre|new window/i.test(`${a.textContent} ${a.getAttribute("title") ?? ""} ${a.getAttribute("aria-label") ?? ""}`),
    ).length,
  }));
  if (basics.lang !== "fr") faults.push(`8.3 lang="${basics.lang}"`);
  if (!basics.title) faults.push("8.5 no title");
  if (basics.h1 !== 1) faults.push(`9.1 ${basics.h1} h1`);
  if (basics.skipped) faults.push(`9.1 ${basics.skipped} heading level(s) skipped`);
  if (basics.positiveTabindex) faults.push(`12.8 ${basics.positiveTabindex} positive tabindex`);
  if (basics.blank) faults.push(`13.2 ${basics.blank} link(s) opening a new window without saying so`);

  // 10.4: text at 200 %.
  await page.evaluate(() => (document.documentElement.style.fontSize = "200%"));
  const zoomed = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (zoomed > 1) faults.push(`10.4 text at 200 %: ${zoomed}px of horizontal scroll`);
  await page.evaluate(() => (document.documentElement.style.fontSize = ""));

  // 10.11: reflow at 320 CSS pixels.
  await page.setViewportSize({ width: 320, height: 640 });
  const reflow = await page.evaluate(() => {
    const overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    const culprits = [...document.querySelectorAll("body *")]
      .filter(
        (e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest(".table-scroll, [data-scroll]"),
      )
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}.${(e as HTMLElement).className}`);
    return { overflow, culprits };
  });
  if (reflow.overflow > 1) faults.push(`10.11 reflow at 320 px: ${reflow.overflow}px of horizontal scroll (${reflow.culprits.join(", ")})`);

  // 10.12: increased text spacing clips nothing (boxes that hide their overflow keep their text whole).
  await page.setViewportSize({ width: 1280, height: 900 });
  // Through the CSS object model: the strict CSP refuses added style sheets, as it should.
  await page.evaluate(() => {
    for (const e of document.querySelectorAll<HTMLElement>("body *")) {
      e.style.setProperty("line-height", "1.5", "important");
      e.style.setProperty("letter-spacing", "0.12em", "important");
      e.style.setProperty("word-spacing", "0.16em", "important");
      if (e.tagName === "P") e.style.setProperty("margin-bottom", "2em", "important");
    }
  });
  const clipped = await page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((e) => {
        const s = getComputedStyle(e);
        if (!["hidden", "clip"].includes(s.overflowX) && !["hidden", "clip"].includes(s.overflowY)) return false;
        if (!(e.textContent ?? "").trim() || e.closest(".skip-link, .visually-hidden, .sr-only")) return false;
        return e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1;
      })
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}.${(e as HTMLElement).className}`),
  );
  if (clipped.length) faults.push(`10.12 text spacing clips ${clipped.join(", ")}`);
  return faults;
}

describe("RGAA 4.1 audit, automated part", () => {
  it("every kind of page, for each role, passes the checks the declaration relies on", async () => {
    const app = ctx.app();
    const services = await startServices(
      configFromEnv({ TRAME_DATA_DIR: app.dataDir, TRAME_WORKER: "0", LOG_LEVEL: "warn", APP_URL: app.url }),
      { quiet: true },
    );
    try {
      const db = services.db;
      const call = await db.selectFrom("call").select(["id", "slug", "timeline_json"]).executeTakeFirstOrThrow();
      const organiser = (await db.selectFrom("user").select("id").where("email", "=", "equipe@trame.test").executeTakeFirstOrThrow()).id;
      const member = await submittedDossier(services, { name: "PTCE Figeac", answers: { host_visit: "yes" } });
      const other = await submittedDossier(services, { name: "PTCE Écopôle", commune: { query: "Lyon", code: "69123" } });
      await acceptIntoCommunity(db, {
        callId: call.id,
        actorId: organiser,
        appUrl: app.url,
        decisions: [member, other].map((d) => ({ dossierId: d.id, decision: "accepted" as const, reasons: "Retenu pour la communauté." })),
      });
      const when = new Date(Date.now() + 40 * 86400_000).toISOString().slice(0, 10);
      const eventId = await createEvent(db, {
        callId: call.id,
        actorId: organiser,
        kind: "meeting",
        title: "Rencontre nationale",
        date: when,
        startTime: "10:00",
        endTime: "16:30",
        address: "Paris",
        programme: "Ateliers",
        capacity: 30,
      });
      const threadId = await createThread(db, services.storage, {
        callId: call.id,
        userId: member.owner.id,
        theme: "general",
        title: "Premier échange",
        body: "Bonjour à toutes et à tous.",
        files: [],
        limits: DEFAULT_LIMITS,
        appUrl: app.url,
      });
      const version = await db
        .selectFrom("form_version")
        .innerJoin("call", "call.current_form_version_id", "form_version.id")
        .select("form_version.definition_json")
        .where("call.id", "=", call.id)
        .executeTakeFirstOrThrow();
      const sections = JSON.parse(version.definition_json) as { sections: { key: string }[] };
      const c = `/communaute/${call.id}`;
      const a = `/admin/appels/${call.id}`;
      const pages: Record<string, string[]> = {
        visitor: [
          "/",
          "/plan-du-site",
          `/appels/${call.slug}`,
          "/connexion",
          "/inscription",
          "/mot-de-passe-oublie",
          "/accessibilite",
          "/confidentialite",
          "/ptce-signataires",
          `/capitalisation/${call.id}`,
          "/page-qui-n-existe-pas",
        ],
        applicant: [
          "/espace",
          `/dossiers/${member.id}`,
          ...sections.sections.slice(0, 3).map((s) => `/dossiers/${member.id}/parties/${s.key}`),
          `/dossiers/${member.id}/messages`,
          `/dossiers/${member.id}/historique`,
          `/organisations/${member.org}`,
          "/compte",
          "/charte",
        ],
        member: [
          c,
          `${c}/evenements/${eventId}`,
          `${c}/echanges`,
          `${c}/echanges/${threadId}`,
          `${c}/capitalisation`,
          `${c}/indicateurs`,
          `${c}/membres/${other.org}`,
        ],
        organiser: [
          "/plan-du-site",
          "/admin",
          a,
          `${a}/delais`,
          `${a}/equipe`,
          `${a}/classement`,
          `${a}/selection`,
          `${a}/reponses`,
          `${a}/exports`,
          `${a}/donnees`,
          "/instruction",
          `/instruction/dossiers/${member.id}`,
          `/admin/journal`,
          "/admin/courriels",
          "/admin/charte",
          `${c}/visites/planifier`,
          `${c}/evenements/nouveau`,
          `${c}/participation`,
        ],
      };
      const browser = ctx.browser();
      const visitor = await (await browser.newContext({ locale: "fr-FR" })).newPage();
      const pagesFor = {
        visitor,
        applicant: await signInPage(browser, app.url, member.owner.email, member.owner.password),
        member: await signInPage(browser, app.url, other.owner.email, other.owner.password),
        organiser: await signInPage(browser, app.url, "equipe@trame.test", "organisateur-secret-42"),
      };
      const report: Record<string, string[]> = {};
      const titles = new Map<string, string>();
      for (const [role, paths] of Object.entries(pages)) {
        const page = pagesFor[role as keyof typeof pagesFor];
        for (const path of paths) {
          const faults = await audit(page, `${app.url}${path}`, path === "/page-qui-n-existe-pas" ? 404 : undefined);
          const title = await page.title();
          // 8.6: a title of its own (pages of the same kind differ by what they show).
          const same = [...titles].find(([p, t]) => t === title && p.split("/")[1] !== path.split("/")[1]);
          if (same) faults.push(`8.6 same title as ${same[0]}: « ${title} »`);
          // 8.6: a title in words (titles had become message keys such as « callNav.dossiers »).
          if (isMessageKeyTitle(title)) faults.push(`8.6 a message key for a title: « ${title} »`);
          titles.set(path, title);
          if (faults.length) report[`${role} ${path}`] = faults;
        }
      }
      expect(report).toEqual({});
    } finally {
      await services.stop();
    }
  }, 600_000);
});
