import { Form } from "react-router";

/**
 * A form of one button that posts an intent about one thing (revoke this token, send this delivery
 * again…): its hidden fields say which, its accessible name says it out of context. Works without JavaScript.
 */
export function ActionButton(props: { intent: string; fields: Record<string, string>; label: string; accessibleName?: string }) {
  return (
    <Form method="post">
      {Object.entries(props.fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className="button" name="intent" value={props.intent} aria-label={props.accessibleName}>
        {props.label}
      </button>
    </Form>
  );
}

/** A secret shown once (a token, a signing secret), in a read-only field to copy, with what to do with it. */
export function SecretOnce(props: { id: string; title: string; intro: string; label: string; value: string; hint?: string }) {
  return (
    <div className="notice notice-success" role="status">
      <h2>{props.title}</h2>
      <p>{props.intro}</p>
      <p>
        <label htmlFor={props.id}>{props.label}</label>
      </p>
      <input
        id={props.id}
        className="token-secret"
        readOnly
        value={props.value}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
      />
      {props.hint ? (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}
