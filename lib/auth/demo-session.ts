// A stand-in for sign-in until next-auth arrives: every request is the seeded demo owner.
// Pages that use it must say plainly that this is a demo session.
import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { users } from "@/db/schema";

/** The owner of the demo workspace (DEMO_USERS[0] in db/seed.ts). */
export const DEMO_OWNER_EMAIL = "olivia@northwind.test";

export type DemoSession = {
  user: { id: string; name: string; email: string };
  isDemo: true;
};

/** The demo owner, or null when the database holds no such user (for example, it was not seeded). */
export async function getDemoSession(): Promise<DemoSession | null> {
  const [user] = await getDb()
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    // lower(email) is what the unique index covers.
    .where(eq(sql`lower(${users.email})`, DEMO_OWNER_EMAIL))
    .limit(1);
  return user ? { user, isDemo: true } : null;
}
