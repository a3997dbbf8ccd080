// The instants `npm run test:calendar` runs the date-sensitive tests at (scripts/test-calendar.ts),
// also used directly by tests that can cover every one of them in a single run
// (tests/integration/demo-story.test.ts). Each is given with its UTC offset so it reads as the
// wall-clock time it is meant to be in its zone.
export type CalendarInstant = {
  /** A short name for reports and file names. */
  name: string;
  /** The instant, ISO 8601 with the zone's offset at that moment. */
  at: string;
  /** The demo workspace's (and the test process's) time zone for this instant. */
  timeZone: string;
};

export const CALENDAR_INSTANTS: readonly CalendarInstant[] = [
  // The month is half an hour old: this month's usage, limits and analytics have almost nothing.
  { name: "first-of-month", at: "2027-04-01T00:30:00+02:00", timeZone: "Europe/Berlin" },
  // The month's last half hour: tomorrow is another month.
  { name: "last-of-month", at: "2027-04-30T23:30:00+02:00", timeZone: "Europe/Berlin" },
  // A day that exists one year in four; the 14 days before it cross a 29-day February.
  { name: "leap-day", at: "2028-02-29T12:00:00+01:00", timeZone: "Europe/Berlin" },
  // Clocks go forward at 02:00: a 23-hour day.
  { name: "berlin-dst-start", at: "2027-03-28T03:30:00+02:00", timeZone: "Europe/Berlin" },
  // Clocks go back at 03:00: a 25-hour day, and 02:30 happens twice (this is the second).
  { name: "berlin-dst-end", at: "2027-10-31T02:30:00+01:00", timeZone: "Europe/Berlin" },
  { name: "new-york-dst-start", at: "2027-03-14T03:30:00-04:00", timeZone: "America/New_York" },
  { name: "new-york-dst-end", at: "2027-11-07T01:30:00-05:00", timeZone: "America/New_York" },
  // The year's last half hour.
  { name: "new-years-eve", at: "2026-12-31T23:30:00+01:00", timeZone: "Europe/Berlin" },
];
