import { postFileDownload } from "../domain/community/exchanges.server";
import { downloadResponse } from "../lib/http.server";
import { orNotFound, requireUser } from "../lib/route-helpers.server";
import type { Route } from "./+types/community-post-file";

/** A file attached to a discussion post: community members and organisers, as a download. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const { file, data } = await orNotFound(
    context,
    postFileDownload(context.services, { postId: params.postId, fileId: params.fileId, userId: user.id }),
  );
  return downloadResponse(data, file);
}
