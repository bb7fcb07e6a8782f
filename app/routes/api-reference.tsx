// The API's reference page (issue 13), read from the same OpenAPI document the server serves: how to get
// a token, each endpoint with its parameters and answer, the problems it may answer (each an anchor
// that problem details' « type » points to), and an example client. Public, readable without JavaScript.
import { Link, useLoaderData } from "react-router";
import { EXAMPLE_CLIENT } from "../api/example-client";
import { openApiDocument } from "../api/openapi.server";
import { problemSlug } from "../api/problems";
import { t, type MessageKey } from "../i18n/i18n";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { TableScroll } from "../ui/table-scroll";
import type { Route } from "./+types/api-reference";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "apiRef.title");

const PROBLEMS: [number, MessageKey][] = [
  [400, "api.invalidRequest"],
  [401, "api.tokenMissing"],
  [401, "api.tokenInvalid"],
  [403, "api.readOnlyToken"],
  [403, "api.twoFactorRequired"],
  [404, "error.notFound"],
  [405, "api.methodNotAllowed"],
  [409, "api.idempotencyInProgress"],
  [413, "api.bodyTooLarge"],
  [415, "api.jsonOnly"],
  [422, "api.idempotencyKeyReused"],
  [429, "limit.wait"],
];

type Schema = {
  $ref?: string;
  type?: string | string[];
  items?: Schema;
  description?: string;
  enum?: unknown[];
  format?: string;
  anyOf?: Schema[];
};

function typeOf(s: Schema | undefined): string {
  if (!s) return "";
  if (s.$ref) return s.$ref.split("/").pop()!;
  if (s.anyOf) return s.anyOf.map(typeOf).join(" | ");
  if (s.enum) return s.enum.map(String).join(" | ");
  if (s.type === "array") return `${typeOf(s.items)}[]`;
  return [s.type].flat().filter(Boolean).join(" | ") + (s.format ? ` (${s.format})` : "");
}

export async function loader({ context }: Route.LoaderArgs) {
  const L = context.locale;
  const doc = openApiDocument() as {
    paths: Record<
      string,
      Record<
        string,
        {
          operationId: string;
          summary: string;
          description?: string;
          tags: string[];
          parameters: { name: string; in: string; required: boolean; description?: string; schema: Schema }[];
          requestBody?: { content: { "application/json": { schema: Schema } } };
          responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
          "x-trame-access": string;
        }
      >
    >;
    components: { schemas: Record<string, { description?: string; properties?: Record<string, Schema>; required?: string[] }> };
  };
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const okCode = Object.keys(op.responses).find((c) => c.startsWith("2"))!;
      const ok = op.responses[okCode].content ?? {};
      const json = ok["application/json"]?.schema;
      return {
        id: op.operationId,
        method: method.toUpperCase(),
        path,
        tag: op.tags[0],
        summary: op.summary,
        description: op.description ?? null,
        access: op["x-trame-access"],
        parameters: op.parameters.map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required,
          type: typeOf(p.schema),
          description: p.description ?? null,
        })),
        body: op.requestBody ? typeOf(op.requestBody.content["application/json"].schema) : null,
        answer: json ? `${okCode} ${typeOf(json)}` : `${okCode} ${t(L, "apiRef.file")}`,
      };
    }),
  );
  const schemas = Object.entries(doc.components.schemas).map(([name, s]) => ({
    name,
    description: s.description ?? "",
    properties: Object.entries(s.properties ?? {}).map(([p, ps]) => ({
      name: p,
      type: typeOf(ps),
      required: (s.required ?? []).includes(p),
      description: ps.description ?? null,
    })),
  }));
  return {
    operations,
    schemas,
    problems: PROBLEMS.map(([status, key]) => ({
      status,
      slug: problemSlug(key),
      text: t(L, key, { seconds: 30, max: 1024 }),
    })),
    example: EXAMPLE_CLIENT,
  };
}

