import type { Route } from "./+types/community-report-pdf";
import { capitalisationReport } from "../domain/community/sheets.server";
import { commitmentPeriod, defaultReportPeriod } from "../domain/community/community.server";
import { localized } from "../forms/definition";
import { isCivilDate, parisToday } from "../lib/paris-time";
import { DomainError, NotFound } from "../lib/errors";
import { t } from "../i18n/i18n";
import { notFound, requireUser } from "../lib/route-helpers.server";

/** The compiled capitalisation report of a period, for the community's members and organisers. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const url = new URL(request.url);
  try {
    const { start, end, call } = await commitmentPeriod(context.services.db, params.callId);
    const period = defaultReportPeriod({ start, end }, parisToday());
    const from = isCivilDate(url.searchParams.get("du") ?? "") ? url.searchParams.get("du")! : period.from;
    const to = isCivilDate(url.searchParams.get("au") ?? "") ? url.searchParams.get("au")! : period.to;
    const pdf = await capitalisationReport(context.services.db, {
      callId: params.callId,
      userId: user.id,
      from,
      to,
      title: `Capitalisation — ${localized(call.content.title, "fr")}`,
    });
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="capitalisation-${from}-${to}.pdf"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    if (e instanceof DomainError)
      return new Response(t(context.locale, e.messageKey, e.vars), {
        status: e.status,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    throw e;
  }
}
