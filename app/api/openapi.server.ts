// The OpenAPI 3.1 document of the HTTP API, generated from the endpoint table and its zod schemas
// (issue 13): what the server parses and answers is what the document says. Served at
// /api/v1/openapi.json and read by the reference page (/developpeurs/api) and the contract tests.
import { z } from "zod";
import { components } from "./schemas";
import { endpoints, type Endpoint } from "./endpoints.server";

type Json = Record<string, unknown>;

const REF = (id: string) => `#/components/schemas/${id}`;

/** A schema of the table as a reference to its component (every answer and body is one, named if need be). */
function schemaOf(schema: z.ZodType): Json {
  return { $ref: REF(components.get(schema)!.id) };
}

function parameters(e: Endpoint): Json[] {
  const out: Json[] = [];
  for (const [where, obj] of [
    ["path", e.params],
    ["query", e.query],
  ] as const) {
    if (!obj) continue;
    const js = z.toJSONSchema(obj, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as {
      properties?: Record<string, Json>;
      required?: string[];
    };
    for (const [name, schema] of Object.entries(js.properties ?? {})) {
      const { description, ...rest } = schema as Json & { description?: string };
      out.push({
        name,
        in: where,
        required: where === "path" || (js.required ?? []).includes(name),
        schema: rest,
        ...(description ? { description } : {}),
      });
    }
  }
  if (e.access === "write") {
    out.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description:
        "Une clé unique par opération (par exemple un UUID) : la même requête répétée avec la même clé n’est exécutée qu’une fois, et sa réponse est rejouée pendant 24 heures.",
      schema: { type: "string", minLength: 1, maxLength: 255 },
    });
  }
  return out;
}

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: { $ref: REF("Problem") } } } });

let cached: Json | null = null;

export function openApiDocument(): Json {
  if (cached) return cached;
  // Answers and bodies not named in schemas.ts are named after their operation.
  for (const e of endpoints) {
    const title = e.id.charAt(0).toUpperCase() + e.id.slice(1);
    if (e.response !== "binary" && !components.has(e.response)) components.add(e.response, { id: `${title}Response` });
    if (e.body && !components.has(e.body)) components.add(e.body, { id: `${title}Body` });
  }
  const { schemas } = z.toJSONSchema(components, { target: "draft-2020-12", uri: REF, unrepresentable: "any" }) as {
    schemas: Record<string, Json>;
  };
  // Bodies are documented as a client sends them (defaults make fields optional), answers as they come back.
  const inputs = (
    z.toJSONSchema(components, { target: "draft-2020-12", uri: REF, unrepresentable: "any", io: "input" }) as {
      schemas: Record<string, Json>;
    }
  ).schemas;
  for (const e of endpoints) if (e.body) schemas[components.get(e.body)!.id] = inputs[components.get(e.body)!.id];
  for (const s of Object.values(schemas)) {
    delete s.$schema;
    delete s.$id;
  }
  const paths: Record<string, Record<string, Json>> = {};
  for (const e of endpoints) {
    const ok =
      e.response === "binary"
        ? {
            description: "Le fichier, avec son type (PDF, image, tableur…) dans Content-Type",
            content: { "*/*": { schema: { type: "string", contentEncoding: "binary" } } },
          }
        : { description: "Réussi", content: { "application/json": { schema: schemaOf(e.response) } } };
    const responses: Record<string, Json> = {
      [String(e.status ?? 200)]: ok,
      "400": problem("Paramètres refusés (le détail par paramètre est dans « errors »)"),
      "401": problem("Jeton absent, inconnu, expiré ou révoqué"),
      "403": problem("Le jeton ne permet pas cette opération (lecture seule, double authentification exigée par l’appel)"),
      "404": problem("Introuvable, ou hors de portée du jeton (les deux se confondent : un identifiant ne révèle rien)"),
      "429": problem("Trop de requêtes pour ce jeton : réessayer après Retry-After secondes"),
    };
    if (e.access === "write") {
      responses["409"] = problem("Une requête avec la même Idempotency-Key est en cours");
      responses["422"] = problem("La même Idempotency-Key a déjà servi pour une autre requête");
    }
    const op: Json = {
      operationId: e.id,
      summary: e.summary,
      ...(e.description ? { description: e.description } : {}),
      tags: [e.tag],
      parameters: parameters(e),
      responses,
      ...(e.access === "write" ? { "x-trame-access": "write" } : { "x-trame-access": "read" }),
    };
    if (e.body) op.requestBody = { required: true, content: { "application/json": { schema: schemaOf(e.body) } } };
    (paths[e.path] ??= {})[e.method] = op;
  }
  cached = {
    openapi: "3.1.0",
    info: {
      title: "API de Trame",
      version: "1.0.0",
      description:
        "Lire les appels, leurs formulaires, les dossiers déposés, leurs versions et pièces, les évaluations, les décisions et la communauté ; enregistrer une évaluation ou une note. " +
        "Authentification : un jeton d’accès personnel (créé depuis « Mon compte »), envoyé en « Authorization: Bearer … ». " +
        "Un jeton agit pour la personne qui l’a créé, sur les appels qu’il nomme, sans jamais élargir ses droits. Erreurs au format RFC 9457.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearer: [] }],
    tags: [...new Set(endpoints.map((e) => e.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas,
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "Jeton d’accès personnel, commençant par « trame_ »" } },
    },
  };
  return cached;
}
