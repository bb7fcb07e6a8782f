import type { FieldBase } from "../base";

/** An amount in euros, typed as people write it (« 15 000 € », « 1 234,50 »), stored as written. */
export interface MoneyField extends FieldBase {
  type: "money";
  min?: number;
  max?: number;
  /** Whole euros only (no cents). */
  wholeEuros?: boolean;
}
