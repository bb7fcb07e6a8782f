// Editing a call's form in the studio (issue 10): pure operations on a form definition, each returning a
// new definition. Keys are made from labels (« Montant demandé » → montant_demande) and never change once
// made, so answers, conditions and exports keep pointing at the same question when its label is edited.
import type { Field, FieldType, FormDefinition, Item, Section } from "../../forms/definition";
import { isField } from "../../forms/definition";

/** The types an organiser may add, in the order the studio offers them. */
export const STUDIO_TYPES = [
  "text",
  "longtext",
  "yesno",
  "choice",
  "multichoice",
  "number",
  "money",
  "date",
  "email",
  "phone",
  "url",
  "siret",
  "commune",
  "region",
  "departement",
  "files",
  "table",
  "explanation",
] as const satisfies readonly (FieldType | "explanation")[];
export type StudioType = (typeof STUDIO_TYPES)[number];

export function keyFromLabel(label: string, taken: Set<string>): string {
  const base =
    label
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 40)
      .replace(/_+$/, "") || "question";
  let key = /^[a-z]/.test(base) ? base : `q_${base}`;
  for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
  return key;
}

/** Every key in use: sections, items, and the questions inside repeatable groups. */
export function takenKeys(form: FormDefinition): Set<string> {
  const keys = new Set<string>();
  for (const s of form.sections) {
    keys.add(s.key);
    for (const item of s.items) {
      keys.add(item.key);
      if (item.type === "group") for (const sub of item.fields) keys.add(`${item.key}.${sub.key}`);
    }
  }
  return keys;
}

/** A new question of a type, with what that type needs to be valid (two options, a column…). */
export function newField(type: Exclude<StudioType, "explanation">, key: string, label: string): Field {
  const base = { key, label: { fr: label } };
  switch (type) {
    case "choice":
      return {
        ...base,
        type,
        display: "radio",
        options: [
          { value: "option_1", label: { fr: "Option 1" } },
          { value: "option_2", label: { fr: "Option 2" } },
        ],
      };
    case "multichoice":
      return {
        ...base,
        type,
        options: [
          { value: "option_1", label: { fr: "Option 1" } },
          { value: "option_2", label: { fr: "Option 2" } },
        ],
      };
    case "table":
      return {
        ...base,
        type,
        columns: [
          { key: "poste", label: { fr: "Poste" }, type: "text", required: true },
          { key: "montant", label: { fr: "Montant" }, type: "money", total: true },
        ],
      };
    case "files":
      return { ...base, type, maxFiles: 5 };
    default:
      return { ...base, type } as Field;
  }
}

const mapSections = (form: FormDefinition, fn: (s: Section) => Section): FormDefinition => ({ ...form, sections: form.sections.map(fn) });

export function addSection(form: FormDefinition, title: string): { form: FormDefinition; key: string } {
  const key = keyFromLabel(title, takenKeys(form));
  return { form: { ...form, sections: [...form.sections, { key, title: { fr: title }, items: [] }] }, key };
}

export function addQuestion(
  form: FormDefinition,
  sectionKey: string,
  type: StudioType,
  label: string,
): { form: FormDefinition; key: string } {
  const key = keyFromLabel(label, takenKeys(form));
  // A block of explanation between questions: a title now, its text written in the question editor.
  const field: Item =
    type === "explanation" ? { type: "explanation", key, title: { fr: label }, body: { fr: "" } } : newField(type, key, label);
  return { form: mapSections(form, (s) => (s.key === sectionKey ? { ...s, items: [...s.items, field] } : s)), key };
}

export function replaceItem(form: FormDefinition, key: string, item: Item): FormDefinition {
  return mapSections(form, (s) => ({ ...s, items: s.items.map((i) => (i.key === key ? item : i)) }));
}

export function replaceSection(form: FormDefinition, key: string, fn: (s: Section) => Section): FormDefinition {
  return mapSections(form, (s) => (s.key === key ? fn(s) : s));
}

export function removeItem(form: FormDefinition, key: string): FormDefinition {
  return mapSections(form, (s) => ({ ...s, items: s.items.filter((i) => i.key !== key) }));
}

export function removeSection(form: FormDefinition, key: string): FormDefinition {
  return { ...form, sections: form.sections.filter((s) => s.key !== key) };
}

/** Moves a question one step up or down; at a section's edge it goes to the neighbouring section. */
export function moveItem(form: FormDefinition, key: string, direction: -1 | 1): FormDefinition {
  const sections = form.sections.map((s) => ({ ...s, items: [...s.items] }));
  const si = sections.findIndex((s) => s.items.some((i) => i.key === key));
  if (si < 0) return form;
  const items = sections[si].items;
  const ii = items.findIndex((i) => i.key === key);
  const target = ii + direction;
  if (target >= 0 && target < items.length) {
    [items[ii], items[target]] = [items[target], items[ii]];
  } else {
    const next = sections[si + direction];
    if (!next) return form;
    const [item] = items.splice(ii, 1);
    if (direction === 1) next.items.unshift(item);
    else next.items.push(item);
  }
  return { ...form, sections };
}

export function moveSection(form: FormDefinition, key: string, direction: -1 | 1): FormDefinition {
  const sections = [...form.sections];
  const i = sections.findIndex((s) => s.key === key);
  const j = i + direction;
  if (i < 0 || j < 0 || j >= sections.length) return form;
  [sections[i], sections[j]] = [sections[j], sections[i]];
  return { ...form, sections };
}

/**
 * Puts the questions in the order given (drag and drop): `order` lists section keys, each followed by its
 * questions' keys, as « section:key » and « item:key ». Keys missing from the order keep their place at the end
 * of their section, unknown keys are ignored: a stale or forged order can reorder, never lose a question.
 */
export function reorder(form: FormDefinition, order: string[]): FormDefinition {
  const byKey = new Map(form.sections.flatMap((s) => s.items.map((i) => [i.key, i] as const)));
  const sectionByKey = new Map(form.sections.map((s) => [s.key, s]));
  const placed = new Set<string>();
  const sections: Section[] = [];
  let current: Section | null = null;
  for (const token of order) {
    const [kind, key] = token.split(":", 2);
    if (kind === "section" && sectionByKey.has(key) && !sections.some((s) => s.key === key)) {
      current = { ...sectionByKey.get(key)!, items: [] };
      sections.push(current);
    } else if (kind === "item" && current && byKey.has(key) && !placed.has(key)) {
      current.items.push(byKey.get(key)!);
      placed.add(key);
    }
  }
  for (const s of form.sections) {
    let target = sections.find((x) => x.key === s.key);
    if (!target) sections.push((target = { ...s, items: [] }));
    for (const i of s.items) if (!placed.has(i.key)) target.items.push(i);
  }
  return { ...form, sections };
}

/** The questions before `key` in form order: the ones a condition on `key` may depend on. */
export function fieldsBefore(form: FormDefinition, key: string): Field[] {
  const out: Field[] = [];
  for (const s of form.sections) {
    for (const i of s.items) {
      if (i.key === key) return out;
      if (isField(i)) out.push(i);
    }
  }
  return out;
}
