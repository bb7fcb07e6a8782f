import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/call";
import { findCallBySlug, isOpen } from "../domain/calls/calls.server";
import { localized } from "../forms/definition";
import { formatParisDate, timeLeft } from "../lib/paris-time";
import { notFound } from "../lib/route-helpers.server";
import { useT } from "../ui/i18n";

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data ? `${data.title} — Trame` : "Trame" }];
}

export async function loader({ params, context }: Route.LoaderArgs) {
  const call = await findCallBySlug(context.services.db, params.slug);
  if (!call || call.status !== "published") notFound(context);
  const L = context.locale;
  const c = call.content;
  const now = new Date();
  return {
    slug: call.slug,
    title: localized(c.title, L),
    subtitle: localized(c.subtitle, L),
    organiser: c.organiser,
    presentation: localized(c.presentation, L),
    conditions: c.conditions.map((x) => localized(x, L)),
    conditionsNote: localized(c.conditionsNote, L),
    commitmentsIntro: localized(c.commitmentsIntro, L),
    commitments: c.commitments.map((x) => localized(x, L)),
    howToApply: localized(c.howToApply, L),
    parts: c.parts.map((x) => localized(x, L)),
    contact: c.contact,
    deadline: formatParisDate(call.timeline.deadline, L),
    answers: formatParisDate(call.timeline.answers, L),
    communityStart: formatParisDate(call.timeline.communityStart, L),
    opens: formatParisDate(call.timeline.opens, L),
    open: isOpen(call, now),
    notYet: now < call.opensAt,
    left: timeLeft(call.closesAt, now),
    closesAt: call.closesAt.toISOString(),
  };
}

export default function CallPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="page">
      <p className="meta">{d.organiser}</p>
      <h1>{d.title}</h1>
      <p className="lead">{d.subtitle}</p>
      <div className="call-status" role="status">
        {d.open ? (
          <p>
            <strong>{t("call.countdown", { days: d.left.days, hours: d.left.hours })}</strong>
          </p>
        ) : d.notYet ? (
          <p>{t("call.notOpenYet", { date: d.opens })}</p>
        ) : (
          <p>{t("call.closed")}</p>
        )}
        {d.open ? (
          <p>
            <Link className="button primary" to={`/appels/${d.slug}/candidater`}>
              {t("call.apply")}
            </Link>
          </p>
        ) : null}
      </div>
      <section aria-labelledby="dates">
        <h2 id="dates">{t("call.dates")}</h2>
        <ul>
          <li>{t("call.deadline", { date: d.deadline })}</li>
          <li>{t("call.answers", { date: d.answers })}</li>
          <li>{t("call.community", { date: d.communityStart })}</li>
        </ul>
      </section>
      <p>{d.presentation}</p>
      <section aria-labelledby="conditions">
        <h2 id="conditions">{t("call.conditions")}</h2>
        <ol>
          {d.conditions.map((c, i) => (
            <li key={i}>{c}</li>
          ))}
        </ol>
        <p className="note">
          <strong>{t("common.labelled", { label: t("call.note"), value: "" })} </strong>
          {d.conditionsNote}
        </p>
      </section>
      <section aria-labelledby="commitments">
        <h2 id="commitments">{t("call.commitments")}</h2>
        <p>{d.commitmentsIntro}</p>
        <ul>
          {d.commitments.map((c, i) => (
            <li key={i}>{c}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="how">
        <h2 id="how">{t("call.howToApply")}</h2>
        <p>{d.howToApply}</p>
        <h3>{t("call.parts")}</h3>
        <ul>
          {d.parts.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
        <p>
          <a href={`/appels/${d.slug}/modele.pdf`} download>
            {t("call.template")}
          </a>
        </p>
      </section>
      <section aria-labelledby="contact">
        <h2 id="contact">{t("call.contact")}</h2>
        <p>
          {d.contact.name}, {d.contact.role}, {d.contact.organisation}
          <br />
          <a href={`mailto:${d.contact.email}`}>{d.contact.email}</a> — <a href={`tel:${d.contact.phone.replace(/\s/g, "")}`}>{d.contact.phone}</a>
        </p>
      </section>
    </div>
  );
}
