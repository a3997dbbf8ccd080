import { expect, test, type Request } from "@playwright/test";
import { signUp, uniqueEmail } from "./fixtures";

// A server action replayed from another site is refused with a 403 by proxy.ts before any action
// code runs, and changes nothing; the same call from this site works, unless its body is over the
// server-action limit (413) or is not JSON (400). A name full of HTML is
// stored as typed and shown as text.
test("server actions refuse cross-origin calls, oversized bodies and undecodable ones", async ({
  page,
  baseURL,
}) => {
  const original = `Origin Check ${Date.now()}`;
  const slug = await signUp(page, {
    name: "Orla Origin",
    email: uniqueEmail("origin"),
    workspaceName: original,
  });
  await page.goto(`/w/${slug}/settings/general`);

  // Record a real server action call (its id, body and headers) by saving the form once.
  const recorded = new Promise<Request>((resolve) => {
    page.on("request", (request) => {
      if (request.method() === "POST" && request.headers()["next-action"]) resolve(request);
    });
  });
  const first = `Saved ${Date.now()}`;
  await page.getByLabel("Workspace name", { exact: true }).fill(first);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Workspace settings saved.")).toBeVisible();
  const action = await recorded;
  const headers = action.headers();
  const [args] = JSON.parse(action.postData() ?? "[]") as [Record<string, unknown>];
  expect(args.name).toBe(first);

  const replay = (name: string, origin: string | null) =>
    page.request.post(action.url(), {
      headers: {
        "next-action": headers["next-action"]!,
        "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8",
        accept: "text/x-component",
        ...(headers["next-router-state-tree"]
          ? { "next-router-state-tree": headers["next-router-state-tree"] }
          : {}),
        ...(origin ? { origin } : {}),
      },
      data: JSON.stringify([{ ...args, name }]),
      maxRedirects: 0,
    });
  const shownName = page.getByTestId("workspace-name");

  // Same origin: the replay works. The name is HTML, which must come back as text.
  const hostile = `<img src=x onerror="window.__pwned=1">Acme & "Co"`;
  const sameOrigin = await replay(hostile, new URL(baseURL!).origin);
  expect(sameOrigin.status()).toBe(200);
  await page.reload();
  await expect(shownName).toHaveText(hostile);
  await expect(shownName.locator("img")).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

  // A body over the 1 MB server-action limit is refused with a 413 (Next.js alone answers 500), and
  // changes nothing.
  const oversized = await replay("x".repeat(2 * 1024 * 1024), new URL(baseURL!).origin);
  expect(oversized.status()).toBe(413);
  expect(await oversized.json()).toMatchObject({ error: { code: "payload_too_large" } });
  await page.reload();
  await expect(shownName).toHaveText(hostile);

  // A body that is not what an action sends (not JSON) is refused with a 400 (Next.js alone answers 500).
  const undecodable = await page.request.post(action.url(), {
    headers: {
      "next-action": headers["next-action"]!,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: new URL(baseURL!).origin,
    },
    data: '[{"workspaceId": "not json',
    maxRedirects: 0,
  });
  expect(undecodable.status()).toBe(400);
  expect(await undecodable.json()).toMatchObject({ error: { code: "invalid_input" } });

  // Another site, or no Origin at all: 403 with a reason, and nothing changed.
  for (const origin of ["https://evil.example", null]) {
    const refused = await replay(`Hijacked ${Date.now()}`, origin);
    expect(refused.status(), `origin ${origin}`).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: "cross_origin" } });
    await page.reload();
    await expect(shownName).toHaveText(hostile);
  }

  // The session cookie can't be read by scripts or sent on cross-site POSTs.
  const session = (await page.context().cookies()).find((cookie) => cookie.name.endsWith("session-token"));
  expect(session?.httpOnly).toBe(true);
  expect(["Lax", "Strict"]).toContain(session?.sameSite);
});
