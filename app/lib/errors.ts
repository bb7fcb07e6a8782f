import type { MessageKey } from "../i18n/i18n";

/** An error the person can act on: a message key for the interface, an HTTP status for routes. */
export class DomainError extends Error {
  constructor(
    readonly messageKey: MessageKey,
    readonly status: number = 400,
    readonly vars?: Record<string, string | number | undefined>,
  ) {
    super(messageKey);
  }
}

/** Not found and not yours look the same from outside, so ids reveal nothing. */
export class NotFound extends DomainError {
  constructor() {
    super("error.notFound", 404);
  }
}
