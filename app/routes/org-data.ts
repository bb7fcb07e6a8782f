// An organisation's data, for its members, as a ZIP (données.json and the dossiers' files).
import { PassThrough, Readable } from "node:stream";
import type { Route } from "./+types/org-data";
import { writeOrganisationData } from "../domain/privacy/personal-data.server";
import { organisationForMember } from "../domain/organisations/organisations.server";
import { slugify } from "../domain/applications/receipt.server";
import { parisToday } from "../lib/paris-time";
import { contentDisposition } from "../lib/http.server";
import { notFound, requireUser } from "../lib/route-helpers.server";
import { NotFound } from "../lib/errors";

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const { db, storage } = context.services;
  const { org } = await organisationForMember(db, user.id, params.orgId).catch((e) => {
    if (e instanceof NotFound) notFound(context);
    throw e;
  });
  const out = new PassThrough();
  writeOrganisationData(db, storage, { organizationId: params.orgId, userId: user.id }, out).catch((e) => {
    context.services.log.error({ err: e }, "organisation data export failed");
    out.destroy(e as Error);
  });
  return new Response(Readable.toWeb(out) as ReadableStream, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": contentDisposition(`trame-${slugify(org.name) || "organisation"}-${parisToday()}.zip`),
      "Cache-Control": "private, no-store",
    },
  });
}
