import { capitalisationReportFor } from "../domain/community/views.server";
import { t } from "../i18n/i18n";
import { DomainError } from "../lib/errors";
import { orNotFound, requireUser } from "../lib/route-helpers.server";
import type { Route } from "./+types/community-report-pdf";

/** The compiled capitalisation report of a period, for the community's members and organisers. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const url = new URL(request.url);
  try {
    const { pdf, filename } = await orNotFound(
      context,
      capitalisationReportFor(context.services.db, {
        callId: params.callId,
        userId: user.id,
        from: url.searchParams.get("du"),
        to: url.searchParams.get("au"),
      }),
    );
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (e) {
    if (e instanceof DomainError)
      return new Response(t(context.locale, e.messageKey, e.vars), {
        status: e.status,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    throw e;
  }
}
