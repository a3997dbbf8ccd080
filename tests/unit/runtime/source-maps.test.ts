// The server keeps no source maps unless asked (lib/runtime/source-maps.ts): tsx turns them on for the
// whole process, and Node then keeps the map of every module loaded after, Next.js's build included.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { sourceMapsAsked } from "@/lib/runtime/source-maps";

const run = promisify(execFile);
const TSX = path.resolve("node_modules/.bin/tsx");
const MODULE = path.resolve("lib/runtime/source-maps-off.ts");

/** `process.sourceMapsEnabled` in a tsx process before and after it imports the module, as "before after". */
async function underTsx(env: Record<string, string>): Promise<string> {
  const script = `const before = process.sourceMapsEnabled; import(${JSON.stringify(MODULE)}).then(() => console.log(before, process.sourceMapsEnabled))`;
  const { stdout } = await run(TSX, ["-e", script], { env: { ...process.env, ...env } });
  return stdout.trim();
}

describe("sourceMapsAsked", () => {
  it.each([
    [[], undefined, false],
    [[], "", false],
    [["--conditions=react-server"], "--max-old-space-size=4096", false],
    [["--enable-source-maps"], undefined, true],
    [[], "--max-old-space-size=4096 --enable-source-maps", true],
    [[], "--enable-source-maps-not", false],
  ])("node flags %j and NODE_OPTIONS %j: %s", (execArgv, nodeOptions, asked) => {
    expect(sourceMapsAsked(execArgv, nodeOptions)).toBe(asked);
  });
});

describe("under tsx, as server.ts runs", () => {
  it("turns off the source maps tsx turned on", async () => {
    expect(await underTsx({ NODE_OPTIONS: "" })).toBe("true false");
  });

  it("keeps them when NODE_OPTIONS asks for them", async () => {
    expect(await underTsx({ NODE_OPTIONS: "--enable-source-maps" })).toBe("true true");
  });
});

it("is server.ts's first import, so nothing loads before it", () => {
  const first = /^import\s[^;]*?["']([^"']+)["'];?$/m.exec(readFileSync("server.ts", "utf8"));
  expect(first?.[1]).toBe("./lib/runtime/source-maps-off");
});
