import { describe, expect, it } from "vitest";
import { isTransientDatabaseError, TRANSIENT_RETRY, retryDelayMs } from "@/db/retry";

describe("ledger retries", () => {
  it("retries serialization failures, deadlocks and lost connections, wrapped or not", () => {
    for (const code of ["40001", "40P01", "57P01", "08006", "CONNECTION_CLOSED", "ECONNREFUSED"]) {
      expect(isTransientDatabaseError({ code })).toBe(true);
      expect(isTransientDatabaseError(Object.assign(new Error("query failed"), { cause: { code } }))).toBe(
        true,
      );
    }
  });

  it("does not retry anything else", () => {
    for (const code of ["23505", "23514", "22P02", "P0001", "42883", undefined]) {
      expect(isTransientDatabaseError({ code })).toBe(false);
    }
    expect(isTransientDatabaseError(new Error("boom"))).toBe(false);
    expect(isTransientDatabaseError(null)).toBe(false);
  });

  it("backs off exponentially with jitter, within the cap", () => {
    expect(retryDelayMs(1, () => 0)).toBe(Math.round(TRANSIENT_RETRY.baseDelayMs / 2));
    expect(retryDelayMs(1, () => 1)).toBe(TRANSIENT_RETRY.baseDelayMs);
    expect(retryDelayMs(3, () => 1)).toBe(TRANSIENT_RETRY.baseDelayMs * 16);
    expect(retryDelayMs(20, () => 1)).toBe(TRANSIENT_RETRY.maxDelayMs);
  });
});
