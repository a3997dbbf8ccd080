// Owner budgets (issue 19): defaults for new members applied through invitations, an invitation's
// own limit and role, Manage Access's bulk limit edit (keyboard only), the mid-month choice and how
// it reads to the owner and to the member, the top-up permission, and an API key's budget.
import { expect, type Browser, type Page } from "@playwright/test";
import { collectErrors, signIn, signUp, test, uniqueEmail } from "./fixtures";
import { expectAccessible, holdRefreshes } from "./pages";
import { tabTo } from "./keyboard";

const PASSWORD = "budget-owner-password-1";

function accessRow(page: Page, name: string) {
  return page
    .getByRole("table", { name: "Manage Access" })
    .getByTestId("member-row")
    .filter({ hasText: name });
}

/** Invites `email` through the dialog, optionally with a limit and top-up permission of their own. */
async function invite(
  page: Page,
  email: string,
  own?: { limit: string; role: "member" | "admin"; topUp: "yes" | "no" },
): Promise<string> {
  await page.getByRole("button", { name: "Invite members" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite members" });
  await dialog.getByLabel("Email address").fill(email);
  await expect(dialog.getByLabel("Monthly credit limit")).toContainText("Workspace default (700 credits)");
  if (own) {
    await dialog.getByLabel("Role").selectOption(own.role);
    await dialog.getByLabel("Monthly credit limit").selectOption("custom");
    await dialog.getByLabel("Credits per month").fill(own.limit);
    await dialog.getByLabel("Top-up credits").selectOption(own.topUp);
  }
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  const result = page.getByRole("dialog", { name: `Invitation ready for ${email}` });
  const link = await result.getByLabel("Invite link").inputValue();
  await result.getByRole("button", { name: "Done" }).click();
  await expect(result).toBeHidden();
  return new URL(link).pathname;
}

/** The invitee signs up from the link in a browser of their own, and lands in the workspace. */
async function join(browser: Browser, baseURL: string | undefined, path: string, name: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto(path);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await page.waitForURL(/\/w\/[a-z0-9-]+$/);
  return { context, page };
}

test.describe("Owner budgets", () => {
  test("defaults, invitations, bulk edit by keyboard, the mid-month choice, top-up and a key's budget", async ({
    page,
    browser,
    baseURL,
    request,
  }) => {
    test.setTimeout(240_000);
    const errors = collectErrors(page);
    const stamp = Date.now();
    const ownerEmail = uniqueEmail("budget-owner");
    const slug = await signUp(page, {
      name: "Bea Budget",
      email: ownerEmail,
      workspaceName: `Budgets ${stamp}`,
    });
    const members = `/w/${slug}/settings/members`;

    // Defaults for new members: 700 credits a month, no top-up credits.
    await page.goto(members);
    const defaults = page.getByRole("region", { name: "Defaults for new members" });
    await defaults.getByRole("switch", { name: "Unlimited" }).click();
    await defaults.getByLabel("Credits per month").fill("700");
    await defaults.getByRole("switch", { name: "May use top-up credits" }).click();
    await defaults.getByRole("button", { name: "Save defaults" }).click();
    await expect(page.getByText("Saved the defaults for new members")).toBeVisible();
    await expectAccessible(page, "members page with defaults");

    // Two invitations: one takes the defaults, one sets its own limit, role and permission.
    const ada = { name: `Ada ${stamp}`, email: uniqueEmail("budget-ada") };
    const ben = { name: `Ben ${stamp}`, email: uniqueEmail("budget-ben") };
    const adaPath = await invite(page, ada.email);
    const benPath = await invite(page, ben.email, { limit: "50", role: "admin", topUp: "yes" });
    const adaSession = await join(browser, baseURL, adaPath, ada.name);
    const benSession = await join(browser, baseURL, benPath, ben.name);
    await benSession.context.close();

    // The member sees the limit they were given.
    await expect(adaSession.page.getByTestId("allowance-limit")).toContainText("700");

    await page.goto(`${members}?view=access`);
    await expect(accessRow(page, ada.name).getByTestId("member-limit")).toHaveText("700");
    await expect(accessRow(page, ben.name).getByTestId("member-limit")).toHaveText("50");
    await expect(accessRow(page, ben.name)).toContainText("Admin");

    // Ada may not use top-up credits (the default); the owner turns it on, by keyboard.
    await accessRow(page, ada.name)
      .getByRole("button", { name: `Edit ${ada.name}` })
      .focus();
    await page.keyboard.press("Enter");
    let editor = page.getByRole("dialog", { name: `Edit ${ada.name}` });
    const topUp = editor.getByRole("switch", { name: "May use top-up credits" });
    await expect(topUp).toHaveAttribute("aria-checked", "false");
    await topUp.focus();
    await page.keyboard.press("Space");
    await expect(topUp).toHaveAttribute("aria-checked", "true");
    // Opened again before the page's refresh arrives (held here, as a slow server would), the editor
    // starts from what was saved, not from the list as it was before the save.
    const releaseRefreshes = await holdRefreshes(page);
    await editor.getByRole("button", { name: "Save" }).click();
    await expect(editor).toBeHidden();
    await accessRow(page, ada.name)
      .getByRole("button", { name: `Edit ${ada.name}` })
      .click();
    editor = page.getByRole("dialog", { name: `Edit ${ada.name}` });
    await expect(editor.getByRole("switch", { name: "May use top-up credits" })).toHaveAttribute(
      "aria-checked",
      "true",
    );
    await page.keyboard.press("Escape");
    await expect(editor).toBeHidden();
    await releaseRefreshes();

    // Ada spends through an API key this month.
    await page.goto(`/w/${slug}/settings/api-keys`);
    await page.getByRole("button", { name: "Create API key" }).click();
    const create = page.getByRole("dialog", { name: "Create API key" });
    const keyName = `Renderer ${stamp}`;
    await create.getByLabel("Name").fill(keyName);
    await create.getByRole("button", { name: "Create key" }).click();
    const shown = page.getByRole("dialog", { name: "Your new API key" });
    const key = await shown.getByTestId("api-key-secret").inputValue();
    await shown.getByRole("button", { name: "I've copied the key" }).click();
    for (const n of [1, 2]) {
      const response = await request.post("/api/v1/usage", {
        headers: { authorization: `Bearer ${key}` },
        data: {
          idempotencyKey: `budget-${stamp}-${n}`,
          member: ada.email,
          feature: "image",
          model: "imagine-standard",
          results: 1,
        },
      });
      expect(response.status()).toBe(201);
    }
    await page.goto(`${members}?view=access`);
    const used = Number(
      (await accessRow(page, ada.name).getByTestId("member-used").innerText()).replaceAll(",", ""),
    );
    expect(used).toBeGreaterThan(2);

    // Bulk edit, keyboard only: select Ada and Ben, set 2 credits each, starting from now.
    for (const person of [ada, ben]) {
      await page.getByRole("checkbox", { name: `Select ${person.name}` }).focus();
      await page.keyboard.press("Space");
    }
    await expect(page.getByTestId("bulk-actions")).toContainText("2 selected");
    await page.getByRole("button", { name: "Set monthly limit…" }).focus();
    await page.keyboard.press("Enter");
    let bulk = page.getByRole("dialog", { name: "Set the monthly limit of 2 members" });
    await tabTo(page, bulk.getByLabel("Credits per month, each"));
    await page.keyboard.type("2");
    const counts = bulk.getByRole("radio", {
      name: new RegExp(`Count this month's usage \\(${used} credits\\)`),
    });
    await expect(counts).toBeChecked();
    await counts.focus();
    await page.keyboard.press("ArrowDown");
    await expect(bulk.getByRole("radio", { name: "Start counting from now" })).toBeChecked();
    await expectAccessible(page, "bulk limit dialog");
    await bulk.getByRole("button", { name: "Save for 2 members" }).click();
    await expect(bulk).toBeHidden();
    await expect(accessRow(page, ada.name).getByTestId("member-limit")).toHaveText("2");
    await expect(accessRow(page, ben.name).getByTestId("member-limit")).toHaveText("2");
    await expect(accessRow(page, ada.name).getByTestId("member-remaining")).toHaveText("2");
    await expect(accessRow(page, ada.name).getByTestId("member-remaining-note")).toContainText(
      `${used} credits used before the limit was set don't count`,
    );

    // Select all, and set 1 counting this month's usage: Ada is over it, and the page says why.
    await page.getByRole("checkbox", { name: "Select all members listed" }).check();
    await expect(page.getByTestId("bulk-actions")).toContainText("3 selected");
    await page.getByRole("button", { name: "Set monthly limit…" }).click();
    bulk = page.getByRole("dialog", { name: "Set the monthly limit of 3 members" });
    await bulk.getByLabel("Credits per month, each").fill("1");
    await expect(bulk.getByRole("radio", { name: /Count this month's usage/ })).toBeChecked();
    await bulk.getByRole("button", { name: "Save for 3 members" }).click();
    await expect(bulk).toBeHidden();
    const over = new RegExp(
      `${used} of 1 credits — over the limit set on .+, after ${used} were already used`,
    );
    await expect(accessRow(page, ada.name).getByTestId("member-remaining-note")).toHaveText(over);
    // No share above 100% anywhere on the page.
    const shares = (await page.locator("main").innerText()).match(/\d[\d,]*%/g) ?? [];
    expect(shares.filter((share) => Number(share.replace(/[,%]/g, "")) > 100)).toEqual([]);

    // The member reads the same, in words, on the overview and on My usage.
    await adaSession.page.reload();
    await expect(adaSession.page.getByTestId("allowance-share")).toHaveText(over);
    await adaSession.page.goto(`/w/${slug}/usage`);
    await expect(adaSession.page.getByTestId("allowance-note")).toHaveText(over);
    await expectAccessible(adaSession.page, "My usage over the limit");
    await adaSession.context.close();

    // The key's budget: a monthly cap and only images; its month's usage against the cap.
    await page.goto(`/w/${slug}/settings/api-keys`);
    await page.getByRole("button", { name: `Budget of ${keyName}` }).click();
    const budget = page.getByRole("dialog", { name: `Budget for ${keyName}` });
    await budget.getByRole("switch", { name: "Cap this key's credits per month" }).click();
    await budget.getByRole("textbox", { name: "Credits per month" }).fill("100");
    await budget.getByRole("switch", { name: "Every feature and model" }).click();
    await budget.getByRole("checkbox", { name: /^image \(any model\)/ }).check();
    await expectAccessible(page, "key budget dialog");
    await budget.getByRole("button", { name: "Save budget" }).click();
    await expect(budget).toBeHidden();
    const row = page
      .getByRole("table", { name: "Keys" })
      .getByTestId("api-key-row")
      .filter({ hasText: keyName });
    await expect(row.getByTestId("api-key-usage")).toHaveText(`${used} of 100 credits`);
    await expect(row.getByTestId("api-key-allowed")).toHaveText("Only image");

    // Analytics breaks the month down by key.
    await page.goto(`/w/${slug}/analytics`);
    await expect(page.getByRole("table", { name: "Usage by API key" })).toContainText(keyName);

    expect(errors).toEqual([]);
  });

  test("a member sees no bulk edit, no defaults and no budget controls", async ({ page }) => {
    const errors = collectErrors(page);
    await signIn(page, "maya@northwind.test");
    await page.goto("/w/northwind/settings/members?view=access");
    await expect(page.getByRole("checkbox")).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Defaults for new members" })).toHaveCount(0);
    await expect(page.getByTestId("bulk-actions")).toHaveCount(0);
    expect(errors).toEqual([]);
  });
});
