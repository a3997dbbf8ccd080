// Forecast maths, date ranges and the stacked series: pure functions, no database.
import { describe, expect, it } from "vitest";
import { burnRate, forecastCredits, type ForecastInput } from "@/lib/analytics/forecast";
import { addDays, daysBetween, eachDay, localToday, resolveRange } from "@/lib/analytics/range";
import { analyticsQuery, parseAnalyticsParams } from "@/lib/analytics/search-params";
import { OTHER_KEY, stackDaily } from "@/lib/analytics/series";

const base: ForecastInput = {
  dailyBurn: 100,
  balance: { free: 0, subscription: 0, other: 1_000 },
  dailyFree: 0,
  renewalsInDays: [],
  monthlyGrant: 0,
  autoTopUp: null,
};

describe("burnRate", () => {
  it("averages over the whole window, quiet days included", () => {
    expect(burnRate([100, 0, 200, 0])).toBe(75);
    expect(burnRate([])).toBe(0);
  });
});

describe("forecastCredits", () => {
  it("runs out after balance / burn days without anything arriving", () => {
    expect(forecastCredits(base).runsOutInDays).toBe(10);
    expect(forecastCredits({ ...base, dailyBurn: 300 }).runsOutInDays).toBeCloseTo(1_000 / 300, 10);
  });

  it("says nothing runs out when nothing is used", () => {
    const forecast = forecastCredits({ ...base, dailyBurn: 0 });
    expect(forecast.runsOutInDays).toBeNull();
  });

  it("counts free daily credits first, so they stretch the balance", () => {
    // Today has no free credits left: 100 from the 1,000. From tomorrow 40 a day are free, so 60 a
    // day come out of the balance: 900 lasts 15 more days, and on day 16 only its 40 free credits
    // (40% of the day's use) are left.
    expect(forecastCredits({ ...base, dailyFree: 40 }).runsOutInDays).toBeCloseTo(16.4, 10);
  });

  it("forecasts subscription credits left over at renewal, after free credits were used first", () => {
    const forecast = forecastCredits({
      ...base,
      dailyBurn: 100,
      balance: { free: 0, subscription: 5_000, other: 10_000 },
      renewalsInDays: [20],
      monthlyGrant: 5_000,
    });
    // 20 days × 100 drawn from subscription credits (they expire first), 3,000 left to expire.
    expect(forecast.expiringUnused).toEqual({ credits: 3_000, inDays: 20 });
  });

  it("expects nothing to expire when the burn uses it all", () => {
    const forecast = forecastCredits({
      ...base,
      dailyBurn: 500,
      balance: { free: 0, subscription: 5_000, other: 100_000 },
      renewalsInDays: [20],
      monthlyGrant: 5_000,
    });
    expect(forecast.expiringUnused).toEqual({ credits: 0, inDays: 20 });
  });

  it("keeps the balance alive across renewals that cover the burn", () => {
    const forecast = forecastCredits({
      ...base,
      dailyBurn: 100,
      balance: { free: 0, subscription: 3_000, other: 0 },
      renewalsInDays: Array.from({ length: 7 }, (_, k) => 25 + 30 * k),
      monthlyGrant: 3_500,
    });
    expect(forecast.runsOutInDays).toBeNull();
  });

  it("says how often auto top-up would buy credits at its threshold and amount", () => {
    const forecast = forecastCredits({
      ...base,
      dailyBurn: 100,
      balance: { free: 0, subscription: 0, other: 1_000 },
      autoTopUp: { threshold: 500, amount: 1_000 },
    });
    // Below 500 after day 6 (400 left), then every 10 days (1,000 / 100 a day).
    expect(forecast.autoTopUp?.firstInDays).toBe(6);
    expect(forecast.autoTopUp?.everyDays).toBe(10);
    expect(forecast.autoTopUp?.inNext30Days).toBe(3);
    expect(forecast.runsOutInDays).toBeNull();
  });

  it("forecasts only the first purchase when the amount is not known", () => {
    const forecast = forecastCredits({ ...base, autoTopUp: { threshold: 500, amount: null } });
    expect(forecast.autoTopUp).toEqual({ firstInDays: 6, everyDays: null, inNext30Days: null });
  });

  it("has no auto top-up forecast when it is off", () => {
    expect(forecastCredits(base).autoTopUp).toBeNull();
  });
});

