import { Form, Link, useActionData, useLoaderData } from "react-router";
import { saveProfile } from "../domain/community/community.server";
import { MemberProfileForm } from "../domain/community/inputs.server";
import { communityView } from "../domain/community/views.server";
import { parseForm } from "../http/parse-form.server";
import { t as translate } from "../i18n/i18n";
import { requireCommunity } from "../lib/community-route.server";
import { formatMonth } from "../lib/paris-time";
import { attempt } from "../lib/route-helpers.server";
import { ErrorSummary, Notice } from "../ui/forms";
import { MapWithRegions } from "../ui/france-map";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/community";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "community.title");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { access } = await requireCommunity(context, request, params.callId);
  const search = new URL(request.url).searchParams;
  const planned = Number(search.get("planifie") ?? 0);
  return {
    ...(await communityView(context.services.db, params.callId, access, context.locale)),
    // Opened from the organiser's request to widen a hosting period: that member's hosting offer is shown open.
    openProfile: search.get("accueil"),
    planned: Number.isInteger(planned) && planned > 0 ? planned : 0,
  };
}

export async function action({ params, context, request }: Route.ActionArgs): Promise<{ error?: string; notice?: string } | Response> {
  const { user } = await requireCommunity(context, request, params.callId);
  const parsed = parseForm(await request.formData(), MemberProfileForm, context.locale);
  if (!parsed.ok) return { error: Object.values(parsed.errors)[0] };
  const r = await attempt(context, () => saveProfile(context.services.db, { callId: params.callId, userId: user.id, ...parsed.value }));
  return r.ok ? { notice: translate(context.locale, "community.profileSaved") } : { error: r.error };
}

function EventList({
  items,
  callId,
}: {
  items: { id: string; title: string; when: string; kind: string; status: string; host_name: string | null; address: string }[];
  callId: string;
}) {
  const { t } = useT();
  return (
    <ul className="card-list">
      {items.map((e) => (
        <li key={e.id} className="card">
          <h3>
            <Link to={`/communaute/${callId}/evenements/${e.id}`}>{e.title}</Link>
          </h3>
          <p>
            {t(e.kind === "visit" ? "events.kind.visit" : "events.kind.meeting")} — {e.when} — {e.address}
            {e.status === "cancelled" ? ` — ${t("events.cancelled")}` : ""}
          </p>
        </li>
      ))}
    </ul>
  );
}

export default function Community() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, locale } = useT();
  return (
    <div className="page wide">
      <h1>{t("community.heading", { title: d.title })}</h1>
      <p>{t("community.period", { start: d.period.start, end: d.period.end })}</p>
      {d.planned ? <Notice kind="success">{t("community.planned", { n: d.planned })}</Notice> : null}
      {result?.notice ? <Notice kind="success">{result.notice}</Notice> : null}
      {result?.error ? <ErrorSummary title={t("error.title")} errors={[{ message: result.error }]} /> : null}
      <ul className="inline-links">
        <li>
          <Link to={`/communaute/${d.callId}/echanges`}>{t("exchanges.title")}</Link>
        </li>
        <li>
          <Link to={`/communaute/${d.callId}/capitalisation`}>{t("sheets.title")}</Link>
        </li>
        <li>
          <Link to={`/communaute/${d.callId}/indicateurs`}>{t("indicators.title")}</Link>
        </li>
        <li>
          <Link to={`/communaute/${d.callId}/programme`}>{t("programme.title")}</Link>
        </li>
        {d.role === "organiser" ? (
          <li>
            <Link to={`/communaute/${d.callId}/participation`}>{t("participation.title")}</Link>
          </li>
        ) : null}
      </ul>
      {d.role === "organiser" ? (
        <ul className="inline-links">
          <li>
            <Link to={`/communaute/${d.callId}/visites/planifier`}>{t("community.planVisits")}</Link>
          </li>
          <li>
            <Link to={`/communaute/${d.callId}/evenements/nouveau`}>{t("community.newEvent")}</Link>
          </li>
        </ul>
      ) : null}
      <section aria-labelledby="events-title">
        <h2 id="events-title">{t("community.upcoming")}</h2>
        {d.upcoming.length ? <EventList items={d.upcoming} callId={d.callId} /> : <p>{t("community.noEvents")}</p>}
        {d.past.length ? (
          <details>
            <summary>{t("community.past", { n: d.past.length })}</summary>
            <EventList items={d.past} callId={d.callId} />
          </details>
        ) : null}
      </section>
      <section aria-labelledby="members-title">
        <h2 id="members-title">{t("community.members", { n: d.members.length })}</h2>
        <MapWithRegions entries={d.map} mapTitle={t("community.mapTitle")} regions={d.regions} countLabel={t("community.memberCount")} />
        <ul className="card-list">
          {d.members.map((m) => (
            <li key={m.organizationId} className="card" id={`accueil-${m.organizationId}`}>
              <h3>
                <Link to={`/communaute/${d.callId}/membres/${m.organizationId}`}>{m.name}</Link>
              </h3>
              <p className="meta">
                {m.commune ?? "—"}
                {m.departement ? ` (${m.departement})` : ""} — {m.regionName ?? ""}
              </p>
              {m.description ? <p>{m.description}</p> : null}
              {m.hosts ? (
                <p>
                  {t("community.hostsOffer", {
                    from: m.hostFrom ? formatMonth(m.hostFrom, locale) : "",
                    to: m.hostTo ? formatMonth(m.hostTo, locale) : "",
                    experiences: m.hostExperiences,
                  })}
                </p>
              ) : null}
              {d.mine.includes(m.organizationId) ? (
                <details open={d.openProfile === m.organizationId || undefined}>
                  <summary>{t("community.editProfile")}</summary>
                  <Form method="post">
                    <input type="hidden" name="organizationId" value={m.organizationId} />
                    <div className="field">
                      <label htmlFor={`desc-${m.organizationId}`}>{t("community.description")}</label>
                      <textarea id={`desc-${m.organizationId}`} name="description" rows={4} defaultValue={m.description} maxLength={2000} />
                    </div>
                    <div className="choice">
                      <input type="checkbox" id={`hosts-${m.organizationId}`} name="hosts" value="yes" defaultChecked={m.hosts} />
                      <label htmlFor={`hosts-${m.organizationId}`}>{t("community.hosts")}</label>
                    </div>
                    <div className="field">
                      <label htmlFor={`exp-${m.organizationId}`}>{t("community.hostExperiences")}</label>
                      <textarea
                        id={`exp-${m.organizationId}`}
                        name="hostExperiences"
                        rows={3}
                        defaultValue={m.hostExperiences}
                        maxLength={2000}
                      />
                    </div>
                    <div className="inline-form">
                      <div className="field">
                        <label htmlFor={`from-${m.organizationId}`}>{t("community.hostFrom")}</label>
                        <input
                          id={`from-${m.organizationId}`}
                          name="hostFrom"
                          type="month"
                          min={d.period.startMonth}
                          max={d.period.endMonth}
                          defaultValue={m.hostFrom ?? ""}
                        />
                      </div>
                      <div className="field">
                        <label htmlFor={`to-${m.organizationId}`}>{t("community.hostTo")}</label>
                        <input
                          id={`to-${m.organizationId}`}
                          name="hostTo"
                          type="month"
                          min={d.period.startMonth}
                          max={d.period.endMonth}
                          defaultValue={m.hostTo ?? ""}
                        />
                      </div>
                    </div>
                    <button type="submit" className="button">
                      {t("common.save")}
                    </button>
                  </Form>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
