import { describe, expect, it } from "vitest";
import { grantIndexAt, localDay, monthlyGrantAt, termEndAt } from "@/lib/billing/schedule";

const iso = (d: Date) => d.toISOString();

describe("monthly grants", () => {
  it("fall on the anchor day, clamped at month ends, and come back to the 31st", () => {
    const anchor = new Date("2027-01-31T09:00:00Z");
    const grants = Array.from({ length: 4 }, (_, k) => iso(monthlyGrantAt(anchor, "UTC", k)));
    expect(grants).toEqual([
      "2027-01-31T09:00:00.000Z",
      "2027-02-28T09:00:00.000Z",
      "2027-03-31T09:00:00.000Z",
      "2027-04-30T09:00:00.000Z",
    ]);
  });

  it("use 29 February in leap years, for 29th, 30th and 31st anchors", () => {
    for (const day of [29, 30, 31]) {
      const anchor = new Date(`2028-01-${day}T00:00:00Z`);
      expect(iso(monthlyGrantAt(anchor, "UTC", 1))).toBe("2028-02-29T00:00:00.000Z");
      expect(iso(monthlyGrantAt(anchor, "UTC", 2))).toBe(`2028-03-${day}T00:00:00.000Z`);
    }
    expect(iso(monthlyGrantAt(new Date("2027-01-29T00:00:00Z"), "UTC", 1))).toBe("2027-02-28T00:00:00.000Z");
  });

  it("keep the local time of day across a DST change in the workspace's zone", () => {
    // 09:00 in New York: 14:00 UTC in winter (EST), 13:00 UTC in summer (EDT).
    const anchor = new Date("2026-02-15T14:00:00Z");
    expect(iso(monthlyGrantAt(anchor, "America/New_York", 1))).toBe("2026-03-15T13:00:00.000Z");
    expect(iso(monthlyGrantAt(anchor, "America/New_York", 9))).toBe("2026-11-15T14:00:00.000Z");
  });

  it("knows which grant is current at T-1 ms, T and T+1 ms", () => {
    const anchor = new Date("2026-01-31T23:30:00Z");
    const t = monthlyGrantAt(anchor, "Europe/Berlin", 1);
    expect(grantIndexAt(anchor, "Europe/Berlin", new Date(t.getTime() - 1))).toBe(0);
    expect(grantIndexAt(anchor, "Europe/Berlin", t)).toBe(1);
    expect(grantIndexAt(anchor, "Europe/Berlin", new Date(t.getTime() + 1))).toBe(1);
    expect(grantIndexAt(anchor, "Europe/Berlin", new Date(anchor.getTime() - 1))).toBe(-1);
    // 23:30 UTC on 31 Jan is 00:30 on 1 Feb in Berlin: the anchor day is the 1st there.
    expect(iso(t)).toBe("2026-02-28T23:30:00.000Z");
  });

  it("run an annual term over twelve monthly grants", () => {
    const anchor = new Date("2026-03-10T08:00:00Z");
    expect(iso(termEndAt(anchor, "UTC", 0, "year"))).toBe("2027-03-10T08:00:00.000Z");
    expect(iso(termEndAt(anchor, "UTC", 0, "quarter"))).toBe("2026-06-10T08:00:00.000Z");
    expect(grantIndexAt(anchor, "UTC", new Date("2027-04-10T08:00:00Z"))).toBe(13);
  });
});

describe("local days", () => {
  it("start and end at midnight in the workspace's zone, including short and long DST days", () => {
    expect(localDay(new Date("2026-03-29T12:00:00Z"), "Europe/Berlin")).toEqual({
      date: "2026-03-29",
      start: new Date("2026-03-28T23:00:00.000Z"),
      end: new Date("2026-03-29T22:00:00.000Z"), // a 23-hour day
    });
    expect(localDay(new Date("2026-10-25T12:00:00Z"), "Europe/Berlin").end).toEqual(
      new Date("2026-10-25T23:00:00.000Z"),
    );
    // After the March change New York is UTC-4: T-1 ms and T around its midnight.
    expect(localDay(new Date("2026-03-10T03:59:59.999Z"), "America/New_York").date).toBe("2026-03-09");
    expect(localDay(new Date("2026-03-10T04:00:00.000Z"), "America/New_York").date).toBe("2026-03-10");
  });
});
