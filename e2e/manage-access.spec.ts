import { expect, type Locator, type Page } from "@playwright/test";
import { collectErrors, DEMO, signIn, signOut, test } from "./fixtures";

const MEMBERS = `/w/${DEMO.workspace.slug}/settings/members`;

function accessTable(page: Page): Locator {
  return page.getByRole("table", { name: "Manage Access" });
}

function memberRow(page: Page, name: string): Locator {
  return accessTable(page).getByTestId("member-row").filter({ hasText: name });
}

/** The names in the table, top to bottom (without the screen-reader-only "Edit "). */
async function memberNames(page: Page): Promise<string[]> {
  const texts = await accessTable(page).getByTestId("member-name").allTextContents();
  return texts.map((text) => text.replace(/^Edit /, "").trim());
}

async function openEditor(page: Page, name: string): Promise<Locator> {
  // The keyboard path: the member's button takes focus and Enter opens the editor.
  const button = memberRow(page, name).getByRole("button", { name: `Edit ${name}` });
  await button.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: `Edit ${name}` });
  await expect(dialog).toBeVisible();
  return dialog;
}

test.describe("Manage Access", () => {
  test("the owner sets a member's monthly limit, sees it saved, and sets Unlimited back", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    const sam = DEMO.unlimitedMember.name;
    await signIn(page, DEMO.owner.email);

    // Members → Manage Access, from the navigation.
    await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Members" }).click();
    await expect(page).toHaveURL(MEMBERS);
    await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
    await expect(page.getByTestId("total-credits-remaining")).toHaveText(/^[\d,]+ credits$/);
    await expect(page.getByTestId("seats-used")).toHaveText(/^\d+ of 10 used$/);
    await expect(page.getByRole("button", { name: "Invite members" })).toBeVisible();
    const manageAccess = page.getByRole("button", { name: "Manage Access" });
    await expect(manageAccess).toHaveAttribute("aria-expanded", "false");
    await expect(accessTable(page)).toHaveCount(0);

    await manageAccess.click();
    await expect(page).toHaveURL(`${MEMBERS}?view=access`);
    await expect(manageAccess).toHaveAttribute("aria-expanded", "true");
    await expect(accessTable(page)).toBeVisible();
    await expect(page.getByRole("heading", { name: "Manage Access" })).toBeFocused();

    const row = memberRow(page, sam);
    await expect(row.getByTestId("member-limit")).toHaveText("Unlimited");
    await expect(row.getByTestId("member-resets")).toContainText(/\w{3} 1, \d{4}/);
    const used = Number((await row.getByTestId("member-used").innerText()).replaceAll(",", ""));
    expect(Number.isSafeInteger(used)).toBe(true);

    // A limit below what Sam already used this month is allowed, with a warning.
    let dialog = await openEditor(page, sam);
    const unlimited = dialog.getByRole("switch", { name: "Unlimited" });
    await expect(unlimited).toHaveAttribute("aria-checked", "true");
    await unlimited.click();
    await expect(unlimited).toHaveAttribute("aria-checked", "false");
    const limitInput = dialog.getByLabel("Credits per month");
    if (used > 0) {
      await limitInput.fill(String(used - 1));
      await expect(dialog.getByText("won't be able to spend until the limit resets")).toBeVisible();
    }
    // Not a whole number: refused before it reaches the server.
    await limitInput.fill("12.5");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByText("Enter a whole number of credits")).toBeVisible();
    await expect(dialog).toBeVisible();

    const newLimit = used + 4321;
    await limitInput.fill(String(newLimit));
    await expect(dialog.getByText("won't be able to spend until the limit resets")).toHaveCount(0);
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expect(row.getByTestId("member-limit")).toHaveText(newLimit.toLocaleString("en-US"));
    await expect(row.getByTestId("member-remaining")).toHaveText((4321).toLocaleString("en-US"));
    await expect(row.getByRole("meter")).toHaveAttribute("aria-valuemax", String(newLimit));

    // Saved on the server, not only on screen.
    await page.reload();
    await expect(memberRow(page, sam).getByTestId("member-limit")).toHaveText(
      newLimit.toLocaleString("en-US"),
    );

    // And back to Unlimited.
    dialog = await openEditor(page, sam);
    await expect(dialog.getByLabel("Credits per month")).toHaveValue(String(newLimit));
    await dialog.getByRole("switch", { name: "Unlimited" }).click();
    await expect(dialog.getByLabel("Credits per month")).toHaveCount(0);
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await page.reload();
    await expect(memberRow(page, sam).getByTestId("member-limit")).toHaveText("Unlimited");
    await expect(memberRow(page, sam).getByRole("meter")).toHaveCount(0);

    expect(errors).toEqual([]);
  });

  test("search filters the members and sorting changes their order, both kept in the link", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await signIn(page, DEMO.owner.email);
    await page.goto(`${MEMBERS}?view=access`);
    const rows = accessTable(page).getByTestId("member-row");
    await expect(rows.first()).toBeVisible();
    const total = await rows.count();
    expect(total).toBeGreaterThanOrEqual(5);

    // Sorted by name by default.
    const ascending = await memberNames(page);
    expect(ascending).toEqual(
      [...ascending].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" })),
    );

    // Search by name, then by email; the server filters and the URL carries the query.
    const search = page.getByRole("searchbox", { name: "Search members by name or email" });
    await search.fill("sato");
    await expect(page).toHaveURL(/[?&]q=sato(&|$)/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(DEMO.unlimitedMember.name);
    await expect(page.getByTestId("members-count")).toHaveText(`1 of ${total} members match “sato”`);

    await search.fill("maya@");
    await expect(page).toHaveURL(/[?&]q=maya%40(&|$)/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(DEMO.member.name);

    // A search link opens the same view.
    await page.reload();
    await expect(search).toHaveValue("maya@");
    await expect(rows).toHaveCount(1);

    await search.fill("nobody-by-this-name");
    await expect(rows).toHaveCount(0);
    await expect(page.getByText("No members match “nobody-by-this-name”")).toBeVisible();
    await page.getByRole("link", { name: "Clear the search" }).click();
    await expect(rows).toHaveCount(total);
    await expect(search).toHaveValue("");

    // Sort by name, descending: the reverse order.
    await accessTable(page).getByRole("link", { name: "Name, sort descending" }).click();
    await expect(page).toHaveURL(/sort=name&dir=desc/);
    await expect(accessTable(page).getByRole("columnheader", { name: /Name/ })).toHaveAttribute(
      "aria-sort",
      "descending",
    );
    await expect.poll(() => memberNames(page)).toEqual([...ascending].reverse());

    // Sort by what was used this month, most first.
    await accessTable(page).getByRole("link", { name: "Used this month, sort ascending" }).click();
    await expect(page).toHaveURL(/sort=used&dir=asc/);
    await accessTable(page).getByRole("link", { name: "Used this month, sort descending" }).click();
    await expect(page).toHaveURL(/sort=used&dir=desc/);
    await expect(accessTable(page).getByRole("columnheader", { name: /Used this month/ })).toHaveAttribute(
      "aria-sort",
      "descending",
    );
    const usedDesc = (await accessTable(page).getByTestId("member-used").allInnerTexts()).map((text) =>
      Number(text.replaceAll(",", "")),
    );
    expect(usedDesc).toEqual([...usedDesc].sort((a, b) => b - a));

    expect(errors).toEqual([]);
  });

  test("the owner opens a member's usage from Manage Access; a member has no such link", async ({ page }) => {
    const errors = collectErrors(page);
    const leo = DEMO.nearLimitMember;
    await signIn(page, DEMO.owner.email);
    await page.goto(`${MEMBERS}?view=access`);
    const usageLink = memberRow(page, leo.name).getByRole("link", { name: `Usage of ${leo.name}` });
    const href = await usageLink.getAttribute("href");
    expect(href).toMatch(new RegExp(`^/w/${DEMO.workspace.slug}/usage\\?member=[0-9a-f-]{36}$`));
    await usageLink.click();
    await expect(page).toHaveURL(href!);
    await expect(page.getByRole("heading", { level: 1, name: `${leo.name}'s usage` })).toBeVisible();
    await expect(page.getByText(leo.email).first()).toBeVisible();
    // His allowance, not the owner's (Unlimited): Leo's monthly limit, which he has nearly used.
    await expect(page.getByTestId("allowance-limit")).toHaveText(/^[\d,]+$/);
    await expect(page.getByText("Near limit")).toBeVisible();
    expect(errors).toEqual([]);

    // A member sees neither the table nor its links, and the same link shows them nothing of Leo's.
    await signOut(page);
    await signIn(page, DEMO.member.email);
    await page.goto(`${MEMBERS}?view=access`);
    await expect(page.getByRole("link", { name: /^Usage of / })).toHaveCount(0);
    await page.goto(href!);
    await expect(page.getByRole("heading", { level: 1, name: `${leo.name}'s usage` })).toHaveCount(0);
    await expect(page.getByText(leo.email)).toHaveCount(0);
  });

  test("a member cannot open Manage Access, not even by link", async ({ page }) => {
    await signIn(page, DEMO.member.email);
    await expect(
      page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Members" }),
    ).toHaveCount(0);

    for (const path of [MEMBERS, `${MEMBERS}?view=access`, `${MEMBERS}?view=access&q=sam`]) {
      await page.goto(path);
      await expect(page.getByTestId("forbidden-notice")).toBeVisible();
      await expect(page.getByText("You need to be an owner or admin to see this")).toBeVisible();
      await expect(page.getByRole("table")).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Manage Access" })).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Invite members" })).toHaveCount(0);
      // Nothing of the workspace's money or its other members reaches the page.
      await expect(page.getByText(DEMO.unlimitedMember.email)).toHaveCount(0);
      await expect(page.getByText("Total credits remaining")).toHaveCount(0);
    }
  });
  test("at 390 px each member's limit, use and what is left stack in the row, with no sideways scroll", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, DEMO.owner.email);
    await page.goto(`${MEMBERS}?view=access`);
    const table = accessTable(page);
    await expect(table).toBeVisible();

    // The table fits: nothing to scroll sideways.
    const fits = await table.evaluate((element) => {
      const area = element.parentElement;
      return area !== null && area.scrollWidth <= area.clientWidth + 1;
    });
    expect(fits).toBe(true);

    // The folded columns' figures are in the member's own cell, visible on the screen.
    const leo = memberRow(page, DEMO.nearLimitMember.name);
    const stacked = leo.getByTestId("member-stacked");
    await expect(stacked).toBeVisible();
    await expect(stacked).toContainText("Monthly limit");
    await expect(stacked.getByTestId("member-limit-stacked")).toHaveText(/^[\d,]+$/);
    await expect(stacked.getByTestId("member-used-stacked")).toHaveText(/^[\d,]+$/);
    await expect(stacked.getByTestId("member-remaining-stacked")).toHaveText(/^[\d,]+$/);
    await expect(stacked).toContainText(/Resets \w{3} 1, \d{4}/);
    // Scrolled to (the page is long): each figure is then wholly on screen, nothing cut off at the side.
    await stacked.scrollIntoViewIfNeeded();
    for (const figure of ["member-limit-stacked", "member-used-stacked", "member-remaining-stacked"])
      await expect(stacked.getByTestId(figure)).toBeInViewport({ ratio: 1 });
    // The figures add up as they do in the wide table.
    const read = async (id: string) =>
      Number((await stacked.getByTestId(id).innerText()).replaceAll(",", ""));
    expect(await read("member-remaining-stacked")).toBe(
      Math.max((await read("member-limit-stacked")) - (await read("member-used-stacked")), 0),
    );
    // The wide columns are not shown on a phone; at 1280 they are, and the stacked copy is not.
    await expect(leo.getByTestId("member-limit")).toBeHidden();
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect(leo.getByTestId("member-limit")).toBeVisible();
    await expect(stacked).toBeHidden();
    expect(errors).toEqual([]);
  });
});
