// node:http ⇄ web Request/Response for the lean API path (server.ts): the few conversions Next.js
// would otherwise do through its whole request pipeline. No `server-only` (see lean-routes.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextConfig } from "next";
import { BridgedRequest } from "./bridged-request";
import { takeJsonText } from "./json-response";

/**
 * The most of a body the bridge buffers: the largest any /api/v1 route accepts (a 2 MB batch), plus one
 * byte. A longer body is cut there and handed on as it is, so the route's own bounded reader still
 * decides (and words) the 413 exactly as it does under Next.js.
 */
export const LEAN_BODY_CAP_BYTES = 2 * 1024 * 1024 + 1;

export type CappedBody = { bytes: Buffer | null; truncated: boolean };

/** Reads the body up to `cap` bytes; GET and HEAD carry none. A body announced over the cap is not read. */
export function readCappedBody(req: IncomingMessage, cap: number = LEAN_BODY_CAP_BYTES): Promise<CappedBody> {
  if (req.method === "GET" || req.method === "HEAD")
    return Promise.resolve({ bytes: null, truncated: false });
  if (Number(req.headers["content-length"] ?? 0) > cap)
    return Promise.resolve({ bytes: Buffer.alloc(0), truncated: true });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (truncated: boolean) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      resolve({ bytes: Buffer.concat(chunks, Math.min(size, cap)), truncated });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > cap) {
        req.pause();
        done(true);
      }
    };
    const onEnd = () => done(false);
    const onError = (error: Error) => reject(error);
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/**
 * The web Request a route handler expects, made cheaply (lib/http/bridged-request.ts). The URL's
 * origin is fixed (handlers read only the path and query; a forged Host must not reach them); headers
 * are read as the client sent them.
 */
export function toRequest(req: IncomingMessage, body: CappedBody): Request {
  // A view of the same memory, not a copy (a small Buffer may sit in Node's shared pool, hence the offset).
  const bytes =
    body.bytes === null
      ? null
      : new Uint8Array(body.bytes.buffer as ArrayBuffer, body.bytes.byteOffset, body.bytes.length);
  return new BridgedRequest(req, bytes);
}

/**
 * Writes a handler's Response: the site-wide headers first (as Next.js applies next.config's headers),
 * the handler's own over them. A body that was cut short closes the connection (its rest is unread).
 */
export async function sendResponse(
  res: ServerResponse,
  response: Response,
  siteHeaders: Record<string, string>,
  closeConnection: boolean,
): Promise<void> {
  const out: Record<string, string | string[]> = { ...siteHeaders };
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") out[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) out["set-cookie"] = cookies;
  // A JsonResponse's text goes out as it is (one write with the head); any other body is read whole.
  const text = takeJsonText(response);
  const body = text ?? (response.body ? Buffer.from(await response.arrayBuffer()) : null);
  if (body !== null) out["content-length"] = String(Buffer.byteLength(body));
  if (closeConnection) out.connection = "close";
  res.writeHead(response.status, out);
  res.end(body);
}

/** The headers next.config.ts sets on every path (`source: "/:path*"`), lower-cased. */
export async function securityHeadersFor(config: NextConfig): Promise<Record<string, string>> {
  const rules = (await config.headers?.()) ?? [];
  const headers: Record<string, string> = {};
  for (const rule of rules) {
    if (rule.source !== "/:path*") continue;
    for (const { key, value } of rule.headers) headers[key.toLowerCase()] = value;
  }
  return headers;
}
