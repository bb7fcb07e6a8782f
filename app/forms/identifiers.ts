// French identifiers and their check rules (see shared design/domain-reference.md §2.2).

/** Removes spaces, non-breaking spaces, dots and dashes people type in identifiers. */
export function compactIdentifier(raw: string): string {
  return raw.replace(/[\s\u00a0\u202f.-]/g, "").toUpperCase();
}

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export type IdentifierCheck = { ok: true; value: string } | { ok: false; reason: "format" | "checksum" };

export function checkSiren(raw: string): IdentifierCheck {
  const v = compactIdentifier(raw);
  if (!/^\d{9}$/.test(v)) return { ok: false, reason: "format" };
  return luhnValid(v) ? { ok: true, value: v } : { ok: false, reason: "checksum" };
}

const LA_POSTE_SIREN = "356000000";

export function checkSiret(raw: string): IdentifierCheck {
  const v = compactIdentifier(raw);
  if (!/^\d{14}$/.test(v)) return { ok: false, reason: "format" };
  if (luhnValid(v)) return { ok: true, value: v };
  // La Poste has too many establishments for Luhn: its SIRETs use « sum of digits divisible by 5 ».
  if (v.startsWith(LA_POSTE_SIREN)) {
    const sum = [...v].reduce((s, d) => s + Number(d), 0);
    if (sum % 5 === 0) return { ok: true, value: v };
  }
  return { ok: false, reason: "checksum" };
}

/**
 * RNA: « W suivi de 9 chiffres ». Some registries put a letter in third position (W9C1000189),
 * accepted. Alsace-Moselle associations have none: the form lets them leave it empty.
 */
export function checkRna(raw: string): IdentifierCheck {
  const v = compactIdentifier(raw);
  if (/^W\d[0-9A-Z]\d{7}$/.test(v)) return { ok: true, value: v };
  return { ok: false, reason: "format" };
}

export function formatSiren(v: string): string {
  return v.replace(/^(\d{3})(\d{3})(\d{3})$/, "$1 $2 $3");
}
export function formatSiret(v: string): string {
  return v.replace(/^(\d{3})(\d{3})(\d{3})(\d{5})$/, "$1 $2 $3 $4");
}
