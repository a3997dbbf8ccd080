// When credits arrive and expire, in the workspace's time zone. Pure and exact to the millisecond.
import { TZDate } from "@date-fns/tz";
import type { BillingInterval } from "@/db/schema/workspaces";

export const INTERVAL_MONTHS: Record<BillingInterval, number> = { month: 1, quarter: 3, year: 12 };

function parts(at: Date, timeZone: string) {
  const local = new TZDate(at.getTime(), timeZone);
  return {
    year: local.getFullYear(),
    month: local.getMonth(),
    day: local.getDate(),
    hours: local.getHours(),
    minutes: local.getMinutes(),
    seconds: local.getSeconds(),
    ms: local.getMilliseconds(),
  };
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one (calendar arithmetic, zone-free).
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * The k-th monthly grant of a subscription anchored at `anchor`: the same day of the month and
 * time of day in the workspace's zone, clamped to the month's last day (a 31st anchor grants on
 * 28/29 February, then 31 March again).
 */
export function monthlyGrantAt(anchor: Date, timeZone: string, k: number): Date {
  const a = parts(anchor, timeZone);
  const targetYear = a.year + Math.floor((a.month + k) / 12);
  const targetMonth = (((a.month + k) % 12) + 12) % 12;
  const day = Math.min(a.day, daysInMonth(targetYear, targetMonth));
  return new Date(
    new TZDate(targetYear, targetMonth, day, a.hours, a.minutes, a.seconds, a.ms, timeZone).getTime(),
  );
}

/** The index of the last monthly grant at or before `now` (-1 before the anchor). */
export function grantIndexAt(anchor: Date, timeZone: string, now: Date): number {
  if (now < anchor) return -1;
  const a = parts(anchor, timeZone);
  const n = parts(now, timeZone);
  let k = (n.year - a.year) * 12 + (n.month - a.month);
  while (k > 0 && monthlyGrantAt(anchor, timeZone, k) > now) k -= 1;
  while (monthlyGrantAt(anchor, timeZone, k + 1) <= now) k += 1;
  return k;
}

/** The end of a term that starts at the k-th grant and lasts one interval. */
export function termEndAt(
  anchor: Date,
  timeZone: string,
  startIndex: number,
  interval: BillingInterval,
): Date {
  return monthlyGrantAt(anchor, timeZone, startIndex + INTERVAL_MONTHS[interval]);
}

/** The local calendar day containing `now`: its date (YYYY-MM-DD) and the instants it starts and ends. */
export function localDay(now: Date, timeZone: string): { date: string; start: Date; end: Date } {
  const n = parts(now, timeZone);
  const start = new Date(new TZDate(n.year, n.month, n.day, timeZone).getTime());
  const end = new Date(new TZDate(n.year, n.month, n.day + 1, timeZone).getTime());
  const date = `${n.year}-${String(n.month + 1).padStart(2, "0")}-${String(n.day).padStart(2, "0")}`;
  return { date, start, end };
}
