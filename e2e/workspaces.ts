// Workspaces the specs make for themselves, through the app's own sign-up and test-mode plan flow.
import { expect, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./fixtures";

/** Upgrades the workspace to Enterprise through the test-mode plan flow. */
export async function upgradeToEnterprise(page: Page, slug: string): Promise<void> {
  await page.goto(`/w/${slug}/settings/billing`);
  await page.getByRole("button", { name: "Choose Enterprise" }).click();
  const start = page.getByRole("dialog", { name: "Start the Enterprise plan?" });
  await start.getByRole("button", { name: "Start Enterprise" }).click();
  await expect(start).toBeHidden();
  await expect(page.getByTestId("plan-name")).toHaveText("Enterprise");
}

/** A new account whose workspace is upgraded to Enterprise. */
export async function enterpriseWorkspace(
  page: Page,
  name: string,
): Promise<{ slug: string; email: string }> {
  const email = uniqueEmail("autotopup");
  const slug = await signUp(page, { name, email, workspaceName: `Auto Studio ${Date.now()}` });
  await upgradeToEnterprise(page, slug);
  return { slug, email };
}
