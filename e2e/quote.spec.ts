import { expect, test } from "@playwright/test";
import { DEMO, collectErrors, signIn } from "./fixtures";

const API_KEYS = `/w/${DEMO.workspace.slug}/settings/api-keys`;

test.describe("POST /api/v1/quote", () => {
  test("the owner makes a key and quotes a generation: the cost, nothing charged, the key unused", async ({
    page,
    request,
  }) => {
    const errors = collectErrors(page);
    await signIn(page, DEMO.owner.email);
    await page.goto(API_KEYS);
    await page.getByRole("button", { name: "Create API key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create API key" });
    await dialog.getByLabel("Name").fill(`Quote ${Date.now()}`);
    await dialog.getByRole("button", { name: "Create key" }).click();
    const secretDialog = page.getByRole("dialog", { name: "Your new API key" });
    const key = await secretDialog.getByTestId("api-key-secret").inputValue();
    await secretDialog.getByRole("button", { name: "I've copied the key" }).click();

    const headers = { authorization: `Bearer ${key}` };
    const body = {
      idempotencyKey: `e2e-quote-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      member: DEMO.member.email,
      feature: "image",
      model: "imagine-standard",
      results: 1,
    };
    const before = (await (await request.get("/api/v1/balance", { headers })).json()) as { total: number };
    const quote = await request.post("/api/v1/quote", { headers, data: body });
    expect(quote.status()).toBe(200);
    const quoted = (await quote.json()) as {
      credits: number;
      balance: { total: number } | null;
      wouldRefuse: unknown;
      replayed: boolean;
    };
    expect(quoted).toMatchObject({ credits: 24, replayed: false, wouldRefuse: null });
    expect(quoted.balance?.total).toBe(before.total - 24);
    // Nothing was charged, and the same body is then a first charge of what was quoted.
    const after = (await (await request.get("/api/v1/balance", { headers })).json()) as { total: number };
    expect(after.total).toBe(before.total);
    const charge = await request.post("/api/v1/usage", { headers, data: body });
    expect(charge.status()).toBe(201);
    expect(((await charge.json()) as { credits: number }).credits).toBe(24);
    expect(errors).toEqual([]);
  });

  test("a member reads the quote and every refusal in the API reference", async ({ page }) => {
    const errors = collectErrors(page);
    await signIn(page, DEMO.member.email);
    await page.goto("/docs/api");
    await page
      .getByRole("navigation", { name: "API reference" })
      .getByRole("link", { name: "POST /quote", exact: true })
      .click();
    const quote = page.locator("section#quote-usage");
    await expect(quote.getByRole("heading", { level: 2 })).toHaveText(/POST\s*\/api\/v1\/quote/);
    await expect(quote).toContainText("nothing is charged or written");
    const refusals = page.locator("section#refusals");
    for (const code of ["topup_not_allowed", "key_budget_reached", "model_not_allowed", "credits_owed"]) {
      await expect(refusals).toContainText(code);
    }
    await expect(refusals).toContainText("wouldRefuse");
    expect(errors).toEqual([]);
  });
});
