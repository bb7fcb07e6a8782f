import { capturedEmailAttachment } from "../domain/calls/instruction.server";
import { contentDisposition } from "../lib/http.server";
import { orNotFound, requireOrganiser } from "../lib/route-helpers.server";
import type { Route } from "./+types/admin-email-attachment";

export async function loader({ params, context, request }: Route.LoaderArgs) {
  requireOrganiser(context, request);
  const att = await orNotFound(context, capturedEmailAttachment(context.services, params.emailId, Number(params.n)));
  return new Response(new Uint8Array(att.data), {
    headers: {
      "Content-Type": att.contentType,
      "Content-Disposition": contentDisposition(att.filename),
      "Cache-Control": "private, no-store",
    },
  });
}
