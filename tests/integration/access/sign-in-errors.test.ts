// A sign-in that fails for a reason of ours (a query, a lost connection) says so in plain words:
// next-auth puts the message in the sign-in page's URL, and a failed query's message names its
// parameters (the email, the address). Found by bench:hostile, where a stale server answered
// `?error=Failed query: insert into "request_limits" … params: sign-in:address:127.0.0.1,…`.
import "../../support/actions";
import "../../support/access";
import { vi, expect, it } from "vitest";
import { getAuthOptions, SIGN_IN_UNAVAILABLE } from "@/lib/auth/options";

vi.mock("@/lib/auth/request-limits", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/request-limits")>()),
  claimRequest: async () => {
    throw new Error('Failed query: insert into "request_limits" params: sign-in:address:203.0.113.9');
  },
}));

type Authorize = (credentials: Record<string, string>, request: unknown) => Promise<unknown>;

it("answers a plain sentence, without the query or its parameters, and logs the cause", async () => {
  const provider = getAuthOptions().providers.find((p) => p.id === "credentials") as unknown as {
    options: { authorize: Authorize };
  };
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const attempt = provider.options.authorize(
      { email: "ana@example.test", password: "whatever it is" },
      { headers: { "x-forwarded-for": "203.0.113.9" } },
    );
    await expect(attempt).rejects.toThrow(SIGN_IN_UNAVAILABLE);
    await attempt.catch((error: Error) => expect(error.message).not.toMatch(/request_limits|203\.0\.113/));
    expect(logged).toHaveBeenCalledWith(expect.stringMatching(/^sign-in error: /));
  } finally {
    logged.mockRestore();
  }
});
