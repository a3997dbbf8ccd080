// Where a server's CPU went, from a V8 CPU profile (`node --cpu-prof`), in ms per request: each sample
// is charged to the first frame, from the innermost outwards, that belongs to a known part (Next.js,
// web streams, zod, postgres.js, our lib/api, the ledger, JSON, ...). Frames of the production build's
// minified chunks are mapped back to their sources through the build's source maps.
//
//   tsx scripts/bench/profile-summary.ts <file.cpuprofile> <requests served while profiling>
//
// bench:api --profile runs this on its own profiles.
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** The parts, tried in order on a frame's (mapped) source path; the first that matches names it. */
const PARTS: [string, RegExp][] = [
  ["zod (parsing the request)", /node_modules\/zod\//],
  ["postgres.js (driver: encode, parse, socket)", /node_modules\/postgres\//],
  ["drizzle-orm (query building)", /node_modules\/drizzle-orm\//],
  ["our metering API layer (lib/api: auth, rate limit, body, responses)", /(^|\/)lib\/api\//],
  ["our ledger and its callers (lib/ledger, db/queries)", /(^|\/)(lib\/ledger|db)\//],
  ["our other code (lib/, app/)", /(^|\/)(lib|app)\//],
  ["Next.js (routing, request and response adaptation, its wrappers)", /node_modules\/next\/|\/next\/dist\//],
  [
    "web streams, Request/Response, Headers (undici)",
    /internal\/(webstreams|deps\/undici)|node:internal\/(webstreams|deps\/undici)/,
  ],
  ["async context (AsyncLocalStorage, async hooks)", /async_hooks|async_context|async_local_storage/],
  ["crypto (key hash, uuids)", /internal\/crypto/],
  [
    "node:http and sockets",
    /_http_|internal\/http|node:net|internal\/stream_base|node:stream|internal\/streams/,
  ],
];

const NATIVE_PARTS: [string, RegExp][] = [
  ["JSON (parse, stringify)", /^(parse|stringify|JSONParse|JSONStringify)$/],
  ["garbage collection", /^\(garbage collector\)$/],
  ["idle", /^\(idle\)$/],
];

const maps = new Map<string, SourceMap | null>();

function sourceMapFor(url: string): SourceMap | null {
  if (!url.startsWith("file://") || !url.includes("/.next/")) return null;
  if (maps.has(url)) return maps.get(url) ?? null;
  let map: SourceMap | null = null;
  try {
    map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, "utf8")));
  } catch {
    map = null;
  }
  maps.set(url, map);
  return map;
}

/** The frame's source: through the build's source map when it comes from a bundle. */
function sourceOf(frame: CallFrame): string {
  const map = sourceMapFor(frame.url);
  if (!map) return frame.url;
  const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string };
  return entry.originalSource ?? frame.url;
}

export function summarize(profile: Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const partOfNode = new Map<number, string>();
  const partOf = (id: number): string => {
    const known = partOfNode.get(id);
    if (known) return known;
    let part = "other (V8, native, program)";
    const leaf = byId.get(id);
    const native = leaf && NATIVE_PARTS.find(([, pattern]) => pattern.test(leaf.callFrame.functionName));
    if (leaf && native && leaf.callFrame.url === "") part = native[0];
    else {
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const frame = byId.get(at)?.callFrame;
        if (!frame?.url) continue;
        const source = sourceOf(frame);
        const found = PARTS.find(([, pattern]) => pattern.test(source));
        if (found) {
          part = found[0];
          break;
        }
      }
    }
    partOfNode.set(id, part);
    return part;
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const part = partOf(id);
    totals.set(part, (totals.get(part) ?? 0) + ms);
  });
  return totals;
}

/**
 * The summary as rows of a table: each part's share of the busy (non-idle) samples, and CPU ms per
 * request. The samples count wall time the thread was busy, which on a loaded machine includes time
 * the OS gave another process; with `cpuMs` (the process's real CPU time over the same window, from
 * /proc) the shares are applied to that instead.
 */
export function summaryRows(totals: Map<string, number>, requests: number, cpuMs?: number) {
  const busy = [...totals].filter(([part]) => part !== "idle").reduce((sum, [, ms]) => sum + ms, 0);
  const scale = cpuMs !== undefined && busy > 0 ? cpuMs / busy : 1;
  return [...totals]
    .filter(([part]) => part !== "idle")
    .sort((a, b) => b[1] - a[1])
    .map(([part, ms]) => ({
      part,
      "CPU ms/request": ((ms * scale) / requests).toFixed(3),
      share: `${((100 * ms) / busy).toFixed(1)}%`,
    }))
    .concat([
      { part: "total (busy)", "CPU ms/request": ((busy * scale) / requests).toFixed(3), share: "100%" },
    ]);
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const [file, requests] = process.argv.slice(2);
  if (!file || !requests) throw new Error("usage: profile-summary.ts <file.cpuprofile> <requests>");
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  console.table(summaryRows(summarize(profile), Number(requests)));
}
