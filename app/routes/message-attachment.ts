import { messageFileFor } from "../domain/applications/messages.server";
import { downloadResponse } from "../lib/http.server";
import { orNotFound, requireUser } from "../lib/route-helpers.server";
import type { Route } from "./+types/message-attachment";

/** A message's attachment: for the dossier's members and the call's organisers, always as a download. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const { file, data } = await orNotFound(
    context,
    messageFileFor(context.services, { userId: user.id, messageId: params.messageId, fileId: params.fileId }),
  );
  return downloadResponse(data, file);
}
