import { expect, test, type Page } from "@playwright/test";
import { collectErrors, DEMO, signIn, signUp, uniqueEmail } from "./fixtures";
import {
  closeWithEscape,
  expectKeyboardDialog,
  expectTabOrder,
  openDialogWithKeyboard,
  tabTo,
  tabWithin,
} from "./keyboard";
import { holdRefreshes, visit } from "./pages";

// Full keyboard use: every dialog opens from its button with Enter or Space, takes focus, keeps it
// while Tab goes round, closes with Esc and gives focus back to its button; forms in dialogs are
// filled and sent with the keyboard (destructive ones in a workspace of the test's own). Every
// interactive thing in the tables, their filters and pagination is reached by Tab in document
// order with a visible focus indicator; menus work with Enter, the arrow keys and Esc.
const base = `/w/${DEMO.workspace.slug}`;

function button(page: Page, name: string | RegExp) {
  return page.getByRole("button", { name, exact: typeof name === "string" }).first();
}

test("the demo workspace's dialogs open, keep focus and close with the keyboard", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, DEMO.owner.email);
  const errors = collectErrors(page);

  await visit(page, `${base}/settings/billing`);
  await expectKeyboardDialog(page, button(page, "Purchase Credits"), page.getByRole("dialog"));

  await visit(page, `${base}/settings/members`);
  await expectKeyboardDialog(
    page,
    button(page, "Invite members"),
    page.getByRole("dialog", { name: "Invite members" }),
    " ",
  );

  // The member editor, and the removal confirmation on top of it (focus goes back to each opener).
  await visit(page, `${base}/settings/members?view=access`);
  const editSam = button(page, `Edit ${DEMO.unlimitedMember.name}`);
  const editor = page.getByRole("dialog", { name: `Edit ${DEMO.unlimitedMember.name}` });
  await openDialogWithKeyboard(page, editSam, editor);
  await expect(editor.getByLabel("Role")).toBeEnabled();
  const removeButton = editor.getByRole("button", { name: "Remove member" });
  await openDialogWithKeyboard(
    page,
    removeButton,
    page.getByRole("alertdialog", { name: `Remove ${DEMO.unlimitedMember.name}?` }),
  );
  await closeWithEscape(page, page.getByRole("alertdialog"), removeButton);
  await expect(editor).toBeVisible();
  await closeWithEscape(page, editor, editSam);

  await visit(page, `${base}/settings/billing`);
  await expectKeyboardDialog(
    page,
    button(page, "Upgrade to Enterprise"),
    page.getByRole("dialog", { name: /Enterprise/ }),
  );
  await expectKeyboardDialog(page, button(page, "Cancel subscription"), page.getByRole("alertdialog"));

  await visit(page, `${base}/settings/general`);
  await expectKeyboardDialog(page, button(page, "Delete workspace"), page.getByRole("alertdialog"));

  await visit(page, `${base}/settings/api-keys`);
  await expectKeyboardDialog(
    page,
    button(page, "Create API key"),
    page.getByRole("dialog", { name: "Create API key" }),
  );
  const revoke = page.getByRole("button", { name: /^Revoke / }).first();
  if ((await revoke.count()) > 0) await expectKeyboardDialog(page, revoke, page.getByRole("alertdialog"));

  // Create workspace, from an item of the team menu: focus comes back to the menu's button.
  await visit(page, base);
  const teamMenu = button(page, /Switch workspace/);
  await tabTo(page, teamMenu);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menu")).toBeVisible();
  await page.keyboard.press("End");
  await expect(page.getByRole("menuitem", { name: "Create workspace" })).toBeFocused();
  await page.keyboard.press("Enter");
  const create = page.getByRole("dialog", { name: "Create workspace" });
  await expect(create).toBeVisible();
  await expect(create.getByLabel(/name/i).first()).toBeFocused();
  await closeWithEscape(page, create, teamMenu);
  expect(errors).toEqual([]);
});

