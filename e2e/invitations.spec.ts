import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { DEMO, collectErrors, signIn } from "./fixtures";

const MEMBERS = `/w/${DEMO.workspace.slug}/settings/members`;

function pendingRow(page: Page, email: string): Locator {
  return page.getByRole("region", { name: "Pending invitations" }).getByTestId("pending-invitation").filter({
    hasText: email,
  });
}

/** Invites `email` through the Invite members dialog and returns the link's path (/invite/...). */
async function invite(page: Page, email: string, role: "member" | "admin" = "member"): Promise<string> {
  await page.getByRole("button", { name: "Invite members" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite members" });
  await expect(dialog.getByTestId("invite-seats-left")).toHaveText(/^\d+ of 10 seats left\./);
  await dialog.getByLabel("Email address").fill(email);
  await dialog.getByLabel("Role").selectOption(role);
  await dialog.getByRole("button", { name: "Send invitation" }).click();

  const result = page.getByRole("dialog", { name: `Invitation ready for ${email}` });
  await expect(result).toBeVisible();
  const link = await result.getByLabel("Invite link").inputValue();
  expect(link).toMatch(/^https?:\/\/[^/]+\/invite\/[A-Za-z0-9_-]{20,}$/);
  // No mail server in the tests: the dialog says the link was not sent and must be shared by hand.
  await expect(result.getByTestId("invite-email-status")).toHaveText(
    "Email isn't set up for this app, so nothing was sent. Share the link yourself.",
  );
  await expect(result).toContainText(/expires on \w{3} \d{1,2}, \d{4}/);
  await result.getByRole("button", { name: "Done" }).click();
  await expect(result).toBeHidden();
  return new URL(link).pathname;
}

/** Opens a link in a fresh browser (nobody signed in). */
async function openSignedOut(browser: Browser, path: string, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto(path);
  return { context, page };
}

test.describe("Invitations", () => {
  test("an invited person signs up from the link, joins, and the invitation is no longer pending", async ({
    page,
    browser,
    baseURL,
  }) => {
    const errors = collectErrors(page);
    const email = `invitee-${Date.now()}@example.test`;
    const name = `Ivy Invitee ${Date.now()}`;

    await signIn(page, DEMO.owner.email);
    await page.goto(MEMBERS);
    const seatsBefore = await page.getByTestId("seats-used").innerText();
    const path = await invite(page, email);

    // It holds a seat and is listed as pending, with who sent it.
    await expect(pendingRow(page, email)).toContainText("Member");
    await expect(pendingRow(page, email)).toContainText(DEMO.owner.name);
    const taken = (text: string) => Number(text.split(" ")[0]);
    await expect
      .poll(async () => taken(await page.getByTestId("seats-used").innerText()))
      .toBe(taken(seatsBefore) + 1);

    // The invitee, in a browser of their own, signs up from the link and lands in the workspace.
    const invitee = await openSignedOut(browser, path, baseURL);
    await expect(invitee.page.getByRole("heading", { name: `Join ${DEMO.workspace.name}` })).toBeVisible();
    await expect(invitee.page.getByTestId("invited-email")).toHaveText(email);
    await invitee.page.getByLabel("Your name").fill(name);
    await invitee.page.getByLabel("Password", { exact: true }).fill("invitee-password-1");
    await invitee.page.getByRole("button", { name: "Create account and join" }).click();
    await invitee.page.waitForURL(new RegExp(`/w/${DEMO.workspace.slug}$`));
    await invitee.context.close();

    // The owner sees them in Manage Access, and the invitation is gone from the pending list.
    await page.goto(`${MEMBERS}?view=access&q=${encodeURIComponent(email)}`);
    const row = page.getByRole("table", { name: "Manage Access" }).getByTestId("member-row");
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(name);
    await expect(row).toContainText(email);
    await expect(row).toContainText("Member");
    await expect(pendingRow(page, email)).toHaveCount(0);

    // The link worked once.
    const again = await openSignedOut(browser, path, baseURL);
    await expect(
      again.page.getByRole("heading", { name: "This invitation has already been used" }),
    ).toBeVisible();
    await again.context.close();

    // The owner removes them again, with the keyboard only. Their row goes, the seat is free again,
    // and focus lands on the table's heading rather than falling back to the top of the page.
    await page.getByRole("button", { name: `Edit ${name}` }).focus();
    await page.keyboard.press("Enter");
    const editor = page.getByRole("dialog", { name: `Edit ${name}` });
    await expect(editor.getByLabel("Role")).toBeEnabled();
    await editor.getByRole("button", { name: "Remove member" }).focus();
    await page.keyboard.press("Enter");
    const confirm = page.getByRole("alertdialog", { name: `Remove ${name}?` });
    await confirm.getByRole("button", { name: "Remove member" }).focus();
    await page.keyboard.press("Enter");
    await expect(row).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Manage Access" })).toBeFocused();
    await expect
      .poll(async () => taken(await page.getByTestId("seats-used").innerText()))
      .toBe(taken(seatsBefore));

    expect(errors).toEqual([]);
  });

  test("resending makes a new link and retires the old one; a revoked link says so", async ({
    page,
    browser,
    baseURL,
  }) => {
    const errors = collectErrors(page);
    const email = `revoked-${Date.now()}@example.test`;

    await signIn(page, DEMO.owner.email);
    await page.goto(MEMBERS);
    const firstPath = await invite(page, email, "admin");
    await expect(pendingRow(page, email)).toContainText("Admin");

    // Resend: a fresh link is shown; the first one stops working.
    await pendingRow(page, email)
      .getByRole("button", { name: `Resend the invitation for ${email}` })
      .click();
    const resent = page.getByRole("dialog", { name: `New link for ${email}` });
    await expect(resent).toBeVisible();
    const secondPath = new URL(await resent.getByLabel("Invite link").inputValue()).pathname;
    expect(secondPath).not.toBe(firstPath);
    await resent.getByRole("button", { name: "Done" }).click();

    const old = await openSignedOut(browser, firstPath, baseURL);
    await expect(old.page.getByRole("heading", { name: "This invitation link is not valid" })).toBeVisible();
    await old.context.close();

    // Revoke, after confirming.
    await pendingRow(page, email)
      .getByRole("button", { name: `Revoke the invitation for ${email}` })
      .click();
    const confirm = page.getByRole("alertdialog", { name: `Revoke the invitation for ${email}?` });
    await expect(confirm).toBeVisible();
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(pendingRow(page, email)).toHaveCount(1);

    await pendingRow(page, email)
      .getByRole("button", { name: `Revoke the invitation for ${email}` })
      .click();
    await confirm.getByRole("button", { name: "Revoke invitation" }).click();
    await expect(confirm).toBeHidden();
    await expect(pendingRow(page, email)).toHaveCount(0);

    const revoked = await openSignedOut(browser, secondPath, baseURL);
    await expect(revoked.page.getByRole("heading", { name: "This invitation was withdrawn" })).toBeVisible();
    await expect(revoked.page.getByRole("button", { name: /join/i })).toHaveCount(0);
    await revoked.context.close();

    expect(errors).toEqual([]);
  });

  test("inviting someone who is already a member is refused with a message under the email", async ({
    page,
  }) => {
    await signIn(page, DEMO.owner.email);
    await page.goto(MEMBERS);
    await page.getByRole("button", { name: "Invite members" }).click();
    const dialog = page.getByRole("dialog", { name: "Invite members" });
    await dialog.getByLabel("Email address").fill(DEMO.member.email);
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    await expect(dialog.getByText("Already a member")).toBeVisible();
    await expect(dialog.getByLabel("Email address")).toHaveAttribute("aria-invalid", "true");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
  });
});
