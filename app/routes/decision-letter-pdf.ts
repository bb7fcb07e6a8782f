import type { Route } from "./+types/decision-letter-pdf";
import { letterPdf } from "../domain/decisions/answers.server";
import { dossierForMember } from "../domain/applications/dossiers.server";
import { roleInCall } from "../domain/access/policy.server";
import { NotFound } from "../lib/errors";
import { contentDisposition } from "../lib/http.server";
import { notFound, requireUser } from "../lib/route-helpers.server";
import { recordAccess } from "../security/access-log.server";

/** A sent decision letter: for the organisation's members and the call's organisers. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const db = context.services.db;
  try {
    const { pdf, filename, answer } = await letterPdf(db, params.answerId);
    if (answer.dossier_id !== params.id) throw new NotFound();
    const organiser = (await roleInCall(db, user.id, answer.call_id)) === "organiser";
    if (!organiser) await dossierForMember(db, user.id, params.id);
    else await recordAccess(db, { actorId: user.id, role: "organiser", action: "letter", callId: answer.call_id, dossierId: params.id });
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": contentDisposition(filename),
        "Cache-Control": "private, no-store",
      },
    });
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
}
