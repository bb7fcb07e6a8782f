/**
 * French messages are shown with no-break spaces (« », before : ; ! ?). Tests compare what they mean
 * with ordinary spaces: this turns the no-break spaces of a page, an e-mail or a message back into spaces.
 */
export function plain(text: string | null | undefined): string {
  return (text ?? "").replace(/[\u00a0\u202f]/g, " ");
}

/** A page title made of a message key (« callNav.dossiers — Trame ») rather than words (RGAA 8.6). */
export function isMessageKeyTitle(title: string): boolean {
  return /^[a-z][A-Za-z]*(\.[A-Za-z0-9]+)+( —|$)/.test(title);
}
