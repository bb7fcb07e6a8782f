// sendWebResponse: a person who leaves while a page or a file is sent is not an error of Trame.
import { afterEach, describe, expect, it } from "vitest";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sendWebResponse } from "./pages";

let server: Server | null = null;
afterEach(() => server?.close());

/** Serves one answer through sendWebResponse; resolves with what it returned (or threw). */
function serveOnce(makeResponse: () => Response) {
  let settle!: (v: string) => void;
  const outcome = new Promise<string>((r) => (settle = r));
  server = createServer((_req, res) => {
    sendWebResponse(makeResponse(), res).then(settle, (e: Error) => settle(`threw ${e.constructor.name}: ${e.message}`));
  });
  return new Promise<{ port: number; outcome: Promise<string> }>((resolve) =>
    server!.listen(0, "127.0.0.1", () => resolve({ port: (server!.address() as AddressInfo).port, outcome })),
  );
}

describe("sending a page's answer", () => {
  it("drops the rest and says so when the person leaves mid-answer, instead of throwing", async () => {
    let cancelled = false;
    let pulls = 0;
    const { port, outcome } = await serveOnce(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            async pull(c) {
              // The first part at once, then a page that takes its time (a render, a large file).
              if (pulls++ > 0) await new Promise((r) => setTimeout(r, 100));
              c.enqueue(new TextEncoder().encode(`<p>partie ${pulls}</p>`));
            },
            cancel: () => void (cancelled = true),
          }),
          { headers: { "content-type": "text/html; charset=utf-8" } },
        ),
    );
    const req = request({ port, host: "127.0.0.1", path: "/" }, (res) => res.once("data", () => res.destroy()));
    req.on("error", () => undefined);
    req.end();
    expect(await outcome).toBe("left");
    expect(cancelled).toBe(true);
  });

  it("sends status, every header (two cookies) and the whole body otherwise", async () => {
    const headers = new Headers({ "content-type": "text/plain; charset=utf-8" });
    headers.append("set-cookie", "a=1; Path=/");
    headers.append("set-cookie", "b=2; Path=/");
    const { port, outcome } = await serveOnce(() => new Response("bien reçu", { status: 201, statusText: "Créé", headers }));
    const got = await fetch(`http://127.0.0.1:${port}/`);
    expect(got.status).toBe(201);
    expect(got.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(await got.text()).toBe("bien reçu");
    expect(await outcome).toBe("sent");
  });
});
