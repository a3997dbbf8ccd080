// Running server actions in tests: the session is whoever `actAs` says, Next's cache and request
// APIs are stubbed, and the database is the test run's.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { vi } from "vitest";
import type { User } from "@/db/schema";

type SessionHolder = { creditpoolTestUser?: User | null; creditpoolTestSessionId?: string | null };

vi.mock("@/lib/auth/session", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/auth/session")>();
  const current = () => (globalThis as SessionHolder).creditpoolTestUser ?? null;
  return {
    ...original,
    getCurrentUser: async () => current(),
    getSessionUserId: async () => current()?.id ?? null,
    getCurrentSessionId: async (userId: string) =>
      current()?.id === userId ? ((globalThis as SessionHolder).creditpoolTestSessionId ?? null) : null,
  };
});
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

type AddressHolder = { creditpoolTestAddress?: string | null };
// The request's network address (X-Forwarded-For): whatever `fromAddress` says, or a new one
// for every call, so the public doors' per-address limits only bite the tests that aim at them.
vi.mock("next/headers", () => ({
  headers: async () => {
    const pinned = (globalThis as AddressHolder).creditpoolTestAddress;
    const address =
      pinned ??
      `10.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 254) + 1}`;
    return new Headers({ "x-forwarded-for": address });
  },
}));

/** The actions that follow come from this address (null: a new one each call). */
export function fromAddress(address: string | null) {
  (globalThis as AddressHolder).creditpoolTestAddress = address;
}
vi.mock("@/lib/app-url", () => ({ getAppUrl: async () => "http://creditpool.test" }));

/**
 * Calls the actions that follow as this user (null: signed out), in the session `sessionId` (an
 * auth_sessions row) when the action needs to know which session it runs in.
 */
export function actAs(user: User | null, sessionId: string | null = null) {
  (globalThis as SessionHolder).creditpoolTestUser = user;
  (globalThis as SessionHolder).creditpoolTestSessionId = sessionId;
}

function actionFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return actionFiles(full);
    return name.endsWith(".ts") && name !== "action-client.ts" ? [full] : [];
  });
}

/** The name of every server action exported from lib/actions, sorted. */
export async function listActionNames(): Promise<string[]> {
  const exported: string[] = [];
  for (const file of actionFiles(path.join(process.cwd(), "lib/actions"))) {
    const mod = (await import(file)) as Record<string, unknown>;
    exported.push(
      ...Object.keys(mod).filter((name) => name.endsWith("Action") && typeof mod[name] === "function"),
    );
  }
  return exported.sort();
}