describe("date ranges", () => {
  it("resolves presets on a local date, across month and year ends", () => {
    expect(resolveRange("2026-03-05", "7d")).toEqual({ preset: "7d", from: "2026-02-27", to: "2026-03-05" });
    expect(resolveRange("2026-03-05", "90d").from).toBe("2025-12-06");
    expect(resolveRange("2026-03-05", "this-month")).toMatchObject({ from: "2026-03-01", to: "2026-03-05" });
    expect(resolveRange("2026-01-15", "last-month")).toMatchObject({ from: "2025-12-01", to: "2025-12-31" });
    expect(resolveRange("2024-03-10", "last-month")).toMatchObject({ from: "2024-02-01", to: "2024-02-29" });
  });

  it("orders, validates and caps custom ranges", () => {
    expect(resolveRange("2026-03-05", "custom", { from: "2026-02-10", to: "2026-02-01" })).toMatchObject({
      from: "2026-02-01",
      to: "2026-02-10",
    });
    expect(resolveRange("2026-03-05", "custom", { from: "2026-02-30", to: "2026-03-01" }).preset).toBe("30d");
    const long = resolveRange("2026-03-05", "custom", { from: "2020-01-01", to: "2026-03-01" });
    expect(daysBetween(long.from, long.to)).toBe(366);
  });

  it("ends a range at year 9999 in bounded time: dates outside 2000–2100 are not dates here", () => {
    // This custom range once looped forever (the day after 9999-12-31 formats as "+010000-01-01",
    // which sorts before it) and took the server down with it.
    const far = resolveRange("2026-03-05", "custom", { from: "9999-01-01", to: "9999-12-31" });
    expect(far).toMatchObject({ preset: "30d", to: "2026-03-05" });
    expect(resolveRange("2026-03-05", "custom", { from: "0001-01-01", to: "9998-12-31" }).preset).toBe("30d");
    expect(resolveRange("2026-03-05", "custom", { from: "0000-01-01", to: "2026-01-01" }).preset).toBe("30d");
    expect(resolveRange("2026-03-05", "custom", { from: "2000-01-01", to: "2100-12-31" })).toMatchObject({
      preset: "custom",
      from: "2099-12-31", // 366 days, and 2100 is not a leap year
      to: "2100-12-31",
    });
    // Whatever a caller passes, eachDay counts its days and refuses a series longer than two years.
    expect(eachDay("9999-12-30", "9999-12-31")).toEqual(["9999-12-30", "9999-12-31"]);
    expect(() => eachDay("2000-01-01", "2100-12-31")).toThrow(RangeError);
    expect(eachDay("2026-01-02", "2026-01-01")).toEqual([]);
  });

  it("counts days in calendar terms, whatever the DST changes", () => {
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(3);
    expect(eachDay("2026-10-24", "2026-10-26")).toEqual(["2026-10-24", "2026-10-25", "2026-10-26"]);
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(localToday(new Date("2026-03-01T20:00:00Z"), "Asia/Kolkata")).toBe("2026-03-02");
    expect(localToday(new Date("2026-03-01T20:00:00Z"), "America/Los_Angeles")).toBe("2026-03-01");
  });

  it("reads the page's URL state, falling back on anything malformed, and writes it back short", () => {
    const state = parseAnalyticsParams(
      { range: "bogus", member: "not-a-uuid", stack: "model", sort: "x" },
      "2026-03-05",
    );
    expect(state).toMatchObject({ member: null, stack: "model", sort: "credits", dir: "desc" });
    expect(state.range.preset).toBe("30d");
    expect(analyticsQuery(state)).toBe("stack=model");
    const custom = parseAnalyticsParams(
      { range: "custom", from: "2026-01-01", to: "2026-01-31" },
      "2026-03-05",
    );
    expect(analyticsQuery(custom)).toBe("range=custom&from=2026-01-01&to=2026-01-31");
  });

  // The page fuzz found it: a `to` over 200 characters failed the schema, and the Analytics and My
  // usage pages and the analytics export answered with an error.
  it("falls back to the default range, never throws, on over-long or absurd dates and filters", () => {
    for (const value of ["x".repeat(201), "9".repeat(400), "+010000-01-01", "0000-01-01", "2026-02-30"]) {
      const state = parseAnalyticsParams(
        { range: "custom", from: value, to: [value, "2026-01-01"], model: value, feature: value },
        "2026-03-05",
      );
      expect(state.range).toEqual({ preset: "30d", from: "2026-02-04", to: "2026-03-05" });
      if (value.length > 200) expect(state).toMatchObject({ model: null, feature: null });
    }
  });

  // Found by the page fuzz too: a NUL in a filter reached the query, and PostgreSQL refused it.
  it("drops a model or feature filter PostgreSQL can't take", () => {
    for (const value of ["a\u0000b", "\u0000", "name \ud800"]) {
      const state = parseAnalyticsParams({ model: value, feature: value }, "2026-03-05");
      expect(state).toMatchObject({ model: null, feature: null });
    }
    expect(parseAnalyticsParams({ feature: "image" }, "2026-03-05").feature).toBe("image");
  });
});

describe("stackDaily", () => {
  it("fills every day and folds small series into Other, keeping the totals", () => {
    const rows = ["a", "b", "c"].flatMap((key, i) => [
      { day: "2026-03-02", key, credits: 10 * (i + 1), generations: 1 },
    ]);
    const series = stackDaily(rows, "2026-03-01", "2026-03-03", 2);
    expect(series.keys).toEqual(["c", OTHER_KEY]);
    expect(series.points).toEqual([
      { day: "2026-03-01", c: 0, [OTHER_KEY]: 0 },
      { day: "2026-03-02", c: 30, [OTHER_KEY]: 30 },
      { day: "2026-03-03", c: 0, [OTHER_KEY]: 0 },
    ]);
  });
});
