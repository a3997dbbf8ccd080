// No key a client may send can equal a key the system makes for itself (lib/ledger/keys.ts).
import fc from "fast-check";
import { expect, it } from "vitest";
import { isSystemKey, SYSTEM_KEY_KINDS, systemKey } from "@/lib/ledger/keys";
import { clientIdempotencyKey } from "@/lib/api/v1/schemas";
import { idempotencyKey } from "@/lib/validation/ledger";

const printable = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
  minLength: 1,
  maxLength: 40,
});
const part = fc.oneof(printable, fc.uuid(), fc.integer({ min: 0, max: 1_000_000 }));

it("refuses every key the system can make, whatever its parts", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...SYSTEM_KEY_KINDS),
      fc.array(part, { minLength: 1, maxLength: 4 }),
      (kind, parts) => {
        const key = systemKey(kind, ...parts);
        expect(isSystemKey(key)).toBe(true);
        expect(clientIdempotencyKey.safeParse(key).success).toBe(false);
      },
    ),
    { numRuns: 2_000 },
  );
});

it("accepts client keys outside the namespace, and none of them is a system key", () => {
  fc.assert(
    fc.property(printable, (key) => {
      const accepted = clientIdempotencyKey.safeParse(key).success;
      // Accepted exactly when the key is well-formed and not the system's.
      expect(accepted).toBe(idempotencyKey.safeParse(key).success && !isSystemKey(key));
      if (accepted) {
        for (const kind of SYSTEM_KEY_KINDS) expect(key.startsWith(`${kind}:`)).toBe(false);
      }
    }),
    { numRuns: 5_000 },
  );
});

it("knows the keys the ledger's SQL makes itself", () => {
  const hold = "3e987a0d-be9b-4ba1-8922-c991ba1211a3";
  for (const key of [
    `hold:${hold}:settle`,
    `hold:${hold}:settle:spend`,
    `hold:${hold}:release`,
    `expire:${hold}:40`,
  ]) {
    expect(clientIdempotencyKey.safeParse(key).success).toBe(false);
  }
  for (const key of ["gen_01HZX4K9T2", "holding:1", "HOLD:x:settle", "x:hold:1", ":hold"]) {
    expect(clientIdempotencyKey.safeParse(key).success).toBe(true);
  }
});
