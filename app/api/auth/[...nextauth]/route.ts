// GET|POST /api/auth/*: next-auth's sign-in, callback, session and sign-out endpoints.
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { dropUnreadableAuthParams, readableAuthSegments } from "@/lib/auth/auth-query";
import type { NextAuthOptions } from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";
import { getClock } from "@/lib/clock";
import { getDb } from "@/lib/db";
import { grantNewUsersFreeCredits } from "@/lib/subscriptions/free-credits";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth's options, with one step lib/auth can't take (it sits below the ledger): someone new gets
 * a workspace of their own there, and here its first day's free credits.
 */
function routeOptions(): NextAuthOptions {
  const options = getAuthOptions();
  return {
    ...options,
    events: {
      ...options.events,
      async createUser(message) {
        await options.events?.createUser?.(message);
        await grantNewUsersFreeCredits({ db: getDb(), clock: getClock() }, message.user.id);
      },
    },
  };
}

async function handler(request: NextRequest, context: RouteContext) {
  // next-auth reads the query from nextUrl, so that is where what it can't take is taken out.
  dropUnreadableAuthParams(request.nextUrl.searchParams, request.nextUrl.origin);
  const { nextauth } = await context.params;
  const params = { nextauth: readableAuthSegments(nextauth) };
  return NextAuth(request as never, { params } as never, routeOptions());
}

export { handler as GET, handler as POST };
