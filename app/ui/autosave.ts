// Autosave with JavaScript: after a pause in typing, and when leaving the page, the changed questions
// are posted to /api/dossiers/:id/answers with the version each edit started from. Unsaved edits are
// also kept in this browser (localStorage) until the server confirms them, so a lost connection or an
// expired session loses nothing. Without JavaScript the "Enregistrer le brouillon" button does the same.
import { useEffect, useRef, useState, type RefObject } from "react";
import { useT } from "./i18n";
import { personCount } from "../forms/limits";
import { formatParisClock } from "../lib/paris-time";
import { cachedNumberFormat } from "../lib/typography";
import { formatEuros, parseEuros } from "../forms/types/money/amount";

const PAUSE_MS = 1500;

/** A table's totals follow what is typed (the server computes the same on each save, without JavaScript). */
function updateTableTotals(input: HTMLInputElement, locale: "fr" | "en") {
  const table = input.closest("table");
  const column = input.dataset.column;
  if (!table || !column) return;
  let cents = 0;
  for (const cell of table.querySelectorAll<HTMLInputElement>(`input[data-column="${CSS.escape(column)}"]`)) {
    const n = parseEuros(cell.value);
    if (n !== null) cents += Math.round(n * 100);
  }
  const out = table.querySelector(`[data-total-for="${CSS.escape(column)}"]`);
  if (out) out.textContent = input.dataset.money ? formatEuros(cents / 100, locale) : cachedNumberFormat(locale).format(cents / 100);
}

function fieldKeyOf(name: string): string | null {
  const m = /^f\.([^.]+)/.exec(name);
  return m ? m[1] : null;
}

