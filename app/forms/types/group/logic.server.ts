import type { GroupField } from "./definition";
import { readString, type FieldTypeLogic } from "../contract";
import { localized } from "../../definition";
import { groupableImpl } from "../groupable.server";
import { t } from "../../../i18n/i18n";

const rowsOf = (v: unknown) => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);

export const groupLogic: FieldTypeLogic<GroupField> = {
  read: (form, name, field) => {
    const countRaw = readString(form, `${name}.count`);
    if (countRaw === undefined) return undefined;
    const count = Math.min(Math.max(Number(countRaw) || 0, 0), field.maxItems ?? 200);
    const removed = new Set(form.getAll(`${name}.remove`).map(String));
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < count; i++) {
      if (removed.has(String(i))) continue;
      const item: Record<string, unknown> = {};
      for (const sub of field.fields) {
        const v = groupableImpl(sub).read(form, `${name}.${i}.${sub.key}`, sub);
        if (v !== undefined) item[sub.key] = v;
      }
      // Rows left entirely blank are not kept.
      if (field.fields.some((sub) => !groupableImpl(sub).isEmpty(item[sub.key], { locale: "fr" }))) items.push(item);
    }
    return items;
  },
  isEmpty: (v) => rowsOf(v).length === 0,
  check: (v, field, ctx) => {
    const items = rowsOf(v);
    if (field.minItems && items.length < field.minItems) return { key: "field.group.min", vars: { min: field.minItems } };
    for (let i = 0; i < items.length; i++) {
      for (const sub of field.fields) {
        const impl = groupableImpl(sub);
        const value = items[i][sub.key];
        if (impl.isEmpty(value, ctx)) {
          if (sub.required) return { key: "field.group.itemRequired", vars: { row: i + 1, label: localized(sub.label, ctx.locale) } };
          continue;
        }
        const problem = impl.check(value, sub, ctx);
        if (problem) {
          return {
            key: "field.group.itemProblem",
            vars: { row: i + 1, label: localized(sub.label, ctx.locale), problem: t(ctx.locale, problem.key, problem.vars) },
          };
        }
      }
    }
    return null;
  },
  toText: (v, field, locale) =>
    rowsOf(v)
      .map((item, i) => {
        const parts = field.fields
          .map((sub) => {
            const text = groupableImpl(sub).toText(item[sub.key], sub, locale);
            return text ? `${localized(sub.label, locale)} : ${text}` : "";
          })
          .filter(Boolean);
        return `${localized(field.itemLabel, locale)} ${i + 1} — ${parts.join(" ; ")}`;
      })
      .join("\n"),
  // One column per row and question: « Parties prenantes — Partie prenante 2 — Nom ».
  exportColumns: (field, locale, rows) =>
    Array.from({ length: rows }, (_, i) =>
      field.fields.map((sub) => ({
        suffix: `${localized(field.itemLabel, locale)} ${i + 1} — ${localized(sub.label, locale)}`,
        value: (answer: unknown) => {
          const item = rowsOf(answer)[i];
          return item ? groupableImpl(sub).toText(item[sub.key], sub, locale) : "";
        },
      })),
    ).flat(),
  toData: (v, field, ctx) =>
    rowsOf(v).map((item) => Object.fromEntries(field.fields.map((sub) => [sub.key, groupableImpl(sub).toData(item[sub.key], sub, ctx)]))),
  dataSchema: (field) => ({
    type: "array",
    items: { type: "object", properties: Object.fromEntries(field.fields.map((sub) => [sub.key, groupableImpl(sub).dataSchema(sub)])) },
  }),
};
