// Idempotency keys the system makes for itself live in a namespace of their own: each starts with
// one of these kinds and a colon. A client (the metering API) may not send a key in it, so no client
// key can ever equal one. Before, a client that sent `hold:<id>:settle` first made every settle of
// that hold fail, and one that sent `hold:<id>:release` kept the hold's credits held for good.
//
// The ledger's SQL makes the `hold:` and `expire:` keys itself (cp_settle, cp_release,
// cp_expire_due); everything else comes through systemKey().

export const SYSTEM_KEY_KINDS = [
  "hold",
  "expire",
  "subscription",
  "free",
  "upgrade",
  "stripe",
  "auto-top-up",
  "seed",
] as const;
export type SystemKeyKind = (typeof SYSTEM_KEY_KINDS)[number];

const KINDS: ReadonlySet<string> = new Set(SYSTEM_KEY_KINDS);

/** A key in the system's namespace: `kind:part:part…`. */
export function systemKey(kind: SystemKeyKind, ...parts: (string | number)[]): string {
  return [kind, ...parts].join(":");
}

/** True for every key systemKey() (or the ledger's SQL) can make; client keys must not be. */
export function isSystemKey(key: string): boolean {
  const colon = key.indexOf(":");
  return colon > 0 && KINDS.has(key.slice(0, colon));
}

export const RESERVED_KEY_MESSAGE = `must not start with ${SYSTEM_KEY_KINDS.map((k) => `"${k}:"`).join(", ")}: those keys are Creditpool's own`;
