import { expect, test } from "@playwright/test";
import { DEMO, collectErrors, signIn } from "./fixtures";

test.describe("API reference", () => {
  test("is public and documents POST /api/v1/usage, its fields, refusals and errors", async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto("/docs/api");
    await expect(page).toHaveURL("/docs/api");
    await expect(page.getByRole("heading", { level: 1, name: "Creditpool metering API" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

    // Every operation has an anchor; the table of contents links to it.
    const usage = page.locator("section#charge-usage");
    await expect(usage.getByRole("heading", { level: 2 })).toHaveText(/POST\s*\/api\/v1\/usage/);
    await page
      .getByRole("navigation", { name: "API reference" })
      .getByRole("link", { name: "POST /usage", exact: true })
      .click();
    await expect(page).toHaveURL(/#charge-usage$/);

    // Its request fields, from the zod schemas: name, type, required, description, example.
    const body = usage.getByRole("list", { name: "Request body of POST /api/v1/usage" });
    for (const field of ["idempotencyKey", "member", "feature", "model", "settings", "results"]) {
      await expect(body.locator(`[data-field="${field}"]`)).toBeVisible();
    }
    const member = body.locator('[data-field="member"]');
    await expect(member).toContainText("string");
    await expect(member).toContainText("required");
    await expect(member).toContainText("The member's email address or membership id.");
    await expect(member).toContainText("maya@northwind.test");
    await expect(body.locator('[data-field="settings"]')).toContainText("optional");

    // Responses by status, with the 402 explained.
    const responses = usage.getByRole("list", { name: "Responses of POST /api/v1/usage" });
    for (const status of ["200", "201", "400", "401", "402", "409", "413", "422", "429"]) {
      await expect(responses.locator(`[data-status="${status}"]`)).toBeVisible();
    }
    await expect(responses.locator('[data-status="402"]')).toContainText("insufficient_credits");
    await expect(responses.locator('[data-status="402"]')).toContainText("Nothing was charged");

    // A curl command to try it.
    await expect(usage.locator("pre")).toContainText("curl -X POST");
    await expect(usage.locator("pre")).toContainText("/api/v1/usage");
    await expect(
      usage.getByRole("button", { name: "Copy curl example for POST /api/v1/usage" }),
    ).toBeVisible();

    // Refusals and the errors table.
    const refusals = page.locator("section#refusals");
    await expect(refusals).toContainText("member_limit_reached");
    await expect(refusals).toContainText('"resolution"');
    const errorTable = page.getByRole("table", { name: "Error statuses" });
    for (const status of ["400", "401", "402", "409", "410", "413", "422", "429"]) {
      await expect(errorTable.locator(`[data-status="${status}"]`)).toBeVisible();
    }

    // The machine-readable document.
    await expect(page.getByRole("link", { name: "/api/v1/openapi.json" })).toHaveAttribute(
      "href",
      "/api/v1/openapi.json",
    );
    expect(errors).toEqual([]);
  });

  test("signed in, it links back to the app and to the owner's API keys", async ({ page }) => {
    const errors = collectErrors(page);
    await signIn(page, DEMO.owner.email);
    await page.goto("/docs/api");
    await expect(page.getByRole("link", { name: "Back to the app" })).toBeVisible();
    await page.locator("section#authentication").getByRole("link", { name: "Settings → API keys" }).click();
    await expect(page).toHaveURL(`/w/${DEMO.workspace.slug}/settings/api-keys`);
    await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test("the OpenAPI document is OpenAPI 3.1 and public", async ({ request }) => {
    const response = await request.get("/api/v1/openapi.json");
    expect(response.status()).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toContain("/api/v1/usage");
  });
});
