// Running server actions in tests: the session is whoever `actAs` says, Next's cache and request
// APIs are stubbed, and the database is the test run's.
import { vi } from "vitest";
import type { User } from "@/db/schema";

type SessionHolder = { creditpoolTestUser?: User | null };

vi.mock("@/lib/auth/session", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/auth/session")>();
  const current = () => (globalThis as SessionHolder).creditpoolTestUser ?? null;
  return {
    ...original,
    getCurrentUser: async () => current(),
    getSessionUserId: async () => current()?.id ?? null,
  };
});
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("@/lib/app-url", () => ({ getAppUrl: async () => "http://creditpool.test" }));

/** Calls the actions that follow as this user (null: signed out). */
export function actAs(user: User | null) {
  (globalThis as SessionHolder).creditpoolTestUser = user;
}
