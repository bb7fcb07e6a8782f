import { useT } from "./i18n";

export interface EventDefaults {
  kind?: string;
  title?: string;
  date?: string;
  start?: string;
  end?: string;
  address?: string;
  programme?: string;
  capacity?: number;
  host?: string | null;
}

/** The fields of an event (a visit or a national meeting), optionally prefixed when several are in one form. */
/** `optional`: the fields of an event the organiser may add (a date of the visit plan without a host): nothing required by the browser. */
export function EventFields({
  prefix = "",
  defaults,
  hosts,
  withKind,
  optional,
}: {
  prefix?: string;
  defaults: EventDefaults;
  hosts: { id: string; name: string }[];
  withKind?: boolean;
  optional?: boolean;
}) {
  const { t } = useT();
  const id = (k: string) => `${prefix.replace(/[^a-z0-9]/gi, "-")}${k}`;
  return (
    <>
      {withKind ? (
        <div className="field">
          <label htmlFor={id("kind")}>{t("events.kind")}</label>
          <select id={id("kind")} name={`${prefix}kind`} defaultValue={defaults.kind ?? "visit"}>
            <option value="visit">{t("events.kind.visit")}</option>
            <option value="meeting">{t("events.kind.meeting")}</option>
          </select>
        </div>
      ) : (
        <input type="hidden" name={`${prefix}kind`} value={defaults.kind ?? "visit"} />
      )}
      <div className="field">
        <label htmlFor={id("title")}>{t("events.title")}</label>
        <input id={id("title")} name={`${prefix}title`} type="text" defaultValue={defaults.title} required={!optional} />
      </div>
      <div className="inline-form">
        <div className="field">
          <label htmlFor={id("date")}>{t("events.date")}</label>
          <input id={id("date")} name={`${prefix}date`} type="date" defaultValue={defaults.date} required={!optional} />
        </div>
        <div className="field">
          <label htmlFor={id("start")}>{t("events.start")}</label>
          <input id={id("start")} name={`${prefix}start`} type="time" defaultValue={defaults.start ?? "10:00"} required={!optional} />
        </div>
        <div className="field">
          <label htmlFor={id("end")}>{t("events.end")}</label>
          <input id={id("end")} name={`${prefix}end`} type="time" defaultValue={defaults.end ?? "16:30"} required={!optional} />
        </div>
        <div className="field">
          <label htmlFor={id("capacity")}>{t("events.capacity")}</label>
          <input
            id={id("capacity")}
            name={`${prefix}capacity`}
            type="number"
            min={1}
            max={1000}
            defaultValue={defaults.capacity ?? 20}
            required={!optional}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor={id("host")}>{t("events.host")}</label>
        <select id={id("host")} name={`${prefix}host`} defaultValue={defaults.host ?? ""}>
          <option value="">{t("events.noHost")}</option>
          {hosts.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={id("address")}>{t("events.address")}</label>
        <input id={id("address")} name={`${prefix}address`} type="text" defaultValue={defaults.address} required={!optional} />
      </div>
      <div className="field">
        <label htmlFor={id("programme")}>{t("events.programme")}</label>
        <textarea id={id("programme")} name={`${prefix}programme`} rows={4} defaultValue={defaults.programme} />
      </div>
    </>
  );
}
