import { Form } from "react-router";
import { useT } from "./i18n";
import { ErrorSummary, Notice, SubmitButton } from "./forms";

export interface ThreadMessage {
  id: string;
  side: string;
  body: string;
  name: string;
  at: string;
  unread: boolean;
  files: { id: string; name: string; size: number }[];
}

/** A dossier's messages, oldest first, and the form to write one (with attachments; works without JS). */
export function MessageThread(props: {
  messages: ThreadMessage[];
  mySide: "applicant" | "team";
  result?: { error?: string; notice?: string; body?: string };
  maxFiles: number;
  maxMb: number;
}) {
  const { t } = useT();
  return (
    <>
      {props.result?.notice ? <Notice kind="success">{props.result.notice}</Notice> : null}
      {props.result?.error ? (
        <ErrorSummary title={t("error.title")} errors={[{ message: props.result.error, href: "#message-body" }]} />
      ) : null}
      {props.messages.length ? (
        <ol className="thread">
          {props.messages.map((m) => (
            <li key={m.id} className={m.side === props.mySide ? "mine" : "theirs"}>
              <p className="meta">
                <strong>{m.name}</strong> ({t(m.side === "team" ? "messages.team" : "messages.applicant")}) — {m.at}
                {m.unread ? <span className="badge"> {t("messages.new")}</span> : null}
              </p>
              <div className="message-body">{m.body}</div>
              {m.files.length ? (
                <ul>
                  {m.files.map((f) => (
                    <li key={f.id}>
                      <a href={`/messages/${m.id}/pieces/${f.id}`}>
                        {f.name} ({Math.ceil(f.size / 1024)} Ko)
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p>{t("messages.none")}</p>
      )}
      <Form method="post" encType="multipart/form-data" aria-labelledby="write-title">
        <h2 id="write-title">{t("messages.write")}</h2>
        <div className="field">
          <label htmlFor="message-body">{t("messages.body")}</label>
          <textarea
            id="message-body"
            name="body"
            rows={6}
            required
            maxLength={10000}
            defaultValue={props.result?.error ? props.result.body : ""}
            aria-invalid={props.result?.error ? true : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="message-files">
            {t("messages.files")} <span className="meta">({t("common.optional")})</span>
          </label>
          <p className="hint" id="message-files-hint">
            {t("messages.filesHint", { n: props.maxFiles, mb: props.maxMb })}
          </p>
          <input id="message-files" name="files" type="file" multiple aria-describedby="message-files-hint" />
        </div>
        <SubmitButton primary>{t("messages.send")}</SubmitButton>
      </Form>
    </>
  );
}
