import { letterFor } from "../domain/decisions/answers.server";
import { contentDisposition } from "../lib/http.server";
import { orNotFound, requireUser } from "../lib/route-helpers.server";
import type { Route } from "./+types/decision-letter-pdf";

/** A sent decision letter: for the organisation's members and the call's organisers. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const { pdf, filename } = await orNotFound(
    context,
    letterFor(context.services.db, { userId: user.id, dossierId: params.id, answerId: params.answerId }),
  );
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": contentDisposition(filename),
      "Cache-Control": "private, no-store",
    },
  });
}
