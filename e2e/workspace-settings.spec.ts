import { expect, test } from "@playwright/test";
import { collectErrors, DEMO, signIn, signUp, uniqueEmail } from "./fixtures";

test("an owner renames their workspace and sets its time zone", async ({ page }) => {
  const errors = collectErrors(page);
  // A workspace of its own, so Northwind (which other specs rely on) stays as it is.
  const original = `Rename Me ${Date.now()}`;
  const slug = await signUp(page, {
    name: "Rita Renamer",
    email: uniqueEmail("rename"),
    workspaceName: original,
  });

  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "General" }).click();
  await expect(page).toHaveURL(`/w/${slug}/settings/general`);
  await expect(page.getByRole("link", { name: "General" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("workspace-name")).toHaveText(original);
  await expect(page.getByTestId("workspace-plan")).toHaveText("Free");

  const renamed = `Renamed ${Date.now()}`;
  await page.getByLabel("Workspace name", { exact: true }).fill(renamed);
  await page.getByLabel("Time zone", { exact: true }).selectOption("Asia/Tokyo");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Workspace settings saved.")).toBeVisible();

  await page.reload();
  await expect(page.getByTestId("workspace-name")).toHaveText(renamed);
  await expect(page.getByTestId("workspace-time-zone")).toContainText("Asia/Tokyo");
  await expect(page.getByLabel("Workspace name", { exact: true })).toHaveValue(renamed);
  await expect(page.getByLabel("Time zone", { exact: true })).toHaveValue("Asia/Tokyo");
  // The slug stays, so links keep working; the team dropdown shows the new name.
  await expect(page).toHaveURL(`/w/${slug}/settings/general`);
  await expect(page.getByRole("button", { name: `Workspace: ${renamed}. Switch workspace` })).toBeVisible();

  expect(errors).toEqual([]);
});

test("an owner creates a second workspace from the team dropdown, switches, and deletes it", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const first = `First ${Date.now()}`;
  const firstSlug = await signUp(page, {
    name: "Tess Teams",
    email: uniqueEmail("teams"),
    workspaceName: first,
  });

  await page.getByRole("button", { name: `Workspace: ${first}. Switch workspace` }).click();
  await page.getByRole("menuitem", { name: "Create workspace" }).click();
  const dialog = page.getByRole("dialog", { name: "Create workspace" });
  const second = `Second ${Date.now()}`;
  await dialog.getByLabel("Workspace name", { exact: true }).fill(second);
  await dialog.getByRole("button", { name: "Create workspace" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: `Workspace: ${second}. Switch workspace` })).toBeVisible();
  const secondSlug = new URL(page.url()).pathname.split("/")[2]!;
  expect(secondSlug).not.toBe(firstSlug);

  // Switch back through the dropdown.
  await page.getByRole("button", { name: `Workspace: ${second}. Switch workspace` }).click();
  await page.getByRole("menuitemradio", { name: new RegExp(first) }).click();
  await expect(page).toHaveURL(`/w/${firstSlug}`);

  // Delete the second one: the name must be typed first.
  await page.goto(`/w/${secondSlug}/settings/general`);
  await page.getByRole("button", { name: "Delete workspace" }).click();
  const confirm = page.getByRole("alertdialog", { name: `Delete ${second}?` });
  const deleteButton = confirm.getByRole("button", { name: "Delete workspace" });
  await expect(deleteButton).toBeDisabled();
  await confirm.getByLabel(/to confirm/).fill(second);
  await deleteButton.click();
  await expect(page).toHaveURL(`/w/${firstSlug}`);
  await page.goto(`/w/${secondSlug}`);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();

  expect(errors.filter((error) => !error.includes("404"))).toEqual([]);
});

test("a member sees General read-only", async ({ page }) => {
  const errors = collectErrors(page);
  await signIn(page, DEMO.member.email);
  await page.goto(`/w/${DEMO.workspace.slug}/settings/general`);

  await expect(page.getByRole("heading", { level: 1, name: "General" })).toBeVisible();
  await expect(page.getByTestId("workspace-name")).toHaveText(DEMO.workspace.name);
  await expect(page.getByTestId("workspace-time-zone")).toContainText("Europe/Berlin");
  await expect(page.getByTestId("workspace-plan")).toHaveText("Pro");
  await expect(page.getByTestId("workspace-seats")).toContainText(/\d+ of \d+ used/);
  await expect(page.getByText("Read only")).toBeVisible();

  await expect(page.getByRole("textbox", { name: "Workspace name" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete workspace" })).toHaveCount(0);

  expect(errors).toEqual([]);
});