test("in a workspace of one's own, dialog forms are filled and sent with the keyboard", async ({ page }) => {
  test.setTimeout(150_000);
  const workspaceName = `Keys Studio ${Date.now()}`;
  const slug = await signUp(page, { name: "Kim Keyboard", email: uniqueEmail("kbd"), workspaceName });
  const errors = collectErrors(page);
  const own = `/w/${slug}`;

  // Plan: start Enterprise from its dialog.
  await visit(page, `${own}/settings/billing`);
  const choose = button(page, "Choose Enterprise");
  const start = await openDialogWithKeyboard(
    page,
    choose,
    page.getByRole("dialog", { name: "Start the Enterprise plan?" }),
  );
  await tabWithin(page, start.getByRole("button", { name: "Start Enterprise" }));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("plan-name")).toHaveText("Enterprise");

  // Auto Top-Up (Enterprise) opens from the Credits card.
  await visit(page, `${own}/settings/billing`);
  await expectKeyboardDialog(page, button(page, "Enable"), page.getByRole("dialog", { name: "Auto Top Up" }));

  // API keys: create one, then revoke it.
  await visit(page, `${own}/settings/api-keys`);
  const createKey = button(page, "Create API key");
  const keyDialog = await openDialogWithKeyboard(page, createKey, page.getByRole("dialog"));
  await expect(keyDialog.getByLabel("Name")).toBeFocused();
  await page.keyboard.type("Renderer");
  // The page's refresh after the key is made is held (as a slow server would): the dialog that shows the
  // key must still close at once.
  const releaseRefreshes = await holdRefreshes(page);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog", { name: "Your new API key" })).toBeVisible();
  await tabWithin(page, page.getByRole("button", { name: "I've copied the key" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog")).toBeHidden();
  await releaseRefreshes();
  await expect(createKey).toBeFocused();
  const revoke = await openDialogWithKeyboard(
    page,
    button(page, "Revoke Renderer"),
    page.getByRole("alertdialog", { name: "Revoke Renderer?" }),
  );
  await tabWithin(page, revoke.getByRole("button", { name: /^Revoke/ }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alertdialog")).toBeHidden();
  await expect(page.getByTestId("api-key-status").first()).toHaveText(/Revoked/);

  // Invite someone, then resend and revoke the invitation from the pending list.
  await visit(page, `${own}/settings/members`);
  const invite = button(page, "Invite members");
  const inviteDialog = await openDialogWithKeyboard(page, invite, page.getByRole("dialog"));
  await expect(inviteDialog.getByLabel("Email address")).toBeFocused();
  const invitee = uniqueEmail("kbd-invitee");
  await page.keyboard.type(invitee);
  // With the refresh after the invitation held, Esc must still close the dialog that shows the link.
  const releaseInviteRefreshes = await holdRefreshes(page);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog", { name: `Invitation ready for ${invitee}` })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();
  await releaseInviteRefreshes();
  await expect(invite).toBeFocused();
  const resend = button(page, `Resend the invitation for ${invitee}`);
  const resent = await openDialogWithKeyboard(page, resend, page.getByRole("dialog"));
  await tabWithin(page, resent.getByRole("button", { name: "Done" }));
  await page.keyboard.press("Enter");
  await expect(resend).toBeFocused();
  const revokeInvite = await openDialogWithKeyboard(
    page,
    button(page, `Revoke the invitation for ${invitee}`),
    page.getByRole("alertdialog"),
  );
  await tabWithin(page, revokeInvite.getByRole("button", { name: /^Revoke/ }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alertdialog")).toBeHidden();
  await expect(page.getByText(invitee)).toHaveCount(0);

  // The owner's own monthly limit, set in the member editor.
  await visit(page, `${own}/settings/members?view=access`);
  const editSelf = button(page, "Edit Kim Keyboard");
  const editor = await openDialogWithKeyboard(page, editSelf, page.getByRole("dialog"));
  await tabWithin(page, editor.getByRole("switch", { name: "Unlimited" }));
  await page.keyboard.press(" ");
  await tabWithin(page, editor.getByLabel("Credits per month"));
  await page.keyboard.type("5000");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(page.getByTestId("member-limit").first()).toHaveText("5,000");

  // Webhook endpoint: add it, then rotate its secret from the confirmation.
  await visit(page, `${own}/settings/notifications`);
  await tabTo(page, page.getByLabel("Endpoint URL"));
  await page.keyboard.type("https://example.com/hooks/creditpool");
  await page.keyboard.press("Enter");
  const rotate = button(page, "Rotate secret");
  await expect(rotate).toBeVisible();
  const rotateDialog = await openDialogWithKeyboard(page, rotate, page.getByRole("alertdialog"));
  await tabWithin(page, rotateDialog.getByRole("button", { name: "Rotate secret" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alertdialog")).toBeHidden();
  await expectKeyboardDialog(page, button(page, "Remove endpoint"), page.getByRole("alertdialog"));

  // Finally delete the workspace: type its name, then Enter.
  await visit(page, `${own}/settings/general`);
  const remove = await openDialogWithKeyboard(
    page,
    button(page, "Delete workspace"),
    page.getByRole("alertdialog"),
  );
  // An alertdialog starts on Cancel, the safe choice; the name field is a Tab away.
  await expect(remove.getByRole("button", { name: "Cancel" })).toBeFocused();
  await tabWithin(page, remove.getByLabel(/to confirm/));
  await page.keyboard.type(workspaceName);
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => !url.pathname.startsWith(own));
  expect(errors).toEqual([]);
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`tables, their filters and pagination are reached by Tab, in order, with focus visible (${colorScheme})`, async ({
    page,
  }) => {
    test.setTimeout(150_000);
    await page.emulateMedia({ colorScheme });
    await signIn(page, DEMO.owner.email);
    for (const path of [
      base,
      `${base}/transactions`,
      `${base}/analytics`,
      `${base}/usage`,
      `${base}/settings/members?view=access`,
      `${base}/settings/audit-log`,
      `${base}/settings/api-keys`,
      `${base}/settings/billing/invoices`,
    ]) {
      await visit(page, path);
      await expectTabOrder(page, page.locator("main"), `${path} (${colorScheme})`);
    }
  });
}

test("sort headers and pagination work from the keyboard", async ({ page }) => {
  await signIn(page, DEMO.owner.email);
  await visit(page, `${base}/settings/members?view=access`);
  const sortByName = page.getByRole("link", { name: /^Name, sort/ });
  await tabTo(page, sortByName);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/sort=name/);

  await visit(page, `${base}/transactions`);
  const older = page.getByRole("link", { name: "Older →" });
  await tabTo(page, older);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/cursor=/);
  await expect(page.getByRole("link", { name: "← Newest" })).toBeVisible();
});

test("menus open with Enter, move with the arrow keys and close with Esc", async ({ page }) => {
  await signIn(page, DEMO.owner.email);
  await visit(page, base);
  for (const name of [/^Account:/, /Switch workspace/, /^Notifications/]) {
    const trigger = button(page, name);
    await tabTo(page, trigger);
    await page.keyboard.press("Enter");
    const menu = page.getByRole("menu");
    await expect(menu).toBeVisible();
    await page.keyboard.press("ArrowDown");
    await expect
      .poll(() => menu.evaluate((element) => element.contains(document.activeElement)), `${name} keeps focus`)
      .toBe(true);
    await page.keyboard.press("Escape");
    await expect(menu).toBeHidden();
    await expect(trigger).toBeFocused();
  }
  // The account menu's item works with the keyboard: Sign out.
  await tabTo(page, button(page, /^Account:/));
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menu")).toBeVisible();
  await page.keyboard.press("End");
  await expect(page.getByRole("menuitem", { name: "Sign out", exact: true })).toBeFocused();
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => url.pathname === "/sign-in");
});
