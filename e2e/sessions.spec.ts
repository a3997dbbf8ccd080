import { expect, test, type Browser, type Page } from "@playwright/test";
import { e2eDatabase } from "./database";
import { DEMO, collectErrors, signIn, signOut, signUp, uniqueEmail } from "./fixtures";
import { expectAccessible } from "./pages";

// Sessions that end (issue 15): "Sign out of all devices", a changed password, and a removed
// member. Each test makes its own accounts, so the demo's passwords and sessions are left alone.

const NEW_PASSWORD = "a much newer password";

// Each test signs up and signs in several browsers (about 30 s on a busy 2-core machine).
test.describe.configure({ timeout: 120_000 });

/** Another browser (another device) signed in as `email`. */
async function otherDevice(browser: Browser, email: string, password: string = DEMO.password) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, password);
  return { context, page };
}

/** Opens the account menu in the top bar. */
async function openAccountMenu(page: Page) {
  await page.getByRole("button", { name: /^Account:/ }).click();
  await expect(page.getByRole("menu")).toBeVisible();
}

test("Sign out of all devices signs out every browser of the account, with a dialog the keyboard can use", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("everywhere");
  const slug = await signUp(page, { name: "Eve Everywhere", email });
  const errors = collectErrors(page);
  const laptop = await otherDevice(browser, email);
  await laptop.page.goto(`/w/${slug}/usage`);
  await expect(laptop.page).toHaveURL(new RegExp(`/w/${slug}/usage$`));

  // With the keyboard: the menu item opens a confirmation; Escape cancels it and ends nothing.
  const trigger = page.getByRole("button", { name: /^Account:/ });
  await trigger.focus();
  await page.keyboard.press("Enter");
  await page.getByRole("menuitem", { name: "Sign out of all devices" }).focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("alertdialog", { name: "Sign out of all devices?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expectAccessible(page, "the Sign out of all devices dialog");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();
  await laptop.page.reload();
  await expect(laptop.page).toHaveURL(new RegExp(`/w/${slug}/usage$`));

  await openAccountMenu(page);
  await page.getByRole("menuitem", { name: "Sign out of all devices" }).click();
  await dialog.getByRole("button", { name: "Sign out everywhere" }).click();
  await page.waitForURL((url) => url.pathname === "/sign-in");

  // The other browser lands on sign-in at its next navigation (before, it stayed signed in).
  await laptop.page.goto(`/w/${slug}/usage`);
  await expect(laptop.page).toHaveURL(/\/sign-in/);
  // This browser is signed out too, and signing in again works.
  await page.goto(`/w/${slug}`);
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, email);
  await expect(page).toHaveURL(new RegExp(`/w/${slug}$`));
  await laptop.context.close();
  expect(errors).toEqual([]);
});

test("changing the password signs out the other devices, keeps this one, and only the new password signs in", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("new-password");
  const slug = await signUp(page, { name: "Pat Password", email });
  const errors = collectErrors(page);
  const laptop = await otherDevice(browser, email);

  await openAccountMenu(page);
  await page.getByRole("menuitem", { name: "Account" }).click();
  await page.waitForURL((url) => url.pathname === "/account");
  await expect(page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();

  // A wrong current password is refused inline and changes nothing.
  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Incorrect password")).toBeVisible();
  await laptop.page.goto(`/w/${slug}`);
  await expect(laptop.page).toHaveURL(new RegExp(`/w/${slug}$`));

  await page.getByLabel("Current password").fill(DEMO.password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password was changed. 1 other session was signed out.")).toBeVisible();
  await expect(page.getByLabel("Current password")).toHaveValue("");

  // This browser stays signed in; the other one is signed out at its next navigation.
  await page.goto(`/w/${slug}`);
  await expect(page).toHaveURL(new RegExp(`/w/${slug}$`));
  await laptop.page.goto(`/w/${slug}`);
  await expect(laptop.page).toHaveURL(/\/sign-in/);

  // The old password no longer signs in; the new one does.
  await laptop.page.getByLabel("Email", { exact: true }).fill(email);
  await laptop.page.getByLabel("Password", { exact: true }).fill(DEMO.password);
  await laptop.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(laptop.page.getByText("Email or password is incorrect.")).toBeVisible();
  await signIn(laptop.page, email, NEW_PASSWORD);
  await expect(laptop.page).toHaveURL(new RegExp(`/w/${slug}$`));
  await laptop.context.close();

  await signOut(page);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccount/);
  expect(errors).toEqual([]);
});