export function useAutosave(
  formRef: RefObject<HTMLFormElement | null>,
  dossierId: string,
  sectionKey: string,
  enabled: boolean,
  generation: string,
): string {
  const { t, locale } = useT();
  const [status, setStatus] = useState("");
  const dirty = useRef(new Set<string>());
  const conflicted = useRef(new Set<string>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef(false);
  const storageKey = `trame:${dossierId}:${sectionKey}`;

  useEffect(() => {
    const form = formRef.current;
    // A new part (or a new generation of the form) starts with no status shown.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setStatus("");
    if (!form || !enabled) return;

    const versionInput = (key: string) => form.querySelector<HTMLInputElement>(`input[data-version-for="${CSS.escape(key)}"]`);

    const backup = () => {
      const fd = new FormData(form);
      const entries: [string, string][] = [];
      for (const [k, v] of fd.entries()) {
        const key = fieldKeyOf(k);
        if (typeof v === "string" && key && dirty.current.has(key)) entries.push([k, v]);
      }
      const versions = Object.fromEntries([...dirty.current].map((k) => [k, versionInput(k)?.value ?? "0"]));
      try {
        localStorage.setItem(storageKey, JSON.stringify({ entries, versions, keys: [...dirty.current] }));
      } catch {
        /* storage full or disabled: the server save still runs */
      }
    };

    const clock = (iso: string) => formatParisClock(iso, locale);

    const save = async (keepalive = false) => {
      const keys = [...dirty.current].filter((k) => !conflicted.current.has(k));
      if (keys.length === 0 || (inFlight.current && !keepalive)) return;
      const fd = new FormData(form);
      const body = new URLSearchParams();
      body.set("_fields", keys.join(","));
      for (const [k, v] of fd.entries()) {
        const key = fieldKeyOf(k);
        if (typeof v === "string" && key && keys.includes(key)) body.append(k, v);
      }
      for (const k of keys) body.set(`v.${k}`, versionInput(k)?.value ?? "0");
      for (const k of keys) dirty.current.delete(k);
      inFlight.current = true;
      setStatus(t("section.saving"));
      try {
        const res = await fetch(`/api/dossiers/${dossierId}/answers`, {
          method: "POST",
          body,
          keepalive,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        const data = await res.json().catch(() => ({}));
        if (!res.ok) {
          for (const k of keys) dirty.current.add(k);
          setStatus(data.error ?? t("error.server"));
          return;
        }
        for (const r of data.results as { key: string; status: string; version: number; theirs?: unknown }[]) {
          const input = versionInput(r.key);
          if (r.status === "conflict") {
            conflicted.current.add(r.key);
            dirty.current.add(r.key);
            const box = form.querySelector(`[data-field-key="${CSS.escape(r.key)}"]`);
            if (box && !box.querySelector(".conflict")) {
              const div = document.createElement("div");
              div.className = "conflict";
              div.setAttribute("role", "alert");
              const p = document.createElement("p");
              p.textContent = t("section.conflict.title");
              const pre = document.createElement("pre");
              pre.className = "conflict-theirs";
              pre.textContent = typeof r.theirs === "string" ? r.theirs : JSON.stringify(r.theirs, null, 1);
              const keep = document.createElement("button");
              keep.type = "button";
              keep.className = "button";
              keep.textContent = t("section.conflict.yours") + " → " + t("common.save");
              keep.addEventListener("click", () => {
                if (input) input.value = String(r.version);
                conflicted.current.delete(r.key);
                dirty.current.add(r.key);
                div.remove();
                void save();
              });
              div.append(p, document.createTextNode(t("section.conflict.theirs")), pre, keep);
              box.prepend(div);
            }
          } else if (input) {
            input.value = String(r.version);
          }
        }
        if (dirty.current.size === 0) localStorage.removeItem(storageKey);
        // A save refused for a conflict is not « Enregistré » (issue 9): say what needs the person.
        const conflicts = (data.results as { status: string }[]).filter((r) => r.status === "conflict").length;
        setStatus(conflicts ? t("section.conflict.summary", { n: conflicts }) : t("section.autosaved", { time: clock(data.savedAt) }));
      } catch {
        for (const k of keys) dirty.current.add(k);
        backup();
        setStatus(t("section.offline"));
      } finally {
        inFlight.current = false;
      }
    };

    const onEdit = (e: Event) => {
      const target = e.target as HTMLInputElement | null;
      const key = target?.name ? fieldKeyOf(target.name) : null;
      if (!key) return;
      dirty.current.add(key);
      backup();
      setStatus(t("section.unsaved"));
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), PAUSE_MS);
      const counter = target?.id ? form.querySelector(`[data-count-for="${CSS.escape(target.id)}"] .count`) : null;
      if (counter && target) counter.textContent = t("field.charCount", { n: personCount(target.value) });
      if (target?.dataset.column) updateTableTotals(target, locale);
    };

    // Restore edits kept in this browser when they start from the version the server still has.
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey) ?? "null") as {
        entries: [string, string][];
        versions: Record<string, string>;
        keys: string[];
      } | null;
      if (saved) {
        const restorable = saved.keys.filter((k) => (versionInput(k)?.value ?? "0") === saved.versions[k]);
        for (const [name, value] of saved.entries) {
          const key = fieldKeyOf(name);
          if (!key || !restorable.includes(key)) continue;
          const el = form.elements.namedItem(name);
          if (
            el instanceof HTMLTextAreaElement ||
            (el instanceof HTMLInputElement && el.type !== "radio" && el.type !== "checkbox") ||
            el instanceof HTMLSelectElement
          ) {
            el.value = value;
            dirty.current.add(key);
          }
        }
        if (dirty.current.size) void save();
      }
    } catch {
      /* ignore unreadable backups */
    }

    const onLeave = () => {
      if (document.visibilityState === "hidden") void save(true);
    };
    const onPageHide = () => void save(true);
    const onSubmit = () => {
      // The explicit save posts everything; nothing left for autosave.
      dirty.current.clear();
      localStorage.removeItem(storageKey);
    };
    form.addEventListener("input", onEdit);
    form.addEventListener("change", onEdit);
    form.addEventListener("submit", onSubmit);
    document.addEventListener("visibilitychange", onLeave);
    window.addEventListener("pagehide", onPageHide);
    return () => {
      form.removeEventListener("input", onEdit);
      form.removeEventListener("change", onEdit);
      form.removeEventListener("submit", onSubmit);
      document.removeEventListener("visibilitychange", onLeave);
      window.removeEventListener("pagehide", onPageHide);
      if (timer.current) clearTimeout(timer.current);
    };
    // The listeners follow the form and the part; the language does not change without a new page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [formRef, dossierId, sectionKey, enabled, storageKey, generation]);

  return status;
}
