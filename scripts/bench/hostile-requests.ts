// The requests of npm run bench:hostile, shared by the measuring process (scripts/bench/hostile.ts)
// and its load children (hostile-load.ts): signing in, a victim's spend, the attacker's worst.
import { randomUUID } from "node:crypto";

export const PASSWORD = "a bench password, long enough";

export type Team = { id: string; slug: string; membershipId: string; key: string; ownerEmail: string };

/** Signs in through next-auth's credentials flow, as a browser would; returns the session cookie. */
export async function signIn(base: string, email: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie, origin: base },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, json: "true" }),
  });
  const answer = await response.text();
  const session = response.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
  if (!session)
    throw new Error(
      `sign-in of ${email} failed: ${response.status} ${decodeURIComponent(answer).slice(-700)}`,
    );
  return session.split(";")[0] ?? "";
}

export function spendBody(member: string) {
  return { idempotencyKey: randomUUID(), member, feature: "image", model: "imagine-standard", results: 1 };
}

/** The attacker's worst requests, each as its own fetch. */
export function attacks(
  base: string,
  attacker: Team,
  cookie: string,
  only?: number[],
): (() => Promise<Response>)[] {
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${attacker.key}`,
        "content-type": "application/json",
        ...init.headers,
      },
    });
  const page = (path: string) => fetch(`${base}${path}`, { headers: { cookie }, redirect: "manual" });
  const deep = `${"[".repeat(2_800)}${"]".repeat(2_800)}`;
  const big = JSON.stringify({ ...spendBody(attacker.membershipId), pad: "x".repeat(3_000_000) });
  const batch = JSON.stringify({
    records: Array.from({ length: 1_000 }, () => spendBody(attacker.membershipId)),
  });
  const w = `/w/${attacker.slug}`;
  const all: (() => Promise<Response>)[] = [
    () => api("/api/v1/usage", { method: "POST", body: deep }),
    () => api("/api/v1/usage/batch", { method: "POST", body: deep }),
    () => api("/api/v1/usage", { method: "POST", body: big }),
    () => api("/api/v1/usage/batch", { method: "POST", body: batch }),
    () => api("/api/v1/usage?from=0000-01-01T00:00:00Z&to=9999-12-31T00:00:00Z"),
    () => api("/api/v1/usage?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00%2B16:00"),
    () => page(`${w}/analytics?range=custom&from=9999-01-01&to=9999-12-31`),
    () => page(`${w}/analytics?range=custom&from=2024-01-01&to=2026-12-31`),
    () => page(`${w}/usage?range=custom&from=0001-01-01&to=9998-12-31`),
    () => page(`/api/workspaces/${attacker.id}/transactions/export`),
    () => page(`/api/workspaces/${attacker.id}/analytics/export?range=custom&from=2024-01-01&to=2026-12-31`),
    () =>
      fetch(`${base}/api/stripe/webhook`, {
        method: "POST",
        headers: { "stripe-signature": "t=1,v1=bad", "content-type": "application/json" },
        body: "x".repeat(16 * 1024 * 1024),
      }),
    () =>
      fetch(`${base}/api/v1/balance`, {
        headers: { authorization: `Bearer cpk_00000000_${"x".repeat(40)}` },
      }),
  ];
  // --only 3,7: just those attacks (by position in the list above), to see which one costs what.
  return only ? all.filter((_, i) => only.includes(i)) : all;
}
