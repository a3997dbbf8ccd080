// Formatting for the screen: every date, number and amount of money the app shows goes through here.
// Credits are whole numbers everywhere; a fraction here is a bug upstream, so it fails loudly instead
// of being rounded away.
const LOCALE = "en-US";

/** An instant: a Date, or an ISO 8601 string. */
type Instant = Date | string;

const creditsFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const numberFormat = new Intl.NumberFormat(LOCALE);
const compactFormat = new Intl.NumberFormat(LOCALE, { notation: "compact", maximumFractionDigits: 1 });
const moneyFormats = new Map<string, Intl.NumberFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * One Intl.DateTimeFormat per locale and options (the time zone among them), made on first use:
 * building one costs far more than formatting with it, and a table formats a date per row.
 */
function dateTimeFormat(options: Intl.DateTimeFormatOptions, locale = LOCALE): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateTimeFormats.set(key, format);
  }
  return format;
}

function toDate(at: Instant): Date {
  return typeof at === "string" ? new Date(at) : at;
}

/** A calendar day (YYYY-MM-DD, already local) as midnight UTC, to be formatted in UTC. */
function fromLocalDay(day: string): Date {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, date ?? 1));
}

function assertWholeCredits(value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`credits must be a safe integer, got ${value}`);
}

/** 51234 -> "51,234" */
export function formatCredits(value: number): string {
  assertWholeCredits(value);
  return creditsFormat.format(value);
}

/** 500 -> "+500", -1234 -> "−1,234" (a real minus sign, not a hyphen), 0 -> "0" */
export function formatSignedCredits(value: number): string {
  assertWholeCredits(value);
  const sign = value > 0 ? "+" : value < 0 ? "\u2212" : "";
  return `${sign}${creditsFormat.format(Math.abs(value))}`;
}

/** 1000000 -> "1,000,000", 0.25 -> "0.25": any number, as `toLocaleString("en-US")` writes it. */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** 12400 -> "12.4K": short enough for a chart's axis; tooltips show the exact figure. */
export function formatCompactNumber(value: number): string {
  return compactFormat.format(value);
}

/** 123450 cents in "eur" -> "€1,234.50": an amount in any currency, with its own symbol. */
export function formatMoney(cents: number, currency: string): string {
  const code = currency.toUpperCase();
  let format = moneyFormats.get(code);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, { style: "currency", currency: code });
    moneyFormats.set(code, format);
  }
  return format.format(cents / 100);
}

/** "100 a second, bursts of 300": an API key's rate limit in words. */
export function describeRateLimit(limit: { perSecond: number; burst: number }): string {
  return `${creditsFormat.format(limit.perSecond)} a second, bursts of ${creditsFormat.format(limit.burst)}`;
}

/** "Dec 5, 2026", in the given IANA time zone. */
export function formatDate(at: Instant, timeZone = "UTC"): string {
  return dateTimeFormat({ dateStyle: "medium", timeZone }).format(toDate(at));
}

/** "Nov 21, 2:05 PM", in the given IANA time zone. */
export function formatDateTime(at: Instant, timeZone = "UTC"): string {
  return dateTimeFormat({
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
  }).format(toDate(at));
}

/** "Nov 21, 2026, 2:05 PM", in the given IANA time zone. */
export function formatTimestamp(at: Instant, timeZone: string): string {
  return dateTimeFormat({ dateStyle: "medium", timeStyle: "short", timeZone }).format(toDate(at));
}

/** "Nov 21, 2026, 2:05 PM CET": a timestamp with its zone named, for a reader anywhere. */
export function formatTimestampWithZone(at: Instant, timeZone: string): string {
  return `${formatTimestamp(at, timeZone)} ${formatTimeZoneName(timeZone, toDate(at))}`;
}

/** "2:05 PM", in the given IANA time zone. */
export function formatTimeOfDay(at: Instant, timeZone: string): string {
  return dateTimeFormat({ hour: "numeric", minute: "2-digit", timeZone }).format(toDate(at));
}

/** The short name of a time zone at an instant, for example "CET" or "GMT+1". */
export function formatTimeZoneName(timeZone: string, at: Date): string {
  const part = dateTimeFormat({ timeZone, timeZoneName: "short" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

/** "2026-12-07": the calendar date an instant falls on in a time zone (not in UTC). */
export function formatLocalDate(at: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return dateTimeFormat({ timeZone, year: "numeric", month: "2-digit", day: "2-digit" }, "en-CA").format(at);
}

/** "2026-03-08" -> "Mar 8": a calendar day, already local (no time zone conversion). */
export function formatDay(day: string): string {
  return dateTimeFormat({ month: "short", day: "numeric", timeZone: "UTC" }).format(fromLocalDay(day));
}

/** "2026-03-08" -> "Sun, Mar 8, 2026": a calendar day, already local. */
export function formatLongDay(day: string): string {
  return dateTimeFormat({
    weekday: "short",
    month: "short",
    day: "numeric",
    year: "numeric",
    timeZone: "UTC",
  }).format(fromLocalDay(day));
}

/** "2026-11-01" -> "November 2026": the month a calendar day (already local) falls in. */
export function formatMonth(day: string): string {
  return dateTimeFormat({ month: "long", year: "numeric", timeZone: "UTC" }).format(fromLocalDay(day));
}

const relativeFormat = new Intl.RelativeTimeFormat(LOCALE, { numeric: "auto" });

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["minute", 60],
  ["hour", 60 * 60],
  ["day", 24 * 60 * 60],
  ["week", 7 * 24 * 60 * 60],
  ["month", 30 * 24 * 60 * 60],
  ["year", 365 * 24 * 60 * 60],
];

/** How long before `now` the instant `at` was, in words: "Just now", "5 minutes ago", "Yesterday". */
export function formatRelativeTime(at: Date, now: Date): string {
  const seconds = Math.round((now.getTime() - at.getTime()) / 1000);
  // A clock a little ahead of the database's still reads as now.
  if (seconds < 60) return "Just now";
  let unit: Intl.RelativeTimeFormatUnit = "minute";
  let size = 60;
  for (const [name, length] of RELATIVE_STEPS) {
    if (seconds < length) break;
    unit = name;
    size = length;
  }
  const text = relativeFormat.format(-Math.floor(seconds / size), unit);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * How long until a moment in the future, as a countdown reads: "in 28 days", then hours only in the
 * last day ("in 5 hours"), minutes in the last hour, and "in less than a minute" at the very end.
 * Whole units, rounded down, so it never promises more time than is left.
 */
export function formatTimeUntil(ms: number): string {
  const minutes = Math.floor(Math.max(ms, 0) / 60_000);
  const count = (value: number, unit: string) => `in ${formatNumber(value)} ${unit}${value === 1 ? "" : "s"}`;
  if (minutes >= 24 * 60) return count(Math.floor(minutes / (24 * 60)), "day");
  if (minutes >= 60) return count(Math.floor(minutes / 60), "hour");
  if (minutes >= 1) return count(minutes, "minute");
  return "in less than a minute";
}
