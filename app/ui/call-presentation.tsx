// The public page of a call: shown to applicants, and previewed in the studio before saving.
import { Link } from "react-router";
import type { CallPageView } from "../domain/calls/call-page";
import { useT } from "./i18n";

export function CallPresentation({ d, preview = false, headingLevel = 1 }: { d: CallPageView; preview?: boolean; headingLevel?: 1 | 3 }) {
  const { t } = useT();
  const H = headingLevel === 1 ? "h1" : "h3";
  const H2 = headingLevel === 1 ? "h2" : "h4";
  const H3 = headingLevel === 1 ? "h3" : "h5";
  const id = (s: string) => (preview ? `preview-${s}` : s);
  return (
    <>
      {d.organiser ? <p className="meta">{d.organiser}</p> : null}
      <H>{d.title}</H>
      {d.subtitle ? <p className="lead">{d.subtitle}</p> : null}
      <div className="call-status" role={preview ? undefined : "status"}>
        {d.open ? (
          <p>
            <strong>{t("call.countdown", { days: d.left.days, hours: d.left.hours })}</strong>
          </p>
        ) : d.notYet ? (
          <p>{t("call.notOpenYet", { date: d.opens })}</p>
        ) : (
          <p>{t("call.closed")}</p>
        )}
        {d.open && !preview ? (
          <p>
            <Link className="button primary" to={`/appels/${d.slug}/candidater`}>
              {t("call.apply")}
            </Link>
          </p>
        ) : null}
      </div>
      <section aria-labelledby={id("dates")}>
        <H2 id={id("dates")}>{t("call.dates")}</H2>
        <ul>
          <li>{d.endOfDay ? t("call.deadline", { date: d.deadline }) : t("call.deadlineAt", { date: d.deadline })}</li>
          <li>{t("call.answers", { date: d.answers })}</li>
          {d.community ? <li>{t("call.community", { date: d.community })}</li> : null}
        </ul>
      </section>
      {d.presentation ? <p>{d.presentation}</p> : null}
      {d.conditions.length > 0 ? (
        <section aria-labelledby={id("conditions")}>
          <H2 id={id("conditions")}>
            {d.conditions.length === 1
              ? t("call.conditions.one")
              : d.conditions.length === 2
                ? t("call.conditions")
                : t("call.conditions.many")}
          </H2>
          <ol>
            {d.conditions.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ol>
          {d.conditionsNote ? (
            <p className="note">
              <strong>{t("common.labelled", { label: t("call.note"), value: "" })} </strong>
              {d.conditionsNote}
            </p>
          ) : null}
        </section>
      ) : null}
      {d.commitments.length > 0 || d.commitmentsIntro ? (
        <section aria-labelledby={id("commitments")}>
          <H2 id={id("commitments")}>{t("call.commitments")}</H2>
          {d.commitmentsIntro ? <p>{d.commitmentsIntro}</p> : null}
          <ul>
            {d.commitments.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby={id("how")}>
        <H2 id={id("how")}>{t("call.howToApply")}</H2>
        {d.howToApply ? <p>{d.howToApply}</p> : null}
        {d.parts.length > 0 ? (
          <>
            <H3>{d.parts.length === 2 ? t("call.parts") : t("call.parts.many")}</H3>
            <ul>
              {d.parts.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          </>
        ) : null}
        {!preview ? (
          <p>
            <a href={`/appels/${d.slug}/modele.pdf`} download>
              {t("call.template")}
            </a>
          </p>
        ) : null}
      </section>
      <section aria-labelledby={id("contact")}>
        <H2 id={id("contact")}>{t("call.contact")}</H2>
        <p>
          {[d.contact.name, d.contact.role, d.contact.organisation].filter(Boolean).join(", ")}
          <br />
          {d.contact.email ? <a href={`mailto:${d.contact.email}`}>{d.contact.email}</a> : null}
          {d.contact.phone ? (
            <>
              {" "}
              — <a href={`tel:${d.contact.phone.replace(/\s/g, "")}`}>{d.contact.phone}</a>
            </>
          ) : null}
        </p>
      </section>
    </>
  );
}
