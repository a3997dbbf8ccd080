import type { Database } from "@/db";
import type { Clock } from "@/lib/clock";

/**
 * What server code runs with: the database and the clock. The ledger, jobs, webhooks, actions and
 * routes take them as one value, so a test or a script passes its own database and a manual clock.
 */
export type Deps = { db: Database; clock: Clock };
