import "../../support/actions";
import { randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { signUpAction } from "@/lib/actions/auth/sign-up";
import { getAuthOptions, THROTTLED, WRONG_CREDENTIALS } from "@/lib/auth/options";
import { setClock, manualClock, systemClock } from "@/lib/clock";
import { actAs } from "../../support/actions";
import "../../support/access";
import { testDb } from "../../support/db";

type Authorize = (credentials: Record<string, string>, request: unknown) => Promise<{ id: string } | null>;

function authorize(email: string, password: string) {
  const provider = getAuthOptions().providers.find((p) => p.id === "credentials") as unknown as {
    options: { authorize: Authorize };
  };
  return provider.options.authorize({ email, password }, {});
}

async function newAccount() {
  const email = `signin-${randomUUID().slice(0, 8)}@signin.test`;
  actAs(null);
  const created = await signUpAction({ name: "Sign In", email, password: "right password here" });
  if (!created.ok) throw new Error(created.error.message);
  return email;
}

describe("password sign-in", () => {
  it("accepts the right password (any case of the email) and puts only the user id in the session", async () => {
    const email = await newAccount();
    const user = await authorize(email.toUpperCase(), "right password here");
    expect(user).toMatchObject({ id: expect.any(String) });
    const jwt = getAuthOptions().callbacks?.jwt;
    const token = await jwt?.({ token: {}, user: { id: user!.id, email, name: "x" } } as never);
    expect(token).toEqual({ sub: user!.id, sid: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it("ends the session on the server at sign-out: the same cookie's token stops working", async () => {
    const email = await newAccount();
    const user = await authorize(email, "right password here");
    const options = getAuthOptions();
    const jwt = options.callbacks!.jwt!;
    const token = await jwt({ token: {}, user: { id: user!.id, email, name: "x" } } as never);
    // A later request with the same token: still signed in.
    await expect(jwt({ token } as never)).resolves.toEqual(token);
    // Another sign-in (another device) is a session of its own.
    const other = await jwt({ token: {}, user: { id: user!.id, email, name: "x" } } as never);
    await options.events!.signOut!({ token } as never);
    // Before, the token kept working for its 30 days; now the session is over for every copy of it.
    await expect(jwt({ token } as never)).rejects.toThrow("session ended");
    await expect(jwt({ token: other } as never)).resolves.toEqual(other);
    // A token from before sessions had ids, or with a forged one, is not a session either.
    await expect(jwt({ token: { sub: user!.id } } as never)).rejects.toThrow("session ended");
    await expect(jwt({ token: { sub: user!.id, sid: "not-a-session" } } as never)).rejects.toThrow(
      "session ended",
    );
    await expect(jwt({ token: { sub: randomUUID(), sid: other.sid } } as never)).rejects.toThrow(
      "session ended",
    );
  });

  it("says the same thing for a wrong password and an unknown email", async () => {
    const email = await newAccount();
    await expect(authorize(email, "wrong password")).rejects.toThrow(WRONG_CREDENTIALS);
    await expect(authorize(`nobody-${randomUUID()}@signin.test`, "whatever it is")).rejects.toThrow(
      WRONG_CREDENTIALS,
    );
  });

  it("pauses sign-in for an email after 5 failures in 15 minutes, even with the right password", async () => {
    const clock = manualClock("2031-01-01T10:00:00Z");
    setClock(clock);
    try {
      const email = await newAccount();
      for (let i = 0; i < 4; i += 1)
        await expect(authorize(email, "nope nope")).rejects.toThrow(WRONG_CREDENTIALS);
      await expect(authorize(email, "nope nope")).rejects.toThrow(THROTTLED);
      await expect(authorize(email, "right password here")).rejects.toThrow(THROTTLED);
      clock.advance(15 * 60_000 + 1);
      await expect(authorize(email, "right password here")).resolves.toMatchObject({
        id: expect.any(String),
      });
    } finally {
      setClock(systemClock);
    }
  });

  it("counts 40 parallel guesses as 40: at most 5 passwords are ever compared, then sign-in is paused", async () => {
    const clock = manualClock("2031-02-01T10:00:00Z");
    setClock(clock);
    try {
      const email = await newAccount();
      // The right password is the 30th guess. Before, all 40 were checked against a count of zero
      // (17 were compared before the pause caught up) and it signed in.
      const guesses = Array.from({ length: 40 }, (_, i) => (i === 29 ? "right password here" : `guess ${i}`));
      const outcomes = await Promise.allSettled(guesses.map((password) => authorize(email, password)));
      const messages = outcomes.map((o) =>
        o.status === "fulfilled" ? "signed in" : (o.reason as Error).message,
      );
      const compared = messages.filter((m) => m !== THROTTLED);
      expect(compared.length, messages.join(", ")).toBeLessThanOrEqual(5);
      expect(messages.filter((m) => m === THROTTLED).length).toBeGreaterThanOrEqual(35);
      // Unless the right one was among the five compared, the pause holds against it too.
      if (!messages.includes("signed in")) {
        await expect(authorize(email, "right password here")).rejects.toThrow(THROTTLED);
      }
    } finally {
      setClock(systemClock);
    }
  });

  it("replaces a bcrypt hash from before with an scrypt one at the next successful sign-in", async () => {
    const email = await newAccount();
    const legacy = await bcrypt.hash("right password here", 4);
    await testDb().update(users).set({ passwordHash: legacy }).where(eq(users.email, email));
    await expect(authorize(email, "wrong password")).rejects.toThrow(WRONG_CREDENTIALS);
    const hashOf = async () =>
      (await testDb().select().from(users).where(eq(users.email, email)))[0]?.passwordHash ?? "";
    expect(await hashOf()).toBe(legacy);
    await expect(authorize(email, "right password here")).resolves.toMatchObject({ id: expect.any(String) });
    const upgraded = await hashOf();
    expect(upgraded).toMatch(/^scrypt\$/);
    await expect(authorize(email, "right password here")).resolves.toMatchObject({ id: expect.any(String) });
    expect(await hashOf()).toBe(upgraded);
  });
});
