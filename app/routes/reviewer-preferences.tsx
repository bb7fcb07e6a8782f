import { preferencesView } from "../domain/review/views.server";
import { orNotFound } from "../lib/route-helpers.server";
// A reviewer's preferences on a call's dossiers, before the assignment: interested, no preference, not
// interested, or a conflict of interest (declared at once, and final). The assignment honours them within
// its hard limits; a conflict is never assigned.
import { Form, Link, useActionData, useLoaderData } from "react-router";
import { PREFERENCE_CHOICES } from "../domain/review/assignment";
import { preferencesOf, savePreferences } from "../domain/review/assignment-flow.server";
import { postedPreferences } from "../domain/review/inputs.server";
import { t as translate } from "../i18n/i18n";
import { NotFound } from "../lib/errors";
import { attempt, notFound, requireTeamSecurity, requireUser } from "../lib/route-helpers.server";
import { ErrorSummary, Notice } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { PhaseBanner } from "../ui/phase-banner";
import { TableScroll } from "../ui/table-scroll";
import type { Route } from "./+types/reviewer-preferences";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "preferences.title");

async function access(context: Route.LoaderArgs["context"], request: Request, callId: string) {
  const user = requireUser(context, request);
  const db = context.services.db;
  try {
    const rows = await preferencesOf(db, { callId, reviewerId: user.id });
    await requireTeamSecurity(context, user, callId);
    return { user, rows };
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
}

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const view = await orNotFound(context, preferencesView(context.services.db, params.callId, user.id, context.locale));
  await requireTeamSecurity(context, user, params.callId);
  return view;
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const { user } = await access(context, request, params.callId);
  const L = context.locale;
  const choices = postedPreferences(await request.formData());
  const r = await attempt(context, () =>
    savePreferences(context.services.db, { callId: params.callId, reviewerId: user.id, choices, locale: L }),
  );
  if (!r.ok) return { error: r.error };
  return {
    notice:
      translate(L, "preferences.saved") +
      (r.value.conflicts ? ` ${translate(L, "preferences.conflictsDeclared", { n: r.value.conflicts })}` : ""),
  };
}

const LABEL = {
  interested: "preferences.interested",
  neutral: "preferences.neutral",
  not: "preferences.not",
  conflict: "preferences.conflict",
} as const;

export default function ReviewerPreferences() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <div className="page wide">
      <p>
        <Link to="/instruction">← {t("myReviews.title")}</Link>
      </p>
      <h1>{t("preferences.heading", { title: d.title })}</h1>
      <PhaseBanner phase={d.phase} />
      {result?.notice ? <Notice kind="success">{result.notice}</Notice> : null}
      {result?.error ? <ErrorSummary title={t("error.title")} errors={[{ message: result.error }]} /> : null}
      <p>{t("preferences.intro")}</p>
      {d.rows.length ? (
        <Form method="post">
          <TableScroll>
            <table className="data-table">
              <caption className="visually-hidden">{t("preferences.heading", { title: d.title })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("instruction.name")}</th>
                  <th scope="col">{t("preferences.choice")}</th>
                </tr>
              </thead>
              <tbody>
                {d.rows.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      {r.name} {r.departement ? `(${r.departement})` : ""}
                    </th>
                    <td>
                      {r.choice === "conflict" ? (
                        t("preferences.conflictDeclared")
                      ) : (
                        <fieldset className="inline-choices">
                          <legend className="visually-hidden">{t("preferences.choiceFor", { name: r.name })}</legend>
                          {PREFERENCE_CHOICES.map((c) => (
                            <span className="choice" key={c}>
                              <input
                                type="radio"
                                id={`pref-${r.id}-${c}`}
                                name={`pref.${r.id}`}
                                value={c}
                                defaultChecked={r.choice === c}
                              />
                              <label htmlFor={`pref-${r.id}-${c}`}>{t(LABEL[c])}</label>
                            </span>
                          ))}
                        </fieldset>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <p className="hint">{t("preferences.conflictHint")}</p>
          <button type="submit" className="button primary">
            {t("preferences.save")}
          </button>
        </Form>
      ) : (
        <p>{t("preferences.none")}</p>
      )}
    </div>
  );
}
