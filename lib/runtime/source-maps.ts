// Whether the server keeps Node's source maps on. tsx, which runs server.ts, turns them on for the
// whole process, and from then on Node reads, parses and keeps the map of every module it loads:
// Next.js's build alone has 57 MB of .map files. The production server held about 70 MB more heap
// for them, and started about 0.7 s later (docs/PERFORMANCE.md, "Issue 20: what the app allocates
// and keeps, and source maps off in the server"). `next start` keeps them off too. Nothing in the app
// reads a stack trace; one printed to the console shows the compiled positions. No `server-only`:
// server.ts imports it before anything else.

/** True when whoever started the process asked for source maps: `--enable-source-maps` in the node flags or NODE_OPTIONS. */
export function sourceMapsAsked(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  const flags = [...execArgv, ...(nodeOptions ?? "").split(/\s+/)];
  return flags.includes("--enable-source-maps");
}

/** Turns source maps off for the modules loaded from now on, unless they were asked for. */
export function sourceMapsOffUnlessAsked(): void {
  if (!sourceMapsAsked(process.execArgv, process.env.NODE_OPTIONS)) process.setSourceMapsEnabled(false);
}
