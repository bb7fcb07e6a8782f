// The call's answer letters, one per decision, with the placeholders they may use.
import { Form, useActionData, useLoaderData } from "react-router";
import { StudioLetterForm } from "../domain/calls/inputs.server";
import { letterTemplates, saveLetterTemplate } from "../domain/decisions/answers.server";
import { DECISIONS, PLACEHOLDERS, type Decision } from "../domain/decisions/letters";
import { parseForm } from "../http/parse-form.server";
import { t } from "../i18n/i18n";
import { attempt } from "../lib/route-helpers.server";
import { loadStudio, studioHeader } from "../lib/studio-route.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { StudioLayout } from "../ui/studio";
import type { Route } from "./+types/studio-letters";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "studio.nav.letters");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { call, problems } = await loadStudio(context, request, params.callId);
  return {
    h: studioHeader(context, call, problems),
    letters: await letterTemplates(context.services.db, call.id),
    placeholders: Object.entries(PLACEHOLDERS),
  };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const { user } = await loadStudio(context, request, params.callId);
  const parsed = parseForm(await request.formData(), StudioLetterForm, context.locale);
  if (!parsed.ok) return { error: t(context.locale, "error.badRequest"), decision: "accepted" as Decision, typed: null };
  const { decision, subject, body } = parsed.value;
  const r = await attempt(context, () =>
    saveLetterTemplate(context.services.db, { callId: params.callId, decision, subject, body, actorId: user.id }),
  );
  return r.ok
    ? { notice: t(context.locale, "studio.saved"), decision, typed: null }
    : { error: r.error, decision, typed: { subject, body } };
}

export default function StudioLetters() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <StudioLayout h={d.h} heading={t("studio.nav.letters")} result={result}>
      <p>{t("studio.letters.intro")}</p>
      <dl className="placeholders">
        {d.placeholders.map(([name, doc]) => (
          <div key={name}>
            <dt>
              <code>{`{${name}}`}</code>
            </dt>
            <dd>{doc}</dd>
          </div>
        ))}
      </dl>
      {DECISIONS.map((decision) => {
        const typed = result?.decision === decision ? result.typed : null;
        const letter = d.letters[decision];
        return (
          <section key={decision} aria-labelledby={`letter-${decision}`}>
            <h2 id={`letter-${decision}`}>{t(`dossier.decision.${decision}` as "dossier.decision.accepted")}</h2>
            <Form method="post" key={typed ? "typed" : `${letter.subject}${letter.body.length}`}>
              <input type="hidden" name="decision" value={decision} />
              <div className="field">
                <label htmlFor={`subject-${decision}`}>{t("studio.letters.subject")}</label>
                <input
                  id={`subject-${decision}`}
                  name="subject"
                  type="text"
                  maxLength={500}
                  defaultValue={typed?.subject ?? letter.subject}
                />
              </div>
              <div className="field">
                <label htmlFor={`body-${decision}`}>{t("studio.letters.body")}</label>
                <textarea id={`body-${decision}`} name="body" rows={14} defaultValue={typed?.body ?? letter.body} />
              </div>
              <button type="submit" className="button primary">
                {t("studio.save")}
              </button>
            </Form>
          </section>
        );
      })}
    </StudioLayout>
  );
}
