// The scripts that serve the app rebuild it when the source is newer than the build: a benchmark of a
// stale .next measured the previous code (session 12 found main's build stale after a merge).
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { newestMtime, staleBuildReason } from "../../scripts/build-if-needed";

let root = "";
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));

function file(path: string, seconds: number) {
  const full = join(root, path);
  mkdirSync(join(full, ".."), { recursive: true });
  writeFileSync(full, path);
  utimesSync(full, at(seconds), at(seconds));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "build-if-needed-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

it("asks for a build when there is none", () => {
  file("app/page.tsx", 10);
  expect(staleBuildReason(root)).toBe("no production build found");
});

it("keeps a build newer than every source file", () => {
  file("app/page.tsx", 10);
  file("lib/ledger/debit.ts", 20);
  file(".next/BUILD_ID", 30);
  expect(staleBuildReason(root)).toBeNull();
});

it("finds a source file changed after the build, however deep", () => {
  file("lib/ledger/debit.ts", 20);
  file(".next/BUILD_ID", 30);
  file("components/credits/deep/inside/card.tsx", 40);
  expect(staleBuildReason(root)).toBe("the production build is older than the source");
});

it("counts top-level inputs and ignores what is not built (tests, docs, data, node_modules)", () => {
  file(".next/BUILD_ID", 30);
  file("tests/unit/x.test.ts", 50);
  file("docs/PERFORMANCE.md", 50);
  file("lib/node_modules/pkg/index.js", 50);
  file(".data/bench/pg.conf", 50);
  expect(staleBuildReason(root)).toBeNull();
  file("next.config.ts", 40);
  expect(staleBuildReason(root)).toBe("the production build is older than the source");
});

it("reads 0 for inputs that do not exist", () => {
  expect(newestMtime(root, ["app", "server.ts"])).toBe(0);
});
