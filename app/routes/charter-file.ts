import { communityFileDownload } from "../domain/charter/charter.server";
import { downloadResponse } from "../lib/http.server";
import { orNotFound, requireUser } from "../lib/route-helpers.server";
import type { Route } from "./+types/charter-file";

/** A file of the graphic kit or the descriptive sheet template, as a download. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const { file, data } = await orNotFound(context, communityFileDownload(context.services, { fileId: params.fileId, userId: user.id }));
  return downloadResponse(data, file);
}
