/**
 * French messages are shown with no-break spaces (« », before : ; ! ?). Tests compare what they mean
 * with ordinary spaces: this turns the no-break spaces of a page, an e-mail or a message back into spaces.
 */
export function plain(text: string | null | undefined): string {
  return (text ?? "").replace(/[\u00a0\u202f]/g, " ");
}
