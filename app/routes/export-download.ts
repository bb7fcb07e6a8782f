import { Readable } from "node:stream";
import type { Route } from "./+types/export-download";
import { exportForDownload } from "../domain/exports/exports.server";
import { NotFound } from "../lib/errors";
import { contentDisposition } from "../lib/http.server";
import { notFound, requireUser } from "../lib/route-helpers.server";
import { recordAccess } from "../security/access-log.server";

const TYPES = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  zip: "application/zip",
};

/** A finished export, streamed from storage as a download, for the call's organisers only. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  try {
    const e = await exportForDownload(context.services.db, { exportId: params.exportId, userId: user.id });
    await recordAccess(context.services.db, { actorId: user.id, role: "organiser", action: "export", callId: e.call_id, detail: e.format });
    const stream = context.services.storage.readStream(e.storage_key!);
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      headers: {
        "Content-Type": TYPES[e.format],
        "Content-Disposition": contentDisposition(e.filename!),
        "Content-Length": String(e.size ?? ""),
        "Cache-Control": "private, no-store",
      },
    });
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
}
