import type { FieldBase } from "../base";

export interface DateField extends FieldBase {
  type: "date";
  min?: string; // YYYY-MM-DD
  max?: string;
  /** Month precision (YYYY-MM): a month and a year, e.g. an approximate visit date. */
  precision?: "day" | "month";
  /** The date may not be older than this many days before today (e.g. a dossier under one year old). */
  notOlderThanDays?: number;
}
