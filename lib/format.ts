// Formatting for the screen. Credits are whole numbers everywhere; a fraction here is a bug upstream,
// so it fails loudly instead of being rounded away.
const LOCALE = "en-US";

const creditsFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });

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

/** "Dec 5, 2026", in the given IANA time zone. */
export function formatDate(iso: string, timeZone = "UTC"): string {
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeZone }).format(new Date(iso));
}

/** "Nov 21, 2:05 PM", in the given IANA time zone. */
export function formatDateTime(iso: string, timeZone = "UTC"): string {
  return new Intl.DateTimeFormat(LOCALE, {
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
  }).format(new Date(iso));
}

/** The short name of a time zone at an instant, for example "CET" or "GMT+1". */
export function formatTimeZoneName(timeZone: string, at: Date): string {
  const part = new Intl.DateTimeFormat(LOCALE, { timeZone, timeZoneName: "short" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

/** "100 a second, bursts of 300": an API key's rate limit in words. */
export function describeRateLimit(limit: { perSecond: number; burst: number }): string {
  return `${creditsFormat.format(limit.perSecond)} a second, bursts of ${creditsFormat.format(limit.burst)}`;
}
