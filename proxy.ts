// Runs before every page request (never /api/** or static assets: see the matcher). A request that
// can change something (a server action, or any form POST to a page) must come from this site, and
// must not announce a body over the server-action limit (413); a server action's body must decode (400). Next.js checks the Origin of server actions itself, but answers a mismatch with a 500
// and an error in the log; here it is a clear 403 before any action code runs. The session cookie
// is SameSite=Lax too, so a cross-site POST would arrive signed out anyway: this is the second lock.
import { NextResponse, type NextRequest } from "next/server";
import { REQUEST_PATH_HEADER, returnPathOf } from "@/lib/auth/callback-url";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/lib/log/request-id";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The most a server action (or form post) may send: Next.js's own default limit for server
 * actions, which it enforces by failing the request with a 500. Announced bodies above it get a
 * clear 413 here instead. A body sent without Content-Length (chunked) still meets Next's limit.
 */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Whether the app sits behind a reverse proxy that sets X-Forwarded-Host (CREDITPOOL_TRUST_PROXY=true).
 * Off by default: anyone can send the header, and a forged one with a matching Origin once passed
 * the cross-origin check.
 */
const TRUST_PROXY = process.env.CREDITPOOL_TRUST_PROXY === "true";

/** The host the browser addressed: Host, or a trusted reverse proxy's X-Forwarded-Host. */
function requestHost(request: NextRequest, trustProxy: boolean): string | null {
  const forwarded = trustProxy ? request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  return forwarded || request.headers.get("host");
}

/** Whether Origin names this host. Browsers send Origin on every POST, so a missing one is refused too. */
export function isSameOrigin(request: NextRequest, trustProxy: boolean = TRUST_PROXY): boolean {
  const origin = request.headers.get("origin");
  const host = requestHost(request, trustProxy);
  if (!origin || !host || !URL.canParse(origin)) return false;
  return new URL(origin).host === host;
}

function refuse(reqId: string, status: 400 | 403 | 413, code: string, message: string) {
  return NextResponse.json(
    { error: { code, message } },
    { status, headers: { "cache-control": "no-store", [REQUEST_ID_HEADER]: reqId } },
  );
}

/**
 * A server action called with plain values (every action here) sends its arguments as JSON text.
 * Next.js fails a body it cannot decode with a 500; a hand-made one that is not JSON gets a 400 here.
 * (Multipart action bodies, used for files, are left to Next.js.)
 */
async function isUndecodableAction(request: NextRequest): Promise<boolean> {
  if (!request.headers.has("next-action")) return false;
  if (!request.headers.get("content-type")?.startsWith("text/plain")) return false;
  try {
    JSON.parse(await request.clone().text());
    return false;
  } catch {
    return true;
  }
}

/**
 * Lets the page see the address it was asked for (REQUEST_PATH_HEADER), so sign-in can return there
 * with its query. Set on every request, so a value a client sent never reaches the page. Also hands
 * the page or server action its request id (X-Request-Id: the caller's when sane, else a new one;
 * lib/log/request-logger.ts puts it on their log lines) and sends it back with the response.
 */
function passRequestPath(request: NextRequest, reqId: string) {
  const headers = new Headers(request.headers);
  if (SAFE_METHODS.has(request.method)) headers.set(REQUEST_PATH_HEADER, returnPathOf(request.nextUrl));
  else headers.delete(REQUEST_PATH_HEADER);
  headers.set(REQUEST_ID_HEADER, reqId);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set(REQUEST_ID_HEADER, reqId);
  return response;
}

export async function proxy(request: NextRequest) {
  const reqId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
  if (SAFE_METHODS.has(request.method)) return passRequestPath(request, reqId);
  if (!isSameOrigin(request))
    return refuse(
      reqId,
      403,
      "cross_origin",
      "This request did not come from this site, so it was refused. Reload the page and try again.",
    );
  if (Number(request.headers.get("content-length") ?? 0) > ACTION_BODY_LIMIT_BYTES)
    return refuse(reqId, 413, "payload_too_large", "This request is larger than the 1 MB a form may send.");
  if (await isUndecodableAction(request))
    return refuse(
      reqId,
      400,
      "invalid_input",
      "This request's body could not be read. Reload the page and try again.",
    );
  return passRequestPath(request, reqId);
}

export const config = {
  // Pages only: the metering API (/api/**, hot and benchmarked) and static files never pass through here.
  matcher: ["/((?!api/|_next/static/|_next/image|favicon\\.ico|.*\\.(?:svg|png|jpg|ico|webp|txt|xml)$).*)"],
};
