// How a request that already holds its body in memory (the lean path's BridgedRequest) hands it to the
// metering API's body reader without a stream. A symbol from the global registry, not a class: the
// handlers run from the build's bundles, the bridge from server.ts, each with its own copy of a class.
// No `server-only` (see lean-routes.ts).

export const BUFFERED_BODY = Symbol.for("creditpool.bufferedBody");

/** The bytes (null: no body), or "read the stream" (not held, or already handed out once). */
export type BufferedBody = { kind: "bytes"; bytes: Uint8Array<ArrayBuffer> | null } | { kind: "stream" };

type Holder = { [BUFFERED_BODY]?: () => BufferedBody };

/** The body a request holds in memory, taken (the request's body is used afterwards); else "stream". */
export function takeBufferedBody(request: Request): BufferedBody {
  const take = (request as Holder)[BUFFERED_BODY];
  return typeof take === "function" ? take.call(request) : { kind: "stream" };
}
