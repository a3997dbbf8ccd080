import { describe, expect, it } from "vitest";
import {
  formatCompactNumber,
  formatTimeUntil,
  formatDate,
  formatDateTime,
  formatDay,
  formatLocalDate,
  formatLongDay,
  formatMoney,
  formatMonth,
  formatNumber,
  formatRelativeTime,
  formatTimeOfDay,
  formatTimestamp,
  formatTimestampWithZone,
  formatTimeZoneName,
} from "@/lib/format";

// Zones with DST, half-hour and 45-minute offsets, and one that only shifts by 30 minutes in summer.
const ZONES = [
  "UTC",
  "Europe/Berlin",
  "America/Los_Angeles",
  "Asia/Kolkata",
  "Pacific/Chatham",
  "Australia/Lord_Howe",
];
// DST changes in Europe and the US, a leap day, the turn of the year, and an ordinary afternoon.
const INSTANTS = [
  "2026-03-29T00:59:00Z",
  "2026-03-29T01:00:00Z",
  "2026-03-08T10:30:00Z",
  "2026-11-01T08:59:00Z",
  "2028-02-29T23:45:00Z",
  "2026-12-31T23:30:00Z",
  "2026-12-05T14:05:00Z",
].map((iso) => new Date(iso));

/** What the pages wrote by hand before, one new Intl.DateTimeFormat per call. */
function byHand(options: Intl.DateTimeFormatOptions, at: Date, locale = "en-US"): string {
  return new Intl.DateTimeFormat(locale, options).format(at);
}

describe("dates and times in a time zone", () => {
  it("read as they did when each page built its own formatter", () => {
    for (const timeZone of ZONES) {
      for (const at of INSTANTS) {
        const iso = at.toISOString();
        expect(formatDate(iso, timeZone)).toBe(byHand({ dateStyle: "medium", timeZone }, at));
        expect(formatDateTime(at, timeZone)).toBe(
          byHand({ month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone }, at),
        );
        expect(formatTimestamp(iso, timeZone)).toBe(
          byHand({ dateStyle: "medium", timeStyle: "short", timeZone }, at),
        );
        // The invitation's expiry asked Intl for the zone name itself; the same text.
        expect(formatTimestampWithZone(iso, timeZone)).toBe(
          byHand(
            {
              month: "short",
              day: "numeric",
              year: "numeric",
              hour: "numeric",
              minute: "2-digit",
              timeZoneName: "short",
              timeZone,
            },
            at,
          ),
        );
        expect(formatTimeOfDay(at, timeZone)).toBe(
          byHand({ hour: "numeric", minute: "2-digit", timeZone }, at),
        );
        expect(formatLocalDate(at, timeZone)).toBe(
          byHand({ timeZone, year: "numeric", month: "2-digit", day: "2-digit" }, at, "en-CA"),
        );
      }
    }
  });

  it("keeps each zone's formatter apart", () => {
    const at = "2026-12-05T14:05:00Z";
    expect(formatTimestampWithZone(at, "Europe/Berlin")).toBe("Dec 5, 2026, 3:05 PM GMT+1");
    expect(formatTimestampWithZone(at, "America/Los_Angeles")).toBe("Dec 5, 2026, 6:05 AM PST");
    expect(formatTimestamp(at, "Asia/Kolkata")).toBe("Dec 5, 2026, 7:35 PM");
    expect(formatDate(at)).toBe("Dec 5, 2026");
    expect(formatDateTime(at)).toBe("Dec 5, 2:05 PM");
    expect(formatTimeZoneName("Europe/Berlin", new Date("2026-07-01T12:00:00Z"))).toBe("GMT+2");
    expect(formatLocalDate(new Date("2026-03-01T20:00:00Z"), "Asia/Kolkata")).toBe("2026-03-02");
  });

  it("refuses a time zone that does not exist, as Intl does", () => {
    expect(() => formatDate("2026-12-05T14:05:00Z", "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});

describe("calendar days, already local", () => {
  it("format without moving to another day", () => {
    expect(formatDay("2026-03-08")).toBe("Mar 8");
    expect(formatLongDay("2026-03-08")).toBe("Sun, Mar 8, 2026");
    expect(formatMonth("2026-11-01")).toBe("November 2026");
    expect(formatDay("2026-12-31")).toBe("Dec 31");
  });
});

describe("numbers and money", () => {
  it("write numbers as toLocaleString does", () => {
    for (const value of [0, 7, 1000, 1_000_000, 0.25, -1234.5, 9_007_199_254_740_991]) {
      expect(formatNumber(value)).toBe(value.toLocaleString("en-US"));
    }
  });

  it("shortens figures for a chart's axis", () => {
    expect(formatCompactNumber(12_400)).toBe("12.4K");
    expect(formatCompactNumber(950)).toBe("950");
    expect(formatCompactNumber(2_000_000)).toBe("2M");
  });

  it("writes money in its currency", () => {
    expect(formatMoney(123_450, "usd")).toBe("$1,234.50");
    expect(formatMoney(500, "EUR")).toBe("€5.00");
    expect(formatMoney(-250, "usd")).toBe("-$2.50");
  });
});

describe("relative time", () => {
  const now = new Date("2026-12-05T14:05:00Z");
  const ago = (seconds: number) => formatRelativeTime(new Date(now.getTime() - seconds * 1000), now);

  it("says how long ago in the largest whole unit", () => {
    expect(ago(-5)).toBe("Just now");
    expect(ago(59)).toBe("Just now");
    expect(ago(60)).toBe("1 minute ago");
    expect(ago(5 * 60 + 59)).toBe("5 minutes ago");
    expect(ago(3 * 3600)).toBe("3 hours ago");
    expect(ago(86_400)).toBe("Yesterday");
    expect(ago(14 * 86_400)).toBe("2 weeks ago");
    expect(ago(400 * 86_400)).toBe("Last year");
  });
});

describe("formatTimeUntil", () => {
  const MINUTE = 60_000;
  const HOUR = 60 * MINUTE;
  const DAY = 24 * HOUR;
  it("says days while a day or more is left, never seconds", () => {
    expect(formatTimeUntil(28 * DAY + 5 * HOUR + 59 * MINUTE + 59_000)).toBe("in 28 days");
    expect(formatTimeUntil(DAY)).toBe("in 1 day");
  });
  it("says hours only in the last day, then minutes", () => {
    expect(formatTimeUntil(DAY - 1)).toBe("in 23 hours");
    expect(formatTimeUntil(HOUR)).toBe("in 1 hour");
    expect(formatTimeUntil(59 * MINUTE + 59_000)).toBe("in 59 minutes");
    expect(formatTimeUntil(MINUTE)).toBe("in 1 minute");
    expect(formatTimeUntil(59_000)).toBe("in less than a minute");
    expect(formatTimeUntil(-5)).toBe("in less than a minute");
  });
});
