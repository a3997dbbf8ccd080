// Signing webhook requests the way Stripe does: header `Creditpool-Signature: t=<unix seconds>,v1=<hex>`
// where v1 = HMAC-SHA256(secret, "<t>.<raw body>"). Receivers recompute it over the raw body, compare
// in constant time, and refuse timestamps older than a few minutes (replays).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "Creditpool-Signature";
export const EVENT_ID_HEADER = "Creditpool-Event-Id";
/** How old a signed timestamp may be before a receiver should refuse it. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A new signing secret: `whsec_` and 32 random bytes in base64url. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export function computeSignature(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/** The header value for a body sent at `at`. */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${computeSignature(secret, t, body)}`;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: string };

/** What a receiver does (and what the tests use): checks the header against the raw body. */
export function verifySignature(
  header: string | null,
  body: string,
  secret: string,
  now: Date,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): VerifyResult {
  if (!header) return { ok: false, reason: "missing signature header" };
  const parts = header.split(",").map((part) => part.trim().split("="));
  const t = Number(parts.find(([key]) => key === "t")?.[1]);
  const signatures = parts.filter(([key]) => key === "v1").map(([, value]) => value ?? "");
  if (!Number.isSafeInteger(t) || signatures.length === 0) return { ok: false, reason: "malformed header" };
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds)
    return { ok: false, reason: "timestamp too old" };
  const expected = Buffer.from(computeSignature(secret, t, body), "hex");
  const matches = signatures.some((candidate) => {
    const given = Buffer.from(candidate, "hex");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true, timestamp: t } : { ok: false, reason: "signature mismatch" };
}
