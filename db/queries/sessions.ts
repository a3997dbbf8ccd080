// Sessions the server can end (auth_sessions): the session cookie carries a row's id, and every
// request checks that the row is still live (lib/auth/options.ts).
import "server-only";
import { and, eq, isNull, ne } from "drizzle-orm";
import type { Database, Executor } from "@/db";
import { authSessions } from "@/db/schema";

export async function startSession(db: Database, userId: string, now: Date): Promise<string> {
  const [row] = await db
    .insert(authSessions)
    .values({ userId, createdAt: now })
    .returning({ id: authSessions.id });
  if (!row) throw new Error("could not start a session");
  return row.id;
}

export async function isSessionLive(db: Database, sessionId: string, userId: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return false;
  const [row] = await db
    .select({ id: authSessions.id })
    .from(authSessions)
    .where(
      and(eq(authSessions.id, sessionId), eq(authSessions.userId, userId), isNull(authSessions.endedAt)),
    );
  return Boolean(row);
}

export async function endSession(db: Database, sessionId: string, now: Date): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return;
  await db
    .update(authSessions)
    .set({ endedAt: now })
    .where(and(eq(authSessions.id, sessionId), isNull(authSessions.endedAt)));
}

/**
 * Ends every live session of a user in one statement (signing out of all devices, a new password),
 * except `keep`, the session making the change when it should stay signed in. Returns how many ended.
 */
export async function endUserSessions(
  db: Executor,
  userId: string,
  now: Date,
  options: { keep?: string } = {},
): Promise<number> {
  const ended = await db
    .update(authSessions)
    .set({ endedAt: now })
    .where(
      and(
        eq(authSessions.userId, userId),
        isNull(authSessions.endedAt),
        options.keep ? ne(authSessions.id, options.keep) : undefined,
      ),
    )
    .returning({ id: authSessions.id });
  return ended.length;
}
