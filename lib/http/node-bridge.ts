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
    // Listeners stay on the request once it is read: nothing else reads it, and they go with it.
    let first: Buffer | null = null;
    let chunks: Buffer[] | null = null;
    let size = 0;
    let settled = false;
    req.on("data", (chunk: Buffer) => {
      if (settled) return;
      if (first === null) first = chunk;
      else (chunks ??= [first]).push(chunk);
      size += chunk.length;
      if (size > cap) {
        settled = true;
        req.pause();
        resolve({ bytes: Buffer.concat(chunks ?? [chunk], cap), truncated: true });
      }
    });
    req.on("end", () => {
      if (settled) return;
      settled = true;
      // A small body comes in one chunk (almost every API call): handed on as it is, not copied.
      resolve({
        bytes: chunks ? Buffer.concat(chunks, size) : (first ?? Buffer.alloc(0)),
        truncated: false,
      });
    });
    req.on("error", (error: Error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
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
 * Writes a handler's Response: the API's security headers first (as Next.js applies next.config's headers),
 * the handler's own over them. A body that was cut short closes the connection (its rest is unread).
 * A JsonResponse's text goes out at once (nothing returned); any other body is read whole first (the
 * promise of that).
 */
export function sendResponse(
  res: ServerResponse,
  response: Response,
  securityHeaders: Record<string, string>,
  closeConnection: boolean,
): Promise<void> | undefined {
  const text = takeJsonText(response);
  if (text !== null || !response.body) {
    writeResponse(res, response, securityHeaders, closeConnection, text);
    return undefined;
  }
  return response.arrayBuffer().then((bytes) => {
    writeResponse(res, response, securityHeaders, closeConnection, Buffer.from(bytes));
  });
}

function writeResponse(
  res: ServerResponse,
  response: Response,
  securityHeaders: Record<string, string>,
  closeConnection: boolean,
  body: string | Buffer | null,
): void {
  const out: Record<string, string | string[]> = { ...securityHeaders };
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") out[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) out["set-cookie"] = cookies;
  if (body !== null) out["content-length"] = String(Buffer.byteLength(body));
  if (closeConnection) out.connection = "close";
  res.writeHead(response.status, out);
  res.end(body);
}

/** next.config.ts's rule for the metering API's paths: the lean path serves only those. */
export const API_HEADERS_SOURCE = "/api/v1/:path*";

/**
 * The headers next.config.ts sets on /api/v1's answers (its `API_HEADERS_SOURCE` rule), lower-cased, so
 * both paths send the same. Without that rule the server would answer without security headers: it
 * throws instead, and the server does not start.
 */
export async function apiSecurityHeadersFor(config: NextConfig): Promise<Record<string, string>> {
  const rules = (await config.headers?.()) ?? [];
  const rule = rules.find((candidate) => candidate.source === API_HEADERS_SOURCE);
  if (!rule) throw new Error(`lean api: next.config.ts has no headers rule for ${API_HEADERS_SOURCE}`);
  const headers: Record<string, string> = {};
  for (const { key, value } of rule.headers) headers[key.toLowerCase()] = value;
  return headers;
}
