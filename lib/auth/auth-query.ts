// next-auth answers some hostile query parameters on /api/auth/* with a 500 and an error in the log:
// a `callbackUrl` it cannot read as an http(s) URL (INVALID_CALLBACK_URL_ERROR, from its
// core/lib/assert.js), and an `error` that is not plain ASCII, which it copies into the Location of
// its redirect to the sign-in page (a header can't hold it); /api/auth/error/<code> does the same
// with its last segment. The route handler drops such values first, and next-auth carries on with
// its defaults, as it does when they are missing.
import "server-only";

/** next-auth's error codes ("CredentialsSignin", "AccessDenied", …) are words of letters. */
const ERROR_CODE = /^[A-Za-z]{1,64}$/;

/** Whether next-auth reads `value` as a callback URL: a path on the site, or an http(s) URL. */
export function isReadableCallbackUrl(value: string, origin: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith("/") ? origin : undefined).protocol);
  } catch {
    return false;
  }
}

/** Removes every `callbackUrl` and `error` from `params` when any of its values is one next-auth can't take. */
export function dropUnreadableAuthParams(params: URLSearchParams, origin: string): void {
  if (params.getAll("callbackUrl").some((value) => !isReadableCallbackUrl(value, origin))) {
    params.delete("callbackUrl");
  }
  if (params.getAll("error").some((value) => !ERROR_CODE.test(value))) params.delete("error");
}

/** The path segments after /api/auth/, without an error code that is not one (see above). */
export function readableAuthSegments(segments: string[]): string[] {
  const [action, code] = segments;
  return action === "error" && code !== undefined && !ERROR_CODE.test(code) ? [action] : segments;
}
