// Everything Trame holds about the signed-in person, as a ZIP (données.json and the files they sent).
import { PassThrough, Readable } from "node:stream";
import { writePersonalData } from "../domain/privacy/personal-data.server";
import { contentDisposition } from "../lib/http.server";
import { parisToday } from "../lib/paris-time";
import { requireUser } from "../lib/route-helpers.server";
import type { Route } from "./+types/account-data";

export async function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const out = new PassThrough();
  // Written while the answer is sent, and counted as the request's work until it ends (ADR 055).
  context.services.requests.track(writePersonalData(context.services.db, context.services.storage, user.id, out)).catch((e) => {
    context.services.log.error({ err: e }, "personal data export failed");
    out.destroy(e as Error);
  });
  return new Response(Readable.toWeb(out) as ReadableStream, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": contentDisposition(`trame-mes-donnees-${parisToday()}.zip`),
      "Cache-Control": "private, no-store",
    },
  });
}