export default function ApiReference() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  const tags = [...new Set(d.operations.map((o) => o.tag))];
  return (
    <main id="main" className="api-reference">
      <h1>{t("apiRef.title")}</h1>
      <p>{t("apiRef.intro")}</p>
      <nav aria-labelledby="toc-title">
        <h2 id="toc-title">{t("apiRef.toc")}</h2>
        <ul>
          <li>
            <a href="#demarrer">{t("apiRef.start")}</a>
          </li>
          {tags.map((tag) => (
            <li key={tag}>
              <a href={`#${slug(tag)}`}>{tag}</a>
            </li>
          ))}
          <li>
            <a href="#objets">{t("apiRef.objects")}</a>
          </li>
          <li>
            <a href="#problemes">{t("apiRef.problems")}</a>
          </li>
          <li>
            <a href="#exemple">{t("apiRef.example")}</a>
          </li>
        </ul>
      </nav>

      <section aria-labelledby="demarrer">
        <h2 id="demarrer">{t("apiRef.start")}</h2>
        <ol>
          <li>
            {t("apiRef.step1")} <Link to="/compte/jetons">{t("tokens.title")}</Link>.
          </li>
          <li>{t("apiRef.step2")}</li>
          <li>{t("apiRef.step3")}</li>
        </ol>
        <pre>
          <code>{`curl -H "Authorization: Bearer trame_…" ${"{URL}"}/api/v1/calls`}</code>
        </pre>
        <p>
          {t("apiRef.document")} <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>
        </p>
        <ul>
          <li>{t("apiRef.pagination")}</li>
          <li>{t("apiRef.sync")}</li>
          <li>{t("apiRef.idempotency")}</li>
          <li>{t("apiRef.limits")}</li>
          <li>{t("apiRef.webhooks")}</li>
        </ul>
      </section>

      {tags.map((tag) => (
        <section key={tag} aria-labelledby={slug(tag)}>
          <h2 id={slug(tag)}>{tag}</h2>
          {d.operations
            .filter((o) => o.tag === tag)
            .map((o) => (
              <article key={o.id} aria-labelledby={`op-${o.id}`} className="api-operation">
                <h3 id={`op-${o.id}`}>
                  <code>{`${o.method} /api/v1${o.path}`}</code> — {o.summary}
                </h3>
                {o.description ? <p>{o.description}</p> : null}
                <p>
                  {o.access === "write" ? t("apiRef.needsWrite") : t("apiRef.needsRead")} {t("apiRef.answer")} <code>{o.answer}</code>
                  {o.body ? (
                    <>
                      {" "}
                      · {t("apiRef.body")} <code>{o.body}</code>
                    </>
                  ) : null}
                </p>
                {o.parameters.length ? (
                  <TableScroll label={t("apiRef.parametersOf", { op: `${o.method} ${o.path}` })}>
                    <table>
                      <caption className="visually-hidden">{t("apiRef.parametersOf", { op: `${o.method} ${o.path}` })}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t("apiRef.parameter")}</th>
                          <th scope="col">{t("apiRef.where")}</th>
                          <th scope="col">{t("apiRef.type")}</th>
                          <th scope="col">{t("apiRef.description")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {o.parameters.map((p) => (
                          <tr key={`${p.in}-${p.name}`}>
                            <th scope="row">
                              <code>{p.name}</code>
                              {p.required ? ` (${t("apiRef.required")})` : ""}
                            </th>
                            <td>{p.in}</td>
                            <td>
                              <code>{p.type}</code>
                            </td>
                            <td>{p.description ?? ""}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableScroll>
                ) : null}
              </article>
            ))}
        </section>
      ))}

      <section aria-labelledby="objets">
        <h2 id="objets">{t("apiRef.objects")}</h2>
        {d.schemas.map((s) => (
          <article key={s.name} aria-labelledby={`schema-${s.name}`}>
            <h3 id={`schema-${s.name}`}>
              <code>{s.name}</code>
            </h3>
            <p>{s.description}</p>
            {s.properties.length ? (
              <ul>
                {s.properties.map((p) => (
                  <li key={p.name}>
                    <code>{p.name}</code> : <code>{p.type}</code>
                    {p.required ? "" : ` (${t("apiRef.optional")})`}
                    {p.description ? ` — ${p.description}` : ""}
                  </li>
                ))}
              </ul>
            ) : null}
          </article>
        ))}
      </section>

      <section aria-labelledby="problemes">
        <h2 id="problemes">{t("apiRef.problems")}</h2>
        <p>{t("apiRef.problemsIntro")}</p>
        <dl>
          {d.problems.map((p) => (
            <div key={p.slug}>
              <dt id={`probleme-${p.slug}`}>
                {p.status} · <code>{p.slug}</code>
              </dt>
              <dd>{p.text}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="exemple">
        <h2 id="exemple">{t("apiRef.example")}</h2>
        <p>{t("apiRef.exampleIntro")}</p>
        <pre>
          <code>{d.example}</code>
        </pre>
      </section>
    </main>
  );
}

function slug(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-");
}
