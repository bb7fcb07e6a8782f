import { orNotFound } from "../lib/route-helpers.server";
// An organisation's data, for its members, as a ZIP (données.json and the dossiers' files).
import { PassThrough, Readable } from "node:stream";
import { organisationDataArchive } from "../domain/privacy/personal-data.server";
import { contentDisposition } from "../lib/http.server";
import { requireUser } from "../lib/route-helpers.server";
import type { Route } from "./+types/org-data";

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const { db, storage } = context.services;
  const archive = await orNotFound(context, organisationDataArchive(db, storage, { organizationId: params.orgId, userId: user.id }));
  const out = new PassThrough();
  // Written while the answer is sent, and counted as the request's work until it ends (ADR 055).
  context.services.requests.track(archive.write(out)).catch((e) => {
    context.services.log.error({ err: e }, "organisation data export failed");
    out.destroy(e as Error);
  });
  return new Response(Readable.toWeb(out) as ReadableStream, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": contentDisposition(archive.filename),
      "Cache-Control": "private, no-store",
    },
  });
}
