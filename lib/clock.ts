// The one source of time. Ledger operations, jobs and pages ask the clock, never `new Date()`,
// so tests (and `npm run cycles -- --now`) can put the whole system at any instant.
export type Clock = { now: () => Date };

export const systemClock: Clock = { now: () => new Date() };

export type ManualClock = Clock & { set: (at: Date | string) => void; advance: (ms: number) => void };

/** A clock that stands still until told to move (tests and simulations). */
export function manualClock(at: Date | string): ManualClock {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    set: (next) => {
      current = new Date(next);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

// Kept on globalThis: Next.js bundles this module more than once in one server process (the
// instrumentation hook, Server Components, route handlers), and they must all read one clock.
const holder = globalThis as typeof globalThis & { __creditpoolClock?: Clock };

export function getClock(): Clock {
  return holder.__creditpoolClock ?? systemClock;
}

/** Replaces the process-wide clock (tests, simulations and CREDITPOOL_FROZEN_AT only). */
export function setClock(clock: Clock): void {
  holder.__creditpoolClock = clock;
}
