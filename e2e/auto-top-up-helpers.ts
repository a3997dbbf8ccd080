// Shared steps of the auto top-up specs: an API key, and spending through the API (the Enterprise
// workspace they start from is in ./workspaces).
import { expect, type APIRequestContext, type Page } from "@playwright/test";

/** An API key made in the app, as a generation service would use it. */
export async function createApiKey(page: Page, slug: string): Promise<string> {
  await page.goto(`/w/${slug}/settings/api-keys`);
  await page.getByRole("button", { name: "Create API key" }).click();
  const create = page.getByRole("dialog", { name: "Create API key" });
  await create.getByLabel("Name").fill("Renderer");
  await create.getByRole("button", { name: "Create key" }).click();
  return page.getByRole("dialog", { name: "Your new API key" }).getByTestId("api-key-secret").inputValue();
}

/** `count` 10-second standard videos (400 credits each), charged in parallel. */
export async function spendVideos(request: APIRequestContext, key: string, member: string, count: number) {
  const responses = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      request.post("/api/v1/usage", {
        headers: { authorization: `Bearer ${key}` },
        data: {
          idempotencyKey: `autotopup-${Date.now()}-${i}`,
          member,
          feature: "video",
          model: "motion-standard",
          settings: { duration: "10" },
          results: 1,
        },
      }),
    ),
  );
  for (const response of responses) expect(response.status()).toBe(201);
}
