// The environment is validated once; an empty variable is the same as an unset one.
import { expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

it("treats a variable set to the empty string as unset, and still refuses a malformed one", () => {
  const empty = parseEnv({ DATABASE_URL: "", STRIPE_SECRET_KEY: "" });
  expect(empty.DATABASE_URL).toBeUndefined();
  expect(empty.STRIPE_SECRET_KEY).toBeUndefined();
  expect(empty.EMBEDDED_PG_PORT).toBe(54329);
  expect(parseEnv({ DATABASE_URL: "postgres://u:p@127.0.0.1:5432/db" }).DATABASE_URL).toBe(
    "postgres://u:p@127.0.0.1:5432/db",
  );
  expect(() => parseEnv({ DATABASE_URL: "not a url" })).toThrow(/DATABASE_URL/);
});

it("refuses a rate or request limit that is not a whole number of at least 1", () => {
  expect(parseEnv({ API_RATE_LIMIT_PER_SECOND: "250" }).API_RATE_LIMIT_PER_SECOND).toBe(250);
  expect(() => parseEnv({ API_RATE_LIMIT_BURST: "0" })).toThrow(/API_RATE_LIMIT_BURST/);
  expect(() => parseEnv({ CREDITPOOL_LIMIT_SIGN_UP_ADDRESS: "lots" })).toThrow(
    /CREDITPOOL_LIMIT_SIGN_UP_ADDRESS/,
  );
});
