// The call as a versioned JSON file, for another instance (or next year's call) to import.
import { exportCall } from "../domain/calls/studio.server";
import { NotFound } from "../lib/errors";
import { notFound, requireUser } from "../lib/route-helpers.server";
import type { Route } from "./+types/studio-export";

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  try {
    const file = await exportCall(context.services.db, params.callId, user.id);
    return new Response(JSON.stringify(file, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="appel-${file.slug ?? "trame"}.json"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
}
