// What changes between two versions of a call's form (issue 10), and whether drafts can move to the new
// one without losing a word. Pure: the server applies it (form-versions.server.ts).
import type { Answers, Field, FormDefinition } from "../../forms/definition";
import { allFields, isFieldRequired, localized } from "../../forms/definition";
import type { MessageKey } from "../../i18n/i18n";

export interface Unsafe {
  key: MessageKey;
  vars: Record<string, string | number>;
}

export interface FormChange {
  added: Field[];
  removed: Field[];
  /** Questions that were optional (or conditional) and are now always required. */
  newlyRequired: Field[];
  /** Changes that would misread answers already given: the version is refused while one remains. */
  unsafe: Unsafe[];
}

const fieldsOf = (def: FormDefinition) => new Map(allFields(def).map(({ field }) => [field.key, field]));

/**
 * Compares two versions. A question whose type changes, a table column whose type changes, or an option that
 * a draft has chosen and that disappears would make stored answers mean something else: unsafe. Renaming
 * labels, adding or removing questions and options nobody chose, reordering, changing help: safe.
 */
export function compareForms(old: FormDefinition, next: FormDefinition, draftAnswers: Answers[] = []): FormChange {
  const before = fieldsOf(old);
  const after = fieldsOf(next);
  const added = [...after.values()].filter((f) => !before.has(f.key));
  const removed = [...before.values()].filter((f) => !after.has(f.key));
  const newlyRequired = [...after.values()].filter((f) => before.has(f.key) && f.required && !before.get(f.key)!.required);
  const unsafe: Unsafe[] = [];
  for (const [key, f] of after) {
    const was = before.get(key);
    if (!was) continue;
    const label = localized(f.label, "fr");
    if (was.type !== f.type) unsafe.push({ key: "studio.version.typeChanged", vars: { label } });
    else if (was.type === "table" && f.type === "table") {
      for (const c of f.columns) {
        const old = was.columns.find((x) => x.key === c.key);
        if (old && old.type !== c.type)
          unsafe.push({ key: "studio.version.typeChanged", vars: { label: `${label} — ${localized(c.label, "fr")}` } });
      }
    } else if ((was.type === "choice" || was.type === "multichoice") && (f.type === "choice" || f.type === "multichoice")) {
      const kept = new Set(f.options.map((o) => o.value));
      for (const o of was.options) {
        if (kept.has(o.value)) continue;
        const n = draftAnswers.filter((a) => {
          const v = a[key];
          return Array.isArray(v) ? v.includes(o.value) : v === o.value;
        }).length;
        if (n > 0) unsafe.push({ key: "studio.version.optionInUse", vars: { label, option: localized(o.label, "fr"), n } });
      }
    }
  }
  return { added, removed, newlyRequired, unsafe };
}

/** The questions a draft must now answer that it did not have to before: new or newly required, shown, still empty. */
export function newlyAsked(
  change: FormChange,
  next: FormDefinition,
  answers: Answers,
  isEmpty: (f: Field, v: unknown) => boolean,
): Field[] {
  return [...change.added, ...change.newlyRequired].filter((f) => isFieldRequired(next, f, answers) && isEmpty(f, answers[f.key]));
}

/**
 * One form covering several versions, for exports: the latest version's parts and questions in its order,
 * then a part with the questions only older versions had (their answers stay readable).
 */
export function mergedDefinition(versions: FormDefinition[], removedTitle: string): FormDefinition {
  const [latest, ...older] = [...versions].sort((a, b) => b.version - a.version);
  if (!latest) return { version: 1, sections: [] };
  const known = new Set(allFields(latest).map(({ field }) => field.key));
  const extra: Field[] = [];
  for (const def of older) {
    for (const { field } of allFields(def)) {
      if (known.has(field.key)) continue;
      known.add(field.key);
      extra.push(field);
    }
  }
  return extra.length
    ? { ...latest, sections: [...latest.sections, { key: "questions_retirees", title: { fr: removedTitle }, items: extra }] }
    : latest;
}
