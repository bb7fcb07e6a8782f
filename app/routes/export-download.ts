import { Readable } from "node:stream";
import { exportForDownload } from "../domain/exports/exports.server";
import { contentDisposition } from "../lib/http.server";
import { orNotFound, requireUser } from "../lib/route-helpers.server";
import type { Route } from "./+types/export-download";

const TYPES = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  zip: "application/zip",
};

/** A finished export, streamed from storage as a download, for the call's organisers only. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const e = await orNotFound(context, exportForDownload(context.services.db, { exportId: params.exportId, userId: user.id }));
  const stream = context.services.storage.readStream(e.storage_key);
  return new Response(Readable.toWeb(stream) as ReadableStream, {
    headers: {
      "Content-Type": TYPES[e.format],
      "Content-Disposition": contentDisposition(e.filename),
      "Content-Length": String(e.size ?? ""),
      "Cache-Control": "private, no-store",
    },
  });
}
