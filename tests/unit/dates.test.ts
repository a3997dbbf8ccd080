// Dates from outside are held to 2000–2100 and a real zone's offset (lib/validation/dates.ts): year
// 0000 and offsets like +16:00 passed the old validators and made PostgreSQL fail with a 500.
import { describe, expect, it } from "vitest";
import { saneDay, saneInstant } from "@/lib/validation/dates";

describe("saneDay", () => {
  it.each(["2000-01-01", "2026-02-28", "2028-02-29", "2100-12-31"])("takes %s", (day) => {
    expect(saneDay.safeParse(day).success).toBe(true);
  });
  it.each([
    "0000-01-01",
    "1999-12-31",
    "2101-01-01",
    "9999-12-31",
    "2026-02-29",
    "2026-13-01",
    "26-01-01",
    "",
  ])("refuses %s", (day) => {
    expect(saneDay.safeParse(day).success).toBe(false);
  });
});

describe("saneInstant", () => {
  it.each([
    "2026-03-01T00:00:00Z",
    "2026-03-01T00:00:00.123+14:00",
    "2026-03-01T00:00:00-12:00",
    "2000-01-01T00:00:00Z",
  ])("takes %s", (value) => {
    expect(saneInstant.safeParse(value).success).toBe(true);
  });
  it.each([
    "0000-01-01T00:00:00Z",
    "1999-12-31T23:59:59Z",
    "2101-01-01T00:00:00Z",
    "2026-03-01T00:00:00+16:00",
    "2026-03-01T00:00:00-15:30",
    "2026-03-01",
    "2026-03-01T00:00:00",
  ])("refuses %s", (value) => {
    expect(saneInstant.safeParse(value).success).toBe(false);
  });
});