test("a removed member's copied cookie gets nothing of that workspace, at once", async ({
  page,
  browser,
}) => {
  const sql = e2eDatabase();
  try {
    const ownerEmail = uniqueEmail("remover");
    const slug = await signUp(page, { name: "Rita Remover", email: ownerEmail });
    const memberEmail = uniqueEmail("removed");
    const member = await browser.newContext();
    const memberPage = await member.newPage();
    const ownSlug = await signUp(memberPage, { name: "Rory Removed", email: memberEmail });
    await sql`
      insert into memberships (workspace_id, user_id, role)
      select w.id, u.id, 'member' from workspaces w, users u where w.slug = ${slug} and u.email = ${memberEmail}`;
    await memberPage.goto(`/w/${slug}/usage`);
    await expect(memberPage.getByRole("heading", { name: "My usage", level: 1 })).toBeVisible();

    // Someone holds a copy of the member's cookie.
    const thief = await browser.newContext();
    await thief.addCookies(await member.cookies());
    const thiefPage = await thief.newPage();
    await thiefPage.goto(`/w/${slug}/usage`);
    await expect(thiefPage.getByRole("heading", { name: "My usage", level: 1 })).toBeVisible();
    const [workspace] = await sql<{ id: string }[]>`select id from workspaces where slug = ${slug}`;

    // The owner removes the member.
    await page.goto(`/w/${slug}/settings/members?view=access`);
    await page.getByRole("button", { name: "Edit Rory Removed" }).click();
    await page
      .getByRole("dialog", { name: "Edit Rory Removed" })
      .getByRole("button", { name: "Remove member" })
      .click();
    const confirm = page.getByRole("alertdialog", { name: "Remove Rory Removed?" });
    await confirm.getByRole("button", { name: "Remove member" }).click();
    // Done when the dialogs have closed and the row is gone (while a dialog is open, the rest of the
    // page is hidden from the accessibility tree, so "no Edit button" alone proved nothing), and the
    // removal is in the database.
    await expect(confirm).toBeHidden();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Edit Rory Removed" })).toHaveCount(0);
    await expect
      .poll(
        async () =>
          (
            await sql<{ removed: boolean }[]>`
              select m.removed_at is not null as removed from memberships m
                join users u on u.id = m.user_id
               where m.workspace_id = ${workspace!.id} and u.email = ${memberEmail}`
          )[0]?.removed,
      )
      .toBe(true);

    // Both copies of the cookie, at their next request: that workspace "doesn't exist" (as for any
    // outsider), its route answers 404; the session itself lives on, and their own workspace opens.
    for (const copy of [memberPage, thiefPage]) {
      for (const path of [`/w/${slug}`, `/w/${slug}/usage`, `/w/${slug}/settings/notifications`]) {
        await copy.goto(path);
        await expect(copy.getByRole("heading", { name: "Page not found" }), path).toBeVisible();
        await expect(copy.getByText("Rita Remover")).toHaveCount(0);
      }
      const api = await copy.request.get(`/api/workspaces/${workspace!.id}/notifications`);
      expect(api.status()).toBe(404);
      await copy.goto(`/w/${ownSlug}`);
      await expect(copy).toHaveURL(new RegExp(`/w/${ownSlug}$`));
    }
    await thief.close();
    await member.close();
  } finally {
    await sql.end();
  }
});
