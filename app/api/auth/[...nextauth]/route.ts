// GET|POST /api/auth/*: next-auth's sign-in, callback, session and sign-out endpoints.
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { dropUnreadableAuthParams, readableAuthSegments } from "@/lib/auth/auth-query";
import { getAuthOptions } from "@/lib/auth/options";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

async function handler(request: NextRequest, context: RouteContext) {
  // next-auth reads the query from nextUrl, so that is where what it can't take is taken out.
  dropUnreadableAuthParams(request.nextUrl.searchParams, request.nextUrl.origin);
  const { nextauth } = await context.params;
  const params = { nextauth: readableAuthSegments(nextauth) };
  return NextAuth(request as never, { params } as never, getAuthOptions());
}

export { handler as GET, handler as POST };
