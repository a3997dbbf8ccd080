// `npm run test:calendar` sets CREDITPOOL_TEST_AT: every `new Date()` and `Date.now()` in the test
// process then starts from that instant and moves on in real time, so the tests that take "now"
// from the system (fixtures made "today", Stripe signature timestamps) run on that day. Without the
// variable this file does nothing.
//
// Not vitest's fake timers: their Date returns plain Date objects from its constructor and has a
// prototype of its own, which breaks classes that extend Date and patch its methods (@date-fns/tz's
// TZDate, behind every calendar calculation here). This Date shares the real one's prototype and
// statics; only the forms that mean "now" move.

/** A Date constructor whose "now" starts at `at` and moves on with `real`'s. */
export function shiftedDate(real: DateConstructor, at: string): DateConstructor {
  const start = real.parse(at);
  if (Number.isNaN(start)) throw new Error(`CREDITPOOL_TEST_AT is not an instant: ${at}`);
  const offset = start - real.now();
  const now = () => real.now() + offset;

  function ShiftedDate(this: unknown, ...args: unknown[]): Date | string {
    // `Date()` without `new` is the current time as a string.
    if (!new.target) return new real(now()).toString();
    return Reflect.construct(real, args.length === 0 ? [now()] : args, new.target) as Date;
  }
  Object.setPrototypeOf(ShiftedDate, real);
  ShiftedDate.prototype = real.prototype;
  ShiftedDate.now = now;
  return ShiftedDate as unknown as DateConstructor;
}

const at = process.env.CREDITPOOL_TEST_AT;
if (at) globalThis.Date = shiftedDate(globalThis.Date, at);
