import { messageFileFor } from "../domain/applications/messages.server";
import { contentDisposition } from "../lib/http.server";
import { orNotFound, requireUser } from "../lib/route-helpers.server";
import type { Route } from "./+types/message-attachment";

/** A message's attachment: for the dossier's members and the call's organisers, always as a download. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const { file, data } = await orNotFound(
    context,
    messageFileFor(context.services, { userId: user.id, messageId: params.messageId, fileId: params.fileId }),
  );
  return new Response(new Uint8Array(data), {
    headers: {
      "Content-Type": file.mime,
      "Content-Disposition": contentDisposition(file.name),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
