// "3 minutes ago" for the API keys list; the exact time goes in the tooltip beside it.
import { formatTimeZoneName } from "@/lib/format";

const RELATIVE = new Intl.RelativeTimeFormat("en-US", { numeric: "auto" });

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["minute", 60],
  ["hour", 60 * 60],
  ["day", 24 * 60 * 60],
  ["week", 7 * 24 * 60 * 60],
  ["month", 30 * 24 * 60 * 60],
  ["year", 365 * 24 * 60 * 60],
];

/** How long before `now` the instant `at` was, in words: "Just now", "5 minutes ago", "yesterday". */
export function formatRelativeTime(at: Date, now: Date): string {
  const seconds = Math.round((now.getTime() - at.getTime()) / 1000);
  // A clock a little ahead of the database's still reads as now.
  if (seconds < 60) return "Just now";
  let unit: Intl.RelativeTimeFormatUnit = "minute";
  let size = 60;
  for (const [name, length] of STEPS) {
    if (seconds < length) break;
    unit = name;
    size = length;
  }
  const text = RELATIVE.format(-Math.floor(seconds / size), unit);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Nov 21, 2026, 2:05 PM CET", in the given IANA time zone. */
export function formatExactTime(at: Date, timeZone: string): string {
  const time = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone });
  return `${time.format(at)} ${formatTimeZoneName(timeZone, at)}`;
}
