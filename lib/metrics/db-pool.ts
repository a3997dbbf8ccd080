// How much of this instance's database pool is in use. postgres.js keeps its connection queues
// private, so this counts what the app has in flight on the pool instead: every query outside a
// transaction and every transaction (which holds one connection from BEGIN to COMMIT). Above the
// pool size the rest are waiting for a connection.
import "server-only";
import type postgres from "postgres";

type PoolUse = { inFlight: number; max: number };

const tracked = new WeakMap<postgres.Sql, PoolUse>();

type Settle = (value: unknown) => void;

/** Starts counting `client`'s queries and transactions (once per client). */
export function trackPoolUse(client: postgres.Sql, max: number): void {
  if (tracked.has(client)) return;
  const use: PoolUse = { inFlight: 0, max };
  tracked.set(client, use);
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
  const use = tracked.get(client);
  if (!use) return null;
  return {
    size: use.max,
    inUse: Math.min(use.inFlight, use.max),
    waiting: Math.max(0, use.inFlight - use.max),
  };
}
