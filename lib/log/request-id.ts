// A request's id: the caller's (or the proxy's) X-Request-Id when it is a sane token, else a new
// one. Shared by the API's request wrapper (lib/api/observe.ts), the pages' proxy (proxy.ts, which
// hands it to pages and server actions as a request header) and the logger; no dependency, so the
// proxy's bundle stays small.
export const REQUEST_ID_HEADER = "x-request-id";

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** `given` when it is a sane request id, else a new UUID. */
export function requestIdFrom(given: string | null | undefined): string {
  return given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}
