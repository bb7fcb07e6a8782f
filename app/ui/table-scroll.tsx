import type { ReactNode } from "react";
import { useT } from "./i18n";

/**
 * A data table in a box of its own that scrolls sideways on a narrow screen or with large text, so that
 * the page itself never does (RGAA 10.4 and 10.11: tables are the content allowed two-way scrolling).
 * Reachable by keyboard to scroll it, and named for screen readers.
 */
export function TableScroll({ children, label }: { children: ReactNode; label?: string }) {
  const { t } = useT();
  // A scrollable region must take the focus to scroll by keyboard (WCAG 2.1.1, axe scrollable-region-focusable).
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="table-scroll" role="region" aria-label={label ?? t("common.tableScroll")} tabIndex={0}>
      {children}
    </div>
  );
}
