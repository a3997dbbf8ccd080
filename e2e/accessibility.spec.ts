import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { collectErrors, DEMO, signIn } from "./fixtures";
import { MEMBER_PAGES, PUBLIC_PAGES, WORKSPACE_BASE, WORKSPACE_PAGES } from "./pages";

// axe on every page, as the people who use it: no serious or critical violations, and no console
// errors while the page loads. Pages with dialogs are also checked with the dialog open.
const base = WORKSPACE_BASE;

async function expectAccessible(page: Page, label: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")}`,
    );
  expect(serious, `${label}: axe violations`).toEqual([]);
}

async function visit(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
}

test("public pages are accessible", async ({ page }) => {
  const errors = collectErrors(page);
  for (const path of PUBLIC_PAGES) {
    await visit(page, path);
    await expectAccessible(page, path);
  }
  expect(errors).toEqual([]);
});

test("every page an owner sees is accessible", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, DEMO.owner.email);
  const errors = collectErrors(page);
  for (const path of WORKSPACE_PAGES) {
    await visit(page, path);
    await expectAccessible(page, path);
  }
  // The dialogs people open most: Purchase Credits and Invite members.
  await visit(page, `${base}/settings/billing`);
  await page.getByRole("button", { name: "Purchase Credits" }).first().click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectAccessible(page, "Purchase Credits dialog");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();
  await visit(page, `${base}/settings/members`);
  await page.getByRole("button", { name: "Invite members" }).first().click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectAccessible(page, "Invite members dialog");
  await page.keyboard.press("Escape");
  expect(errors).toEqual([]);
});

test("every page a member sees is accessible", async ({ page }) => {
  await signIn(page, DEMO.member.email);
  const errors = collectErrors(page);
  for (const path of MEMBER_PAGES) {
    await visit(page, path);
    await expectAccessible(page, path);
  }
  expect(errors).toEqual([]);
});
