// What every field type's view provides (browser code: no server imports).
import type { ReactNode } from "react";
import type { Field, FieldType } from "../definition";

export interface AttachmentView {
  id: string;
  field_key: string;
  safe_name: string;
  size: number;
}

/** What the page knows beyond the field and its value. */
export interface ViewContext {
  communeInfo?: { resolved?: string; candidates: { code: string; label: string }[] };
  attachments: AttachmentView[];
  dossierId: string;
  maxFileMb: number;
  /** Show one more blank row in groups and tables (after « Ajouter une ligne » without JavaScript). */
  extraRow: boolean;
}

export interface ControlProps<F extends Field> {
  field: F;
  name: string;
  id: string;
  value: unknown;
  readOnly: boolean;
  describedById?: string;
  invalid: boolean;
  ctx: ViewContext;
}

export interface FieldTypeView<F extends Field> {
  /** Asked in a fieldset with a legend (radios, boxes, rows, month and year) rather than with a label. */
  fieldset(field: F): boolean;
  Control(props: ControlProps<F>): ReactNode;
  /** Ids of hints the control renders itself, to be announced with the question. */
  describedBy?(id: string, field: F): string | undefined;
}

export type ViewRegistry = { [K in FieldType]: FieldTypeView<Extract<Field, { type: K }>> };

export const text = (v: unknown): string => (typeof v === "string" ? v : "");
