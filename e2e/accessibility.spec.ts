import { expect, test } from "@playwright/test";
import { collectErrors, DEMO, signIn } from "./fixtures";
import {
  axeBudget,
  closeDialog,
  DIALOGS,
  expectAccessible,
  MEMBER_PAGES,
  OWNER_PAGES,
  openDialog,
  openRangeCalendar,
  PUBLIC_PAGES,
  visit,
} from "./pages";

// axe on every page, as the people who use it: no serious or critical violations, and no console
// errors while the page loads. Pages with dialogs are also checked with the dialog open.
// dark-mode.spec.ts runs the same checks with the system set to dark.
test("public pages are accessible", async ({ page }) => {
  test.setTimeout(axeBudget(PUBLIC_PAGES.length));
  const errors = collectErrors(page);
  for (const path of PUBLIC_PAGES) {
    await visit(page, path);
    await expectAccessible(page, path);
  }
  expect(errors).toEqual([]);
});

test("every page an owner sees is accessible", async ({ page }) => {
  test.setTimeout(axeBudget(OWNER_PAGES.length + DIALOGS.length + 1));
  await signIn(page, DEMO.owner.email);
  const errors = collectErrors(page);
  for (const path of OWNER_PAGES) {
    await visit(page, path);
    await expectAccessible(page, path);
  }
  // The dialogs people open most: Purchase Credits, Invite members, Create API key.
  for (const { path, button } of DIALOGS) {
    await visit(page, path);
    await openDialog(page, button);
    await expectAccessible(page, `${button} dialog`);
    await closeDialog(page);
  }
  await openRangeCalendar(page);
  await expectAccessible(page, "custom range calendar");
  expect(errors).toEqual([]);
});

test("every page a member sees is accessible", async ({ page }) => {
  test.setTimeout(axeBudget(MEMBER_PAGES.length));
  await signIn(page, DEMO.member.email);
  const errors = collectErrors(page);
  for (const path of MEMBER_PAGES) {
    await visit(page, path);
    await expectAccessible(page, path);
  }
  expect(errors).toEqual([]);
});
