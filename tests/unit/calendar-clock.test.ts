// The Date that `npm run test:calendar` puts in the test process (tests/support/calendar-clock.ts).
import { expect, it } from "vitest";
import { shiftedDate } from "../support/calendar-clock";

const real = globalThis.Date;

it("starts now at the given instant and lets it move on", () => {
  const D = shiftedDate(real, "2028-02-29T12:00:00+01:00");
  const first = new D().getTime();
  expect(Math.abs(first - real.parse("2028-02-29T11:00:00Z"))).toBeLessThan(1_000);
  expect(Math.abs(D.now() - first)).toBeLessThan(1_000);
  expect(D()).toBe(new real(D.parse(D())).toString());
  expect(new Date(D()).getUTCFullYear()).toBe(2028);
});

it("leaves dates built from a value alone, and is the real Date to everything else", () => {
  const D = shiftedDate(real, "2030-01-01T00:00:00Z");
  expect(new D(0).toISOString()).toBe("1970-01-01T00:00:00.000Z");
  expect(new D(2026, 0, 1).getFullYear()).toBe(2026);
  expect(D.UTC(2026, 0, 1)).toBe(real.UTC(2026, 0, 1));
  expect(new real() instanceof D).toBe(true);
  expect(new D() instanceof real).toBe(true);
  expect(D.prototype).toBe(real.prototype);
});

it("can be extended like Date, with the real methods on its prototype (as TZDate needs)", () => {
  const D = shiftedDate(real, "2030-01-01T00:00:00Z");
  class Sub extends D {
    hello() {
      return "sub";
    }
  }
  const sub = new Sub(0);
  expect(sub).toBeInstanceOf(Sub);
  expect(sub.hello()).toBe("sub");
  expect(sub.getTime()).toBe(0);
  // TZDate finds the methods to wrap on Date.prototype: they must be the real ones.
  expect(Object.getOwnPropertyNames(D.prototype)).toContain("getHours");
});
