// getCurrentSessionId: which session a request is in, read on the server from its cookie (a password
// change keeps that one). Only a live session of the signed-in user, sealed with our secret, counts.
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { describe, expect, it, vi } from "vitest";

const { jar, SECRET } = vi.hoisted(() => {
  const secret = "current-session-test-secret-0123456789";
  process.env.NEXTAUTH_SECRET = secret;
  return { jar: new Map<string, string>(), SECRET: secret };
});
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
  }),
}));

import "../../support/access";
import { makeTeam } from "../../support/access";
import { testDb } from "../../support/db";
import { getCurrentSessionId } from "@/lib/auth/session";
import { endSession, startSession } from "@/db/queries/sessions";

const PLAIN = "next-auth.session-token";
const SECURE = "__Secure-next-auth.session-token";

async function cookie(token: { sub: string; sid: string }, secret = SECRET) {
  return encode({ token, secret });
}

describe("getCurrentSessionId", () => {
  it("is the live session the cookie names, for its own user only", async () => {
    const team = await makeTeam();
    const userId = team.owner.user.id;
    const sid = await startSession(testDb(), userId, new Date());
    jar.clear();
    expect(await getCurrentSessionId(userId)).toBeNull();
    jar.set(PLAIN, await cookie({ sub: userId, sid }));
    expect(await getCurrentSessionId(userId)).toBe(sid);
    expect(await getCurrentSessionId(team.admin.user.id)).toBeNull();
    jar.set(PLAIN, await cookie({ sub: userId, sid }, "someone-elses-secret-0123456789"));
    expect(await getCurrentSessionId(userId)).toBeNull();
    jar.set(PLAIN, await cookie({ sub: userId, sid: randomUUID() }));
    expect(await getCurrentSessionId(userId)).toBeNull();
  });

  it("passes over a cookie of an ended session under the other name", async () => {
    const team = await makeTeam();
    const userId = team.owner.user.id;
    const old = await startSession(testDb(), userId, new Date());
    await endSession(testDb(), old, new Date());
    const current = await startSession(testDb(), userId, new Date());
    jar.clear();
    jar.set(SECURE, await cookie({ sub: userId, sid: old }));
    jar.set(PLAIN, await cookie({ sub: userId, sid: current }));
    expect(await getCurrentSessionId(userId)).toBe(current);
  });
});
