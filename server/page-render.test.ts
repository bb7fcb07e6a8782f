// How a page is rendered on the server. React Router is patched (patches/react-router+7.18.7.patch,
// ADR 054) so that a page's render reuses the routes of the build instead of building ~100 route objects
// twice per request: the patch is applied, and sharing the routes shares nothing of one request with the
// next, through Trame's own entry (app/entry.server.tsx).
import { createElement, useContext } from "react";
import { renderToString } from "react-dom/server";
import {
  createRequestHandler,
  createStaticHandler,
  createStaticRouter,
  Outlet,
  StaticRouterProvider,
  UNSAFE_DataRouterContext,
  Scripts,
  useLoaderData,
  type RouteObject,
  type ServerBuild,
} from "react-router";
import { describe, expect, it } from "vitest";
import handleRequest, { streamTimeout } from "../app/entry.server";

function Dossier() {
  const d = useLoaderData() as { name: string };
  return createElement("p", null, `Dossier de ${d.name}`);
}

const routes: RouteObject[] = [
  {
    id: "root",
    path: "/",
    children: [
      { id: "dossier", path: "dossiers/:id", Component: Dossier, loader: ({ params }) => ({ name: `l'association ${params.id}` }) },
    ],
  },
];

async function render(path: string) {
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request(`http://trame.test${path}`));
  if (context instanceof Response) throw new Error(`unexpected response for ${path}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  return { router, html: renderToString(createElement(StaticRouterProvider, { router, context, hydrate: false })) };
}

describe("the server render's routes, built once", () => {
  it("are converted once for the same routes, whatever the request", async () => {
    const a = await render("/dossiers/A");
    const b = await render("/dossiers/B");
    // A new handler each time, as above, gives new routes: the same handler's routes are what a build gives.
    const handler = createStaticHandler(routes);
    const ctx1 = await handler.query(new Request("http://trame.test/dossiers/1"));
    const ctx2 = await handler.query(new Request("http://trame.test/dossiers/2"));
    if (ctx1 instanceof Response || ctx2 instanceof Response) throw new Error("unexpected response");
    expect(createStaticRouter(handler.dataRoutes, ctx1).routes).toBe(createStaticRouter(handler.dataRoutes, ctx2).routes);
    expect(a.router.routes).not.toBe(b.router.routes);
  });

  it("render each request's own location and data, one after the other and at once", async () => {
    const handler = createStaticHandler(routes);
    const page = async (id: string) => {
      const context = await handler.query(new Request(`http://trame.test/dossiers/${id}`));
      if (context instanceof Response) throw new Error("unexpected response");
      const router = createStaticRouter(handler.dataRoutes, context);
      return { router, context };
    };
    // Both routers are made before either renders: a router that kept the last request's state would show it twice.
    const [one, two] = await Promise.all([page("un"), page("deux")]);
    expect(one.router.routes).toBe(two.router.routes);
    const html = (p: typeof one) =>
      renderToString(createElement(StaticRouterProvider, { router: p.router, context: p.context, hydrate: false }));
    expect(html(one)).toContain("Dossier de l&#x27;association un");
    expect(html(two)).toContain("Dossier de l&#x27;association deux");
    expect(one.router.state.location.pathname).toBe("/dossiers/un");
    expect(two.router.state.location.pathname).toBe("/dossiers/deux");
    expect(html(one)).not.toContain("deux");
  });
});

// A build of two routes, as React Router's compiler writes one, rendered through its own request handler
// and Trame's entry, as every page of Trame is. Each page says which routes its router holds.
const seen: unknown[] = [];
function Root() {
  seen.push(useContext(UNSAFE_DataRouterContext)?.router.routes);
  return createElement("main", null, createElement(Outlet), createElement(Scripts));
}
const route = (id: string, path: string, parentId?: string) => ({
  id,
  path,
  parentId,
  hasAction: false,
  hasLoader: id !== "root",
  hasClientAction: false,
  hasClientLoader: false,
  hasClientMiddleware: false,
  hasDefaultExport: true,
  hasErrorBoundary: false,
  module: `/assets/${id}.js`,
});
/** A build of two routes, as React Router's compiler writes one, its entry Trame's own. */
const pagesBuild = () =>
  ({
    entry: { module: { default: handleRequest, streamTimeout } },
    routes: {
      root: { id: "root", path: "", module: { default: Root } },
      dossier: {
        id: "dossier",
        parentId: "root",
        path: "dossiers/:id",
        module: {
          default: Dossier,
          loader: ({ params }: { params: { id: string } }) => ({ name: `l'association ${params.id}` }),
        },
      },
    },
    assets: {
      entry: { module: "/assets/entry.js", imports: [] },
      routes: { root: route("root", ""), dossier: route("dossier", "dossiers/:id", "root") },
      url: "/assets/manifest.js",
      version: "test",
    },
    assetsBuildDirectory: "build/client",
    basename: "/",
    future: { v8_middleware: false, v8_passThroughRequests: false, v8_trailingSlashAwareDataRequests: false },
    isSpaMode: false,
    prerender: [],
    publicPath: "/",
    routeDiscovery: { mode: "initial" },
    ssr: true,
  }) as unknown as ServerBuild;

describe("a build's pages", () => {
  it("are the same for every page, each page rendering its own", async () => {
    const handle = createRequestHandler(pagesBuild(), "production");
    const page = async (id: string) => {
      const res = await handle(new Request(`http://trame.test/dossiers/${id}`));
      expect(res.status).toBe(200);
      return res.text();
    };
    seen.length = 0;
    const [un, deux] = await Promise.all([page("un"), page("deux")]);
    const trois = await page("trois");
    expect(un).toContain("Dossier de l&#x27;association un");
    expect(deux).toContain("Dossier de l&#x27;association deux");
    expect(trois).toContain("Dossier de l&#x27;association trois");
    expect(un).not.toContain("deux");
    expect(seen).toHaveLength(3);
    expect(seen[0]).toBeDefined();
    expect(seen[1]).toBe(seen[0]);
    expect(seen[2]).toBe(seen[0]);
  });
});
