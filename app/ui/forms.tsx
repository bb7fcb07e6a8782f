// Accessible form building blocks: every input has a label, hints and errors are tied with
// aria-describedby, and an error summary takes focus so screen readers announce it.
import { useEffect, useRef } from "react";
import { useNavigation } from "react-router";

export function ErrorSummary({ title, errors }: { title: string; errors: { href?: string; message: string }[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [errors.length, title]);
  if (errors.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>{e.href ? <a href={e.href}>{e.message}</a> : e.message}</li>
        ))}
      </ul>
    </div>
  );
}

export function Notice({ kind = "info", children }: { kind?: "info" | "success" | "warning" | "error"; children: React.ReactNode }) {
  return (
    <div className={`notice notice-${kind}`} role={kind === "error" || kind === "warning" ? "alert" : "status"}>
      {children}
    </div>
  );
}

export function TextInput(props: {
  name: string;
  label: string;
  type?: string;
  hint?: string;
  error?: string;
  defaultValue?: string;
  autoComplete?: string;
  required?: boolean;
  id?: string;
}) {
  const id = props.id ?? `input-${props.name}`;
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  return (
    <div className={`field${props.error ? " field-error" : ""}`}>
      <label htmlFor={id}>
        {props.label}
        {props.required ? (
          <span className="required-mark" aria-hidden="true">
            {" "}
            *
          </span>
        ) : null}
      </label>
      {props.hint ? (
        <p className="hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p className="error-message" id={errorId}>
          {props.error}
        </p>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        defaultValue={props.defaultValue}
        autoComplete={props.autoComplete}
        required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
      />
    </div>
  );
}

/**
 * A submit button that waits while the page is being sent (with JavaScript, a second click does nothing;
 * without, the server keeps such actions idempotent anyway).
 */
export function SubmitButton({
  children,
  primary,
  name,
  value,
}: {
  children: React.ReactNode;
  primary?: boolean;
  name?: string;
  value?: string;
}) {
  const busy = useNavigation().state === "submitting";
  return (
    <button
      type="submit"
      className={primary ? "button primary" : "button"}
      disabled={busy}
      aria-disabled={busy || undefined}
      name={name}
      value={value}
    >
      {children}
    </button>
  );
}

/** The error summary's lines from per-field messages: each linked to its field (« #input-<name> » unless told). */
export function summaryOf(
  errors: Record<string, string> | undefined,
  ids: Record<string, string> = {},
): { href?: string; message: string }[] {
  return Object.entries(errors ?? {}).map(([name, message]) => ({ href: `#${ids[name] ?? `input-${name}`}`, message }));
}
