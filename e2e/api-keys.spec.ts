import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { DEMO, collectErrors, signIn } from "./fixtures";

const API_KEYS = `/w/${DEMO.workspace.slug}/settings/api-keys`;

function keyRow(page: Page, name: string): Locator {
  return page.getByRole("table", { name: "Keys" }).getByTestId("api-key-row").filter({ hasText: name });
}

/** One image for Maya, charged with `key` under `idempotencyKey`. */
function chargeImage(request: APIRequestContext, key: string, idempotencyKey: string) {
  return request.post("/api/v1/usage", {
    headers: { authorization: `Bearer ${key}` },
    data: {
      idempotencyKey,
      member: DEMO.member.email,
      feature: "image",
      model: "imagine-standard",
      results: 1,
    },
  });
}

test.describe("API keys", () => {
  test("the owner creates a key, charges with it, sees it used, and revokes it", async ({
    page,
    request,
  }) => {
    const errors = collectErrors(page);
    const name = `Image renderer ${Date.now()}`;
    await signIn(page, DEMO.owner.email);

    // Settings → API keys, from the navigation.
    await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "API keys" }).click();
    await expect(page).toHaveURL(API_KEYS);
    await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();

    // Create: a name, then the secret, shown once.
    await page.getByRole("button", { name: "Create API key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create API key" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Create key" }).click();
    await expect(dialog.getByText("Name the key (say, which service uses it)")).toBeVisible();
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByRole("button", { name: "Create key" }).click();

    const secretDialog = page.getByRole("dialog", { name: "Your new API key" });
    await expect(secretDialog.getByText("Copy this key now. It won't be shown again.")).toBeVisible();
    const secret = secretDialog.getByTestId("api-key-secret");
    await expect(secret).toBeFocused();
    const key = await secret.inputValue();
    expect(key).toMatch(/^cpk_[a-f0-9]{8}_[A-Za-z0-9_-]{32,64}$/);
    const prefix = key.slice(0, "cpk_".length + 8);
    // The ready-to-run command uses the real key, this app's origin and a real member.
    const curl = secretDialog.getByTestId("api-key-curl");
    await expect(curl).toContainText(`Authorization: Bearer ${key}`);
    await expect(curl).toContainText(`${new URL(page.url()).origin}/api/v1/usage`);
    await expect(curl).toContainText(`"member": "${DEMO.owner.email}"`);
    await secretDialog.getByRole("button", { name: "I've copied the key" }).click();
    await expect(secretDialog).toBeHidden();

    // Listed by its prefix, never by its secret.
    const row = keyRow(page, name);
    await expect(row.getByTestId("api-key-prefix")).toHaveText(`${prefix}…`);
    await expect(row.getByTestId("api-key-status")).toHaveText("Active");
    await expect(row.getByTestId("api-key-last-used")).toHaveText("Never");
    await expect(page.getByText(key)).toHaveCount(0);

    // The key works: a charge, then the same request again is the same answer, not a second charge.
    const idempotencyKey = `e2e-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const first = await chargeImage(request, key, idempotencyKey);
    expect(first.status()).toBe(201);
    const charged = (await first.json()) as { id: string; credits: number };
    expect(charged.credits).toBe(24);
    const again = await chargeImage(request, key, idempotencyKey);
    expect(again.status()).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(charged.id);

    // Its last use shows up (recorded just after the request is authenticated).
    await expect(async () => {
      await page.reload();
      await expect(row.getByTestId("api-key-last-used")).not.toHaveText("Never", { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(row.getByTestId("api-key-last-used")).toHaveText(/Just now|minute/);
    await expect(row.locator("time").last()).toHaveAttribute("title", /\d{4}/);

    // Rate limit: the default is shown; the owner sets the key's own, and a burst past it gets 429.
    await expect(row.getByTestId("api-key-rate-limit")).toContainText("Default");
    await expect(row.getByTestId("api-key-rate-limit")).toContainText("100 a second, bursts of 300");
    await row.getByRole("button", { name: `Rate limit of ${name}` }).click();
    const limitDialog = page.getByRole("dialog", { name: `Rate limit for ${name}` });
    const useDefault = limitDialog.getByRole("switch", { name: "Use the default" });
    await expect(useDefault).toBeChecked();
    await useDefault.press("Space");
    await expect(useDefault).not.toBeChecked();
    await limitDialog.getByLabel("Requests a second").fill("2");
    await limitDialog.getByLabel("Burst").fill("1");
    await limitDialog.getByRole("button", { name: "Save rate limit" }).click();
    await expect(limitDialog.getByText("A burst can't be smaller than the rate a second")).toBeVisible();
    await limitDialog.getByLabel("Requests a second").fill("1");
    await limitDialog.getByLabel("Burst").fill("2");
    await limitDialog.getByRole("button", { name: "Save rate limit" }).click();
    await expect(limitDialog).toBeHidden();
    await expect(page.getByText(`${name} now allows 1 a second, bursts of 2`)).toBeVisible();
    await expect(row.getByTestId("api-key-rate-limit")).toHaveText("1 a second, bursts of 2");
    // Six at once: the burst of 2 (and at most a refill or two) get through, the rest wait.
    const burst = await Promise.all(
      Array.from({ length: 6 }, () =>
        request.get("/api/v1/balance", { headers: { authorization: `Bearer ${key}` } }),
      ),
    );
    const limited = burst.filter((answer) => answer.status() === 429);
    expect(limited.length).toBeGreaterThanOrEqual(2);
    expect(limited[0]?.headers()["retry-after"]).toBe("1");
    expect(limited[0]?.headers()["ratelimit-policy"]).toBe('"api-key";q=2;w=2');

    // Revoke, confirmed: the very next request with it is refused.
    await row.getByRole("button", { name: `Revoke ${name}` }).click();
    const confirm = page.getByRole("alertdialog", { name: `Revoke ${name}?` });
    await expect(confirm).toContainText("401 Unauthorized");
    await confirm.getByRole("button", { name: "Revoke key" }).click();
    await expect(confirm).toBeHidden();
    await expect(row.getByTestId("api-key-status")).toHaveText("Revoked");
    await expect(row.getByRole("button", { name: `Revoke ${name}` })).toHaveCount(0);

    const refused = await chargeImage(request, key, idempotencyKey);
    expect(refused.status()).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: "unauthorized" } });

    expect(errors).toEqual([]);
  });

  test("a member can't manage API keys", async ({ page }) => {
    const errors = collectErrors(page);
    await signIn(page, DEMO.member.email);
    await expect(
      page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "API keys" }),
    ).toHaveCount(0);
    await page.goto(API_KEYS);
    await expect(page.getByTestId("forbidden-notice")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Create API key" })).toHaveCount(0);
    expect(errors).toEqual([]);
  });
});
