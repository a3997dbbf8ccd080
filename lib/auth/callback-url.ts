/**
 * The longest return address kept. Longer ones (only a crafted link has them) would make the sign-in
 * redirect's Location header larger than HTTP clients accept (Node's fetch refuses 16 KB of headers),
 * so they fall back to the path alone, or to the start.
 */
export const MAX_RETURN_PATH = 2_000;

/**
 * Where to go after signing in: only a path on this site ("/w/acme", "/invite/abc?x=1"). Anything
 * else (absolute URLs, protocol-relative "//evil.test", backslash tricks) falls back, so a crafted
 * link can't send someone elsewhere after they sign in. The sign-in and sign-up pages themselves
 * fall back too: a signed-in visitor is sent on from them, and must not be sent back in a loop.
 */
export function safeCallbackUrl(raw: string | string[] | undefined | null, fallback = "/"): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (
    !value ||
    value.length > MAX_RETURN_PATH ||
    !value.startsWith("/") ||
    value.startsWith("//") ||
    value.includes("\\")
  )
    return fallback;
  // Control characters could smuggle a different URL past the checks above.
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  if (/^\/(sign-in|sign-up)(?:[/?#]|$)/.test(value)) return fallback;
  return value;
}

/**
 * Carries the address a page request asked for (path and query) from proxy.ts to the page, so a
 * signed-out visitor is sent to sign-in with the whole of it as the return address, not only the
 * workspace's root. The proxy always sets it itself, overwriting anything a client sent.
 */
export const REQUEST_PATH_HEADER = "x-creditpool-request-path";

/** The path and query of a page request, without Next.js's internal `_rsc` parameter. */
export function returnPathOf(url: URL): string {
  const params = new URLSearchParams(url.search);
  params.delete("_rsc");
  const query = params.toString();
  const path = query ? `${url.pathname}?${query}` : url.pathname;
  if (path.length <= MAX_RETURN_PATH) return path;
  return url.pathname.length <= MAX_RETURN_PATH ? url.pathname : "/";
}
