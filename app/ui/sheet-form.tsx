import { Form } from "react-router";
import { useT } from "./i18n";

export interface SheetFormValues {
  title: string;
  themes: string[];
  organizationId: string | null;
  eventId: string | null;
  content: Record<string, string | number | boolean | null>;
}

const TEXTS = ["context", "actors", "actions", "results", "impacts", "lessons", "contacts"] as const;
const FIGURES = ["jobsCreated", "jobsSecured", "peopleSupported", "trainings"] as const;

/** The experience sheet's form: its sections, figures, themes and links to a member and an event. */
export function SheetForm(props: {
  values: SheetFormValues;
  themes: { value: string; label: string }[];
  members: { id: string; name: string }[];
  events: { id: string; title: string }[];
  submit: string;
}) {
  const { t } = useT();
  const v = props.values;
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="save" />
      <div className="field">
        <label htmlFor="sheet-title">{t("sheets.field.title")}</label>
        <input id="sheet-title" name="title" type="text" defaultValue={v.title} required maxLength={200} />
      </div>
      {TEXTS.map((k) => (
        <div className="field" key={k}>
          <label htmlFor={`sheet-${k}`}>{t(`sheets.field.${k}` as "sheets.field.context")}</label>
          <textarea id={`sheet-${k}`} name={k} rows={k === "contacts" ? 2 : 5} defaultValue={String(v.content[k] ?? "")} />
        </div>
      ))}
      <fieldset>
        <legend>{t("sheets.figures")}</legend>
        <div className="inline-form">
          {FIGURES.map((k) => (
            <div className="field" key={k}>
              <label htmlFor={`sheet-${k}`}>{t(`sheets.field.${k}` as "sheets.field.jobsCreated")}</label>
              <input
                id={`sheet-${k}`}
                name={k}
                type="number"
                min={0}
                defaultValue={v.content[k] === null || v.content[k] === undefined ? "" : String(v.content[k])}
              />
            </div>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("sheets.themes")}</legend>
        {props.themes.map((th) => (
          <div className="choice" key={th.value}>
            <input type="checkbox" id={`theme-${th.value}`} name="themes" value={th.value} defaultChecked={v.themes.includes(th.value)} />
            <label htmlFor={`theme-${th.value}`}>{th.label}</label>
          </div>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="sheet-member">{t("sheets.member")}</label>
        <select id="sheet-member" name="organizationId" defaultValue={v.organizationId ?? ""}>
          <option value="">{t("sheets.community")}</option>
          {props.members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="sheet-event">{t("sheets.event")}</label>
        <select id="sheet-event" name="eventId" defaultValue={v.eventId ?? ""}>
          <option value="">{t("sheets.noEvent")}</option>
          {props.events.map((e) => (
            <option key={e.id} value={e.id}>
              {e.title}
            </option>
          ))}
        </select>
      </div>
      <div className="choice">
        <input type="checkbox" id="sheet-public" name="publicOptIn" value="yes" defaultChecked={Boolean(v.content.publicOptIn)} />
        <label htmlFor="sheet-public">{t("sheets.publicOptIn")}</label>
      </div>
      <button type="submit" className="button primary">
        {props.submit}
      </button>
    </Form>
  );
}
