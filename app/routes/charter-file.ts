import { communityFileFor } from "../domain/charter/charter.server";
import { NotFound } from "../lib/errors";
import { contentDisposition } from "../lib/http.server";
import { notFound, requireUser } from "../lib/route-helpers.server";
import type { Route } from "./+types/charter-file";

/** A file of the graphic kit or the descriptive sheet template, as a download. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  try {
    const file = await communityFileFor(context.services.db, { fileId: params.fileId, userId: user.id });
    const data = await context.services.storage.get(file.storage_key);
    return new Response(new Uint8Array(data), {
      headers: {
        "Content-Type": file.mime,
        "Content-Disposition": contentDisposition(file.name),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
      },
    });
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
}
