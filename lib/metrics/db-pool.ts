// How much of this instance's database pool is in use. postgres.js keeps its connection queues
// private, so this counts what the app has in flight on the pool instead: every query outside a
// transaction and every transaction (which holds one connection from BEGIN to COMMIT). Above the
// pool size the rest are waiting for a connection.
import "server-only";
import type postgres from "postgres";

type PoolUse = { inFlight: number; max: number };

// Kept on the client itself under a global symbol: Next.js bundles instrumentation.ts and the route
// handlers apart, each with its own copy of this module, and they must all see one count.
const POOL_USE = Symbol.for("creditpool.poolUse");
type Tracked = postgres.Sql & { [POOL_USE]?: PoolUse };

type Settle = (value: unknown) => void;

/** Starts counting `client`'s queries and transactions (once per client). */
export function trackPoolUse(client: postgres.Sql, max: number): void {
  const holder = client as Tracked;
  if (holder[POOL_USE]) return;
  const use: PoolUse = { inFlight: 0, max };
  holder[POOL_USE] = use;
  const unsafe = client.unsafe.bind(client);
  // drizzle runs every statement through unsafe(); a query is lazy (it runs when awaited), so it is
  // counted from creation to its settlement, which drizzle always awaits.
  client.unsafe = ((...args: Parameters<typeof client.unsafe>) => {
    const query = unsafe(...args) as unknown as { resolve: Settle; reject: Settle };
    const { resolve, reject } = query;
    use.inFlight += 1;
    let done = false;
    const finish = () => {
      if (!done) use.inFlight -= 1;
      done = true;
    };
    query.resolve = (value) => (finish(), resolve(value));
    query.reject = (error) => (finish(), reject(error));
    return query;
  }) as unknown as typeof client.unsafe;
  const begin = client.begin.bind(client) as (...args: unknown[]) => Promise<unknown>;
  client.begin = ((...args: unknown[]) => {
    use.inFlight += 1;
    return begin(...args).finally(() => {
      use.inFlight -= 1;
    });
  }) as typeof client.begin;
}

/** The pool's size, and what is in use and waiting, for a tracked client. */
export function readPoolUse(client: postgres.Sql): { size: number; inUse: number; waiting: number } | null {
  const use = (client as Tracked)[POOL_USE];
  if (!use) return null;
  return {
    size: use.max,
    inUse: Math.min(use.inFlight, use.max),
    waiting: Math.max(0, use.inFlight - use.max),
  };
}
