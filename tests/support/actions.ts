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
    return name.endsWith(".ts") && name !== "client.ts" ? [full] : [];
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
