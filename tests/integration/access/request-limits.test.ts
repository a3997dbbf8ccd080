// The public doors' own limits, per network address and per email, counted in PostgreSQL: parallel
// attempts count one each, a refused attempt writes nothing but its count, and a window ends.
import { actAs, fromAddress } from "../../support/actions";
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { invitations, users } from "@/db/schema";
import { signUpAction } from "@/lib/actions/auth/sign-up";
import { createInvitationAction } from "@/lib/actions/invitations/create-invitation";
import { getAuthOptions } from "@/lib/auth/options";
import { clientAddress, limitMax, REQUEST_LIMITS } from "@/lib/auth/request-limits";
import { manualClock, setClock, systemClock } from "@/lib/clock";
import { makeTeam } from "../../support/access";
import { testDb } from "../../support/db";

type Authorize = (credentials: Record<string, string>, request: unknown) => Promise<{ id: string } | null>;

afterEach(() => {
  delete process.env.CREDITPOOL_LIMIT_SIGN_IN_ADDRESS;
  fromAddress(null);
  setClock(systemClock);
});

/** A fresh address per test, so tests running side by side never share a counter. */
const newAddress = () => `198.51.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 254) + 1}`;
const newEmail = () => `limits-${randomUUID().slice(0, 8)}@limits.test`;

async function usersWith(emails: string[]) {
  const rows = await testDb()
    .select({ email: users.email })
    .from(users)
    .where(sql`${users.email} in ${emails}`);
  return rows.map((r) => r.email).sort();
}

describe("sign-up", () => {
  it("takes 10 accounts an hour from one address, however many ask at once; the rest write nothing", async () => {
    const clock = manualClock("2026-12-04T10:00:00Z");
    setClock(clock);
    const address = newAddress();
    fromAddress(address);
    actAs(null);
    const emails = Array.from({ length: 14 }, newEmail);
    const results = await Promise.all(
      emails.map((email) => signUpAction({ name: "Limit", email, password: "a long enough password" })),
    );
    const created = emails.filter((_, i) => results[i]?.ok);
    expect(created).toHaveLength(10);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(4);
    for (const result of refused) {
      expect(result).toMatchObject({
        ok: false,
        error: {
          code: "rate_limited",
          message: "Too many accounts were created from your network. Try again in 60 minutes.",
        },
      });
    }
    expect(await usersWith(emails)).toEqual([...created].sort());
    // An hour later the window has ended.
    clock.advance(60 * 60_000);
    const later = await signUpAction({
      name: "Limit",
      email: newEmail(),
      password: "a long enough password",
    });
    expect(later).toMatchObject({ ok: true });
  });

  it("takes 5 attempts an hour for one email, from any number of addresses", async () => {
    setClock(manualClock("2026-12-04T10:00:00Z"));
    actAs(null);
    const email = newEmail();
    const codes: string[] = [];
    for (let i = 0; i < 7; i++) {
      fromAddress(newAddress());
      const result = await signUpAction({ name: "Limit", email, password: "a long enough password" });
      codes.push(result.ok ? "ok" : result.error.code);
    }
    expect(codes).toEqual([
      "ok",
      "conflict",
      "conflict",
      "conflict",
      "conflict",
      "rate_limited",
      "rate_limited",
    ]);
  });
});

describe("sign-in", () => {
  it("refuses a network that tries too many sign-ins, before any password is compared", async () => {
    setClock(manualClock("2026-12-04T10:00:00Z"));
    // 20 instead of 300, so the test compares 20 passwords rather than 300 (the override operators have).
    process.env.CREDITPOOL_LIMIT_SIGN_IN_ADDRESS = "20";
    const provider = getAuthOptions().providers.find((p) => p.id === "credentials") as unknown as {
      options: { authorize: Authorize };
    };
    const address = newAddress();
    const request = { headers: { "x-forwarded-for": address } };
    const attempts = await Promise.allSettled(
      Array.from({ length: 25 }, (_, i) =>
        provider.options.authorize({ email: `spray-${i}@limits.test`, password: "guess" }, request),
      ),
    );
    const messages = attempts.map((a) =>
      a.status === "rejected" ? String((a.reason as Error).message) : "ok",
    );
    const limited = messages.filter((m) => m.startsWith("Too many sign-in attempts from your network."));
    expect(limited).toHaveLength(5);
    expect(messages.filter((m) => m === "Email or password is incorrect.")).toHaveLength(20);
    expect(limitMax(REQUEST_LIMITS.signInByAddress)).toBe(20);
  });
});

describe("invitations", () => {
  it("send one person at most 5 invitations an hour, whoever sends them", async () => {
    setClock(manualClock("2026-12-04T10:00:00Z"));
    const team = await makeTeam();
    const invitee = newEmail();
    actAs(team.owner.user);
    const codes: string[] = [];
    for (let i = 0; i < 7; i++) {
      fromAddress(newAddress());
      // Revoke the open one so the next is not refused as "already invited".
      await testDb()
        .update(invitations)
        .set({ revokedAt: new Date() })
        .where(eq(invitations.workspaceId, team.workspace.id));
      const result = await createInvitationAction({
        workspaceId: team.workspace.id,
        email: invitee,
        role: "member",
      });
      codes.push(result.ok ? "ok" : result.error.code);
    }
    expect(codes).toEqual(["ok", "ok", "ok", "ok", "ok", "rate_limited", "rate_limited"]);
  });
});

describe("the caller's address", () => {
  it("is the last X-Forwarded-For entry (the one a trusted proxy appends), and only a real address", () => {
    expect(clientAddress("203.0.113.9")).toBe("203.0.113.9");
    expect(clientAddress("1.2.3.4, 203.0.113.9")).toBe("203.0.113.9");
    expect(clientAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(clientAddress("2001:db8::1")).toBe("2001:db8::1");
    expect(clientAddress("<script>")).toBe("unknown");
    expect(clientAddress(`${"9".repeat(5_000)}`)).toBe("unknown");
    expect(clientAddress(null)).toBe("unknown");
  });
});
