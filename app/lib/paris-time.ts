// The one module that owns calendar logic. Instants are UTC (Date / ISO text);
// civil dates ("2015-03-02") are read in Europe/Paris, as French calls state them.
export const PARIS = "Europe/Paris";

const partsFormatter = new Intl.DateTimeFormat("en-GB", {
  timeZone: PARIS,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// Paris changes its offset from UTC only on a whole UTC hour (01:00 UTC, since the European rules of
// 1996 — and on the hour before): within one UTC hour the offset is one. It is computed once per hour
// with the time-zone database and kept, so that a list of fifty dates does not ask Intl fifty times.
const HOUR_MS = 3_600_000;
const RULES_SINCE = Date.UTC(1996, 0, 1);
const offsetByHour = new Map<number, number>();

function wallTimeInParis(instant: Date): WallTime {
  const t = instant.getTime();
  if (!(t >= RULES_SINCE)) return wallTimeFromIntl(instant);
  const hour = Math.floor(t / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const w = wallTimeFromIntl(new Date(hour * HOUR_MS));
    offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - hour * HOUR_MS;
    if (offsetByHour.size > 50_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  const wall = new Date(t + offset);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

function wallTimeFromIntl(instant: Date): WallTime {
  const p: Record<string, number> = {};
  for (const part of partsFormatter.formatToParts(instant)) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
}

/** Offset of Paris from UTC at that instant, in minutes (60 in winter, 120 in summer). */
export function parisOffsetMinutes(instant: Date): number {
  const w = wallTimeInParis(instant);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/** "2027-06-10 10:00": Paris wall time in a form spreadsheets read as a date and time (exports). */
export function parisSortableDateTime(value: Date | string): string {
  const w = wallTimeInParis(new Date(value));
  const two = (n: number) => String(n).padStart(2, "0");
  return `${w.year}-${two(w.month)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)}`;
}

/**
 * A Date whose local fields show Paris wall time: for formats that store a time without its zone (ZIP
 * entries), written through the process's local getters whatever the server's own zone.
 */
export function parisWallDate(instant: Date = new Date()): Date {
  return new Date(instant.getTime() + (parisOffsetMinutes(instant) + instant.getTimezoneOffset()) * 60000);
}

/** The instant at which the Paris wall clock shows this time (first one if ambiguous, next valid one if skipped). */
export function parisWallTimeToInstant(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  // Two passes settle the offset, including on the days the clocks change.
  let instant = new Date(guess - parisOffsetMinutes(new Date(guess)) * 60000);
  instant = new Date(guess - parisOffsetMinutes(instant) * 60000);
  return instant;
}

const CIVIL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A civil date's parts, or null when the text is not one (a day that does not exist included). */
function civilDateParts(date: string): { year: number; month: number; day: number } | null {
  const m = CIVIL_DATE.exec(date);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day };
}

export function parseCivilDate(date: string): { year: number; month: number; day: number } {
  const parts = civilDateParts(date);
  if (!parts) throw new Error(CIVIL_DATE.test(date) ? `No such day: ${date}` : `Not a civil date (YYYY-MM-DD): ${date}`);
  return parts;
}

/** Without an exception when it is not one: exports and checks ask this of every date answer. */
export function isCivilDate(value: string): boolean {
  return civilDateParts(value) !== null;
}

/** Start of that day in Paris. */
export function startOfParisDay(date: string): Date {
  const { year, month, day } = parseCivilDate(date);
  return parisWallTimeToInstant(year, month, day);
}

/**
 * A deadline "2 mars 2015" means until the end of that day in Paris: the returned instant is the first
 * moment that is too late (midnight starting the next day).
 */
export function deadlineInstant(date: string): Date {
  return startOfParisDay(addDays(date, 1));
}

export function addDays(date: string, days: number): string {
  const { year, month, day } = parseCivilDate(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  const a = parseCivilDate(from);
  const b = parseCivilDate(to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86400000);
}

/** Today's civil date in Paris. */
export function parisToday(now: Date = new Date()): string {
  const w = wallTimeInParis(now);
  return `${w.year}-${String(w.month).padStart(2, "0")}-${String(w.day).padStart(2, "0")}`;
}

// Building an Intl formatter is costly: one per use and locale, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();
function kept(use: string, locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${use}:${locale}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "fr-FR", options)));
  return f;
}

function formatter(locale: string, withTime: boolean): Intl.DateTimeFormat {
  return kept(withTime ? "dateTime" : "date", locale, {
    timeZone: PARIS,
    day: "numeric",
    month: "long",
    year: "numeric",
    ...(withTime ? { hour: "2-digit", minute: "2-digit" } : {}),
  });
}

const FRENCH_MONTHS = [
  "janvier",
  "février",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "août",
  "septembre",
  "octobre",
  "novembre",
  "décembre",
];
const NBSP = "\u00a0";

/** « 1er décembre 2026 », « 2 mars 2015 » (French: the first of the month is « 1er »); English through Intl. */
export function formatParisDate(value: Date | string, locale: string): string {
  const instant = typeof value === "string" && CIVIL_DATE.test(value) ? startOfParisDay(value) : new Date(value);
  if (locale === "en") return formatter(locale, false).format(instant);
  const w = wallTimeInParis(instant);
  return `${w.day === 1 ? "1er" : w.day}${NBSP}${FRENCH_MONTHS[w.month - 1]} ${w.year}`;
}

/** « 2 mars 2015 à 23 h 59 »: one clock for every time Trame shows or sends in French (issue 9). */
export function formatParisDateTime(value: Date | string, locale: string): string {
  if (locale === "en") return formatter(locale, true).format(new Date(value));
  return `${formatParisDate(new Date(value), locale)} à ${formatParisClock(value, locale)}`;
}

/** « 14 h 32 » in French (no-break spaces: never split over two lines), "14:32" in English. */
export function formatParisClock(value: Date | string, locale: string): string {
  const { hour, hhmm } = parisClock(new Date(value));
  return locale === "en" ? hhmm : `${hour}${NBSP}h${NBSP}${hhmm.slice(3)}`;
}

/** Whole days and hours left until an instant, for countdowns (never negative). */
export function timeLeft(until: Date, now: Date = new Date()): { days: number; hours: number; minutes: number; past: boolean } {
  const ms = until.getTime() - now.getTime();
  if (ms <= 0) return { days: 0, hours: 0, minutes: 0, past: true };
  const minutes = Math.floor(ms / 60000);
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60, past: false };
}

function monthFormatter(locale: string, withYear: boolean): Intl.DateTimeFormat {
  return kept(withYear ? "monthYear" : "month", locale, { month: "long", ...(withYear ? { year: "numeric" } : {}), timeZone: "UTC" });
}

/** « avril 2015 » / « April 2015 » from a month (YYYY-MM) or a civil date (YYYY-MM-DD). */
export function formatMonth(value: string, locale: string): string {
  return monthFormatter(locale, true).format(new Date(`${value.slice(0, 7)}-15T12:00:00Z`));
}

/** « avril » / "April": a month's name, from its number (1–12) or two digits ("04"). */
export function monthName(month: number | string, locale: string): string {
  return monthFormatter(locale, false).format(new Date(Date.UTC(2000, Number(month) - 1, 15, 12)));
}

/** The hour (0–23) and "HH:MM" on the clock in Paris at an instant. */
export function parisClock(instant: Date): { hour: number; hhmm: string } {
  const w = wallTimeInParis(instant);
  return { hour: w.hour, hhmm: `${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")}` };
}
