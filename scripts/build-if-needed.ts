// The production build the scripts that serve the app (test:faults, test:scale, the benches) run
// against: built when missing, and again when a source file is newer than it, so a benchmark never
// measures yesterday's code. `npm test` builds first, so there it finds a current build and goes on.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** What the build is made of: a change under any of these makes an older build stale. */
export const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "db",
  "public",
  "types",
  "proxy.ts",
  "server.ts",
  "instrumentation.ts",
  "next.config.ts",
  "tsconfig.json",
  "package-lock.json",
  "postcss.config.mjs",
];

/** Folders a walk never enters (generated, or not part of the build). */
const SKIP = new Set(["node_modules", ".next", ".data", ".git"]);

/** The newest modification time (ms) of any file under `paths` (relative to `root`), 0 when none exists. */
export function newestMtime(root: string, paths: readonly string[]): number {
  let newest = 0;
  const stack = paths.map((path) => join(root, path));
  while (stack.length > 0) {
    const path = stack.pop() as string;
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (!SKIP.has(entry)) stack.push(join(path, entry));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  }
  return newest;
}

/** Why `root`'s build cannot be used as it is, or null when it is current. */
export function staleBuildReason(root = "."): string | null {
  const buildId = join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return "no production build found";
  if (newestMtime(root, BUILD_INPUTS) > statSync(buildId).mtimeMs) {
    return "the production build is older than the source";
  }
  return null;
}

/** Runs `next build` when the build is missing or older than the source; `name` prefixes the log line. */
export async function buildIfNeeded(name: string): Promise<void> {
  const reason = staleBuildReason();
  if (reason === null) return;
  console.log(`${name}: ${reason}; running next build first`);
  await new Promise<void>((resolve, reject) => {
    const build = spawn("npx", ["next", "build"], { stdio: "inherit" });
    build.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build exited ${code}`))));
  });
}
