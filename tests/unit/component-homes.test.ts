// Where components live (docs/ARCHITECTURE.md, "Components"): beside the one page that uses them, or
// in components/<feature>/ when several pages (or a layout, which every page under it shares) do.
// The kit in components/ui/ may serve any number of pages. This reads the imports of app/ and
// components/ and fails when a file sits in the wrong place, naming where it belongs.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = process.cwd();
const ROUTE_FILE = /^(page|layout|template|loading|error|not-found|route)\.tsx?$/;
const IMPORT = /(?:from|import)\s*\(?\s*["']([^"']+)["']/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [path.relative(ROOT, full)] : [];
  });
}

function resolve(from: string, spec: string): string | null {
  const base = spec.startsWith("@/")
    ? spec.slice(2)
    : spec.startsWith(".")
      ? path.join(path.dirname(from), spec)
      : null;
  if (base === null) return null;
  const found = [`${base}.ts`, `${base}.tsx`, base].find((file) => /\.tsx?$/.test(file) && existsSync(file));
  return found ?? null;
}

const files = [...sourceFiles("app"), ...sourceFiles("components")];
const imports = new Map(
  files.map((file) => [
    file,
    [...readFileSync(file, "utf8").matchAll(IMPORT)].flatMap((m) => resolve(file, m[1] ?? "") ?? []),
  ]),
);
const isRouteFile = (file: string) => file.startsWith("app/") && ROUTE_FILE.test(path.basename(file));

/** Every page (or layout, or route) folder whose files reach `target` through imports. */
function usersOf(target: string): { pages: Set<string>; byLayout: boolean } {
  const pages = new Set<string>();
  let byLayout = false;
  for (const entry of files.filter(isRouteFile)) {
    const seen = new Set<string>();
    const stack = [entry];
    while (stack.length > 0) {
      const file = stack.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      stack.push(...(imports.get(file) ?? []));
    }
    if (!seen.has(target) || entry === target) continue;
    pages.add(path.dirname(entry));
    if (/^(layout|template)\.tsx$/.test(path.basename(entry))) byLayout = true;
  }
  return { pages, byLayout };
}

describe("component homes", () => {
  it("keeps a file in app/ for its own page alone", () => {
    const strays = files
      .filter((file) => file.startsWith("app/") && !isRouteFile(file))
      .flatMap((file) => {
        const importers = files.filter((other) => imports.get(other)?.includes(file));
        const outside = importers.filter((other) => path.dirname(other) !== path.dirname(file));
        return outside.length > 0
          ? [`${file} is used from ${outside.join(", ")}: move it to components/`]
          : [];
      });
    expect(strays).toEqual([]);
  });

  it("keeps in components/<feature>/ only what several pages or a layout use", () => {
    const strays = files
      .filter((file) => file.startsWith("components/") && !file.startsWith("components/ui/"))
      .flatMap((file) => {
        const { pages, byLayout } = usersOf(file);
        if (byLayout || pages.size > 1) return [];
        const [page] = [...pages];
        return [page ? `${file} is used by ${page} alone: move it there` : `${file} is used by no page`];
      });
    expect(strays).toEqual([]);
  });
});
