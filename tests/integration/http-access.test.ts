// Authorisation and HTTP safety through the real server: a member of organisation B can neither read
// nor write A's dossier or files by any URL; CSRF and security headers; unknown pages are 404.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser } from "../support/services";
import { sessionCookie, startBuiltServer, type RunningServer } from "../support/server";
import { SAMPLE_EXE, SAMPLE_PDF } from "../support/fixtures";

describe.each(DATABASES)("HTTP access on %s", (kind) => {
  let srv: RunningServer;
  let cookieA: string;
  let cookieB: string;
  let dossierA: string;
  let fileA: string;
  let submissionA: string;

  const get = (path: string, cookie?: string) => fetch(`${srv.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  const post = (path: string, body: BodyInit, cookie?: string, headers: Record<string, string> = {}) =>
    fetch(`${srv.url}${path}`, {
      method: "POST",
      body,
      headers: { origin: srv.url, ...(cookie ? { cookie } : {}), ...headers },
      redirect: "manual",
    });

  beforeAll(async () => {
    srv = await startBuiltServer(kind);
    const a = await createVerifiedUser(srv.services, "Alice");
    const b = await createVerifiedUser(srv.services, "Bruno");
    cookieA = await sessionCookie(srv.services, a.email, a.password);
    cookieB = await sessionCookie(srv.services, b.email, b.password);
    // Alice creates her organisation and dossier through the pages, as a browser does.
    const created = await post(
      "/appels/ptce-emploi-2015/candidater",
      new URLSearchParams({ intent: "create", name: "PTCE Alice" }),
      cookieA,
    );
    expect(created.status).toBe(302);
    dossierA = created.headers.get("location")!.split("/").pop()!;
    const upload = new FormData();
    upload.set("fieldKey", "enriching_documents");
    upload.set("file", new Blob([new Uint8Array(SAMPLE_PDF)]), "plaquette.exe");
    const up = await post(`/dossiers/${dossierA}/fichiers`, upload, cookieA, { accept: "application/json" });
    expect(up.status).toBe(200);
    fileA = ((await up.json()) as { id: string }).id;
    await post("/appels/ptce-emploi-2015/candidater", new URLSearchParams({ intent: "create", name: "PTCE Bruno" }), cookieB);
    const sub = await srv.services.db.selectFrom("dossier").select("id").where("id", "=", dossierA).executeTakeFirstOrThrow();
    // A submission row to aim at (the receipt PDF URL).
    submissionA = "00000000-0000-0000-0000-000000000001";
    await srv.services.db
      .insertInto("submission")
      .values({
        id: submissionA,
        dossier_id: sub.id,
        number: 1,
        form_version_id: (
          await srv.services.db.selectFrom("dossier").select("form_version_id").where("id", "=", dossierA).executeTakeFirstOrThrow()
        ).form_version_id,
        answers_json: "{}",
        attachments_json: "[]",
        submitted_by: "x",
        submitted_at: new Date().toISOString(),
      })
      .execute();
  });
  afterAll(async () => srv?.close());

  it("serves A's pages and files to A", async () => {
    expect((await get(`/dossiers/${dossierA}`, cookieA)).status).toBe(200);
    expect((await get(`/dossiers/${dossierA}/parties/partie2`, cookieA)).status).toBe(200);
    const file = await get(`/dossiers/${dossierA}/fichiers/${fileA}`, cookieA);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toMatch(/^attachment; filename="plaquette\.pdf"/);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await get(`/dossiers/${dossierA}/depots/${submissionA}/pdf`, cookieA)).status).toBe(200);
  });

  it("shows B nothing of A's dossier, by any URL", async () => {
    for (const path of [
      `/dossiers/${dossierA}`,
      `/dossiers/${dossierA}/parties/identite`,
      `/dossiers/${dossierA}/historique`,
      `/dossiers/${dossierA}/fichiers/${fileA}`,
      `/dossiers/${dossierA}/depots/${submissionA}/pdf`,
    ]) {
      const res = await get(path, cookieB);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain("PTCE Alice");
    }
  });

  it("lets B write nothing into A's dossier", async () => {
    const autosave = await post(
      `/api/dossiers/${dossierA}/answers`,
      new URLSearchParams({ _fields: "ptce_name", "f.ptce_name": "Piraté", "v.ptce_name": "0" }),
      cookieB,
    );
    expect(autosave.status).toBe(404);
    const page = await post(
      `/dossiers/${dossierA}/parties/identite`,
      new URLSearchParams({ _fields: "ptce_name", "f.ptce_name": "Piraté", "v.ptce_name": "0" }),
      cookieB,
    );
    expect(page.status).toBe(404);
    const submit = await post(`/dossiers/${dossierA}`, new URLSearchParams({ intent: "submit", confirm: "yes" }), cookieB);
    expect(submit.status).toBe(404);
    const upload = new FormData();
    upload.set("fieldKey", "enriching_documents");
    upload.set("file", new Blob([new Uint8Array(SAMPLE_PDF)]), "x.pdf");
    const up = await post(`/dossiers/${dossierA}/fichiers`, upload, cookieB, { accept: "application/json" });
    expect(up.status).toBe(404);
    const answers = await srv.services.db.selectFrom("answer").selectAll().where("dossier_id", "=", dossierA).execute();
    expect(answers.find((a) => a.value_json.includes("Piraté"))).toBeUndefined();
    expect(await srv.services.db.selectFrom("attachment").select("id").where("dossier_id", "=", dossierA).execute()).toHaveLength(1);
  });

  it("asks anonymous visitors to sign in, and the autosave API answers 401", async () => {
    const res = await get(`/dossiers/${dossierA}`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("/connexion?redirectTo=");
    const api = await post(`/api/dossiers/${dossierA}/answers`, new URLSearchParams({ _fields: "ptce_name", "f.ptce_name": "x" }));
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error: string }).error).toContain("session a expiré");
  });

  it("autosaves for A and reports conflicts as JSON", async () => {
    const body = (value: string, v: string) => new URLSearchParams({ _fields: "ptce_name", "f.ptce_name": value, "v.ptce_name": v });
    const first = await post(`/api/dossiers/${dossierA}/answers`, body("PTCE Alice", "0"), cookieA);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { results: unknown[] }).results).toEqual([{ key: "ptce_name", status: "saved", version: 1 }]);
    const stale = await post(`/api/dossiers/${dossierA}/answers`, body("Autre nom", "0"), cookieA);
    const json = (await stale.json()) as { results: { status: string; theirs: string }[] };
    expect(json.results[0]).toMatchObject({ status: "conflict", theirs: "PTCE Alice" });
  });

  it("refuses disguised and oversized uploads with a French message, over HTTP", async () => {
    const send = async (data: Buffer, name: string) => {
      const f = new FormData();
      f.set("fieldKey", "enriching_documents");
      f.set("file", new Blob([new Uint8Array(data)]), name);
      return post(`/dossiers/${dossierA}/fichiers`, f, cookieA, { accept: "application/json" });
    };
    const exe = await send(SAMPLE_EXE, "budget.pdf");
    expect(exe.status).toBe(415);
    expect(((await exe.json()) as { message: string }).message).toContain("n’est pas accepté");
    const big = await send(Buffer.concat([SAMPLE_PDF, Buffer.alloc(21 * 1024 * 1024)]), "gros.pdf");
    expect(big.status).toBe(413);
    expect(((await big.json()) as { message: string }).message).toContain("20 Mo");
  });

  it("refuses state-changing requests from other sites (CSRF)", async () => {
    const res = await fetch(`${srv.url}/dossiers/${dossierA}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "reopen" }),
      headers: { cookie: cookieA, origin: "https://evil.example" },
      redirect: "manual",
    });
    expect(res.status).toBe(403);
    const noOrigin = await fetch(`${srv.url}/dossiers/${dossierA}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "reopen" }),
      headers: { cookie: cookieA },
      redirect: "manual",
    });
    expect(noOrigin.status).toBe(403);
    const crossSite = await fetch(`${srv.url}/organisations/nouvelle`, {
      method: "POST",
      body: new URLSearchParams({ name: "x" }),
      headers: { cookie: cookieA, "sec-fetch-site": "cross-site" },
      redirect: "manual",
    });
    expect(crossSite.status).toBe(403);
  });

  it("sends a strict content security policy with a nonce, and 404s for unknown pages", async () => {
    const res = await get("/");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    const html = await res.text();
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    for (const m of html.matchAll(/<script\b([^>]*)>/g)) expect(m[1]).toContain(`nonce="${nonce}"`);
    const missing = await get("/cette-page-n-existe-pas");
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("n’existe pas");
    expect((await get("/favicon.ico")).status).toBe(404);
  });

  it("serves the public call page and the blank template PDF", async () => {
    const page = await get("/appels/ptce-emploi-2015");
    const html = await page.text();
    expect(html).toContain("PTCE Emploi et sécurisation des parcours");
    expect(html).toContain("territoires@coorace.org");
    expect(html).toContain("Il reste");
    const pdf = await get("/appels/ptce-emploi-2015/modele.pdf");
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
  });

  it("adds rows to a repeatable group and removes files without JavaScript", async () => {
    const form = new URLSearchParams({
      _fields: "part1_mode,stakeholders",
      "f.part1_mode": "describe",
      "v.part1_mode": "0",
      "f.stakeholders.count": "1",
      "f.stakeholders.0.name": "Régie de quartier",
      "v.stakeholders": "0",
      intent: "addRow:stakeholders",
    });
    const res = await post(`/dossiers/${dossierA}/parties/partie1`, form, cookieA);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Partie prenante 1");
    expect(html).toContain("Partie prenante 2");
    expect(html).toContain('value="Régie de quartier"');
    const removed = await post(
      `/dossiers/${dossierA}/parties/documents`,
      new URLSearchParams({ _fields: "", intent: `removeFile:${fileA}` }),
      cookieA,
    );
    expect(await removed.text()).toContain("Fichier retiré.");
    expect((await get(`/dossiers/${dossierA}/fichiers/${fileA}`, cookieA)).status).toBe(200); // kept for submitted versions, hidden from the dossier
    const row = await srv.services.db.selectFrom("attachment").select("deleted_at").where("id", "=", fileA).executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
  });
});
