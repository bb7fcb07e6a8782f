// The API's pages in chromium, each scanned by axe (issue 13): an organiser creates a personal access
// token from « Mon compte » (the error summary first), uses it, revokes it; registers a webhook for a
// call, sends a test event to a real receiver and reads its delivery log; reads the API's reference page.
// The token form is also sent without JavaScript.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { appAndBrowser, expectAccessible, signInPage } from "../support/browser";

const ctx = appAndBrowser({
  TRAME_ORGANISER_EMAIL: "equipe@trame.test",
  TRAME_ORGANISER_PASSWORD: "organisateur-secret-42",
  TRAME_WEBHOOKS_ALLOW_PRIVATE: "1",
});

describe("API tokens, webhooks and the API reference in chromium", () => {
  let receiver: Server;
  let hookUrl = "";
  const bodies: string[] = [];
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString("utf8")));
      req.on("end", () => {
        bodies.push(body);
        res.end("ok");
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
    hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
  });
  afterAll(async () => new Promise((r) => receiver?.close(r)));

  it("creates, uses and revokes a token; registers and tests a webhook; reads the reference", async () => {
    const app = ctx.app();
    const page = await signInPage(ctx.browser(), app.url, "equipe@trame.test", "organisateur-secret-42");
    await page.getByRole("link", { name: "Mon compte" }).click();
    await page.waitForURL(/\/compte/);
    await page.getByRole("link", { name: "Mes jetons d’accès à l’API" }).click();
    await page.waitForURL(/\/compte\/jetons/);
    await expectAccessible(page, "tokens page");

    // Nothing filled in: the error summary names each field and links to it.
    await page.getByRole("button", { name: "Créer le jeton" }).click();
    await expect.poll(() => page.getByRole("alert").filter({ hasText: "Donnez au jeton un nom" }).count()).toBe(1);
    await expect.poll(() => page.getByRole("link", { name: /Cochez au moins un appel/ }).count()).toBe(1);
    await expectAccessible(page, "tokens page with errors");

    await page.getByLabel("Nom du jeton").fill("Tableur du réseau");
    await page.getByRole("checkbox").first().check();
    await page.getByRole("button", { name: "Créer le jeton" }).click();
    await expect.poll(() => page.getByText("Copiez-le maintenant").count()).toBe(1);
    await expectAccessible(page, "token created");
    const secret = await page.getByLabel("Votre jeton").inputValue();
    expect(secret).toMatch(/^trame_/);
    const calls = await fetch(`${app.url}/api/v1/calls`, { headers: { authorization: `Bearer ${secret}` } });
    expect(calls.status).toBe(200);
    const callId = ((await calls.json()) as { data: { id: string }[] }).data[0].id;

    await page.goto(`${app.url}/compte/jetons`);
    await page.getByRole("button", { name: "Révoquer le jeton « Tableur du réseau »" }).click();
    await expect.poll(() => page.getByText("Le jeton est révoqué").count()).toBe(1);
    expect((await fetch(`${app.url}/api/v1/calls`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);

    // The call's webhooks: an address, a test event, its delivery in the log.
    await page.goto(`${app.url}/admin/appels/${callId}/webhooks`);
    await expectAccessible(page, "webhooks page");
    await page.getByLabel("Adresse à prévenir").fill(hookUrl);
    await page.getByRole("button", { name: "Ajouter le webhook" }).click();
    await expect.poll(() => page.getByText("Voici le secret").count()).toBe(1);
    await expectAccessible(page, "webhook added");
    await page.getByRole("button", { name: "Envoyer un événement de test" }).click();
    await expect.poll(() => bodies.length, { timeout: 15_000 }).toBe(1);
    expect(JSON.parse(bodies[0])).toMatchObject({ type: "ping", call_id: callId });
    await expect
      .poll(
        async () => {
          await page.goto(`${app.url}/admin/appels/${callId}/webhooks`);
          return page.getByText("reçu · 1 tentative · HTTP 200").count();
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    await expectAccessible(page, "webhook delivery log");

    // The reference, from the link on the tokens page.
    await page.goto(`${app.url}/developpeurs/api`);
    await expect.poll(() => page.getByRole("heading", { level: 1, name: "API de Trame" }).count()).toBe(1);
    await expectAccessible(page, "API reference");
  });

  it("creates a token without JavaScript", async () => {
    const app = ctx.app();
    const page = await signInPage(ctx.browser(), app.url, "equipe@trame.test", "organisateur-secret-42", { javaScriptEnabled: false });
    await page.goto(`${app.url}/compte/jetons`);
    await page.getByLabel("Nom du jeton").fill("Sans JavaScript");
    await page.getByRole("checkbox").first().check();
    await page.getByLabel("Lecture et écriture").check();
    await page.getByRole("button", { name: "Créer le jeton" }).click();
    await page.waitForLoadState("load");
    expect(await page.getByLabel("Votre jeton").inputValue()).toMatch(/^trame_/);
    await expectAccessible(page, "token created without JavaScript", { jsDisabled: true });
  });
});
