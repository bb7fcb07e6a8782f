import type { Route } from "./+types/admin-email-attachment";
import { contentDisposition } from "../lib/http.server";
import { notFound, requireOrganiser } from "../lib/route-helpers.server";

export async function loader({ params, context, request }: Route.LoaderArgs) {
  requireOrganiser(context, request);
  const row = await context.services.db.selectFrom("email").select("attachments_json").where("id", "=", params.emailId).executeTakeFirst();
  const att = row
    ? (JSON.parse(row.attachments_json) as { filename: string; contentType: string; storageKey: string }[])[Number(params.n)]
    : undefined;
  if (!att) notFound(context);
  const data = await context.services.storage.get(att.storageKey);
  return new Response(new Uint8Array(data), {
    headers: {
      "Content-Type": att.contentType,
      "Content-Disposition": contentDisposition(att.filename),
      "Cache-Control": "private, no-store",
    },
  });
}
