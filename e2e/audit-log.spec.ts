import { expect, test } from "@playwright/test";
import { DEMO, collectErrors, signIn, signUp, uniqueEmail } from "./fixtures";

test.describe("Audit log", () => {
  test("an owner's changes are listed with who, when and before → after, and can be filtered", async ({
    page,
  }) => {
    const errors = collectErrors(page);

    // A workspace of its own, so nothing here depends on (or changes) the demo workspace.
    const stamp = Date.now();
    const original = `Audit Original ${stamp}`;
    const renamed = `Audit Renamed ${stamp}`;
    const email = uniqueEmail("audit");
    const slug = await signUp(page, { name: "Avery Auditor", email, workspaceName: original });
    const auditLog = `/w/${slug}/settings/audit-log`;

    await page.goto(auditLog);
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    await expect(page.getByText("No changes recorded yet")).toBeVisible();

    // Rename the workspace and move it to another time zone in one save: two recorded changes.
    await page.goto(`/w/${slug}/settings/general`);
    await page.getByLabel("Workspace name", { exact: true }).fill(renamed);
    const zoneSelect = page.getByLabel("Time zone", { exact: true });
    const zone = (await zoneSelect.inputValue()) === "Asia/Tokyo" ? "Pacific/Auckland" : "Asia/Tokyo";
    await zoneSelect.selectOption(zone);
    await page.getByRole("button", { name: /^Save/ }).click();
    await expect(page.getByText("Workspace settings saved.")).toBeVisible();

    await page.goto(auditLog);
    const events = page.getByTestId("audit-event");
    await expect(events).toHaveCount(2);
    const rename = events.filter({ hasText: "Renamed the workspace" });
    await expect(rename.getByTestId("audit-sentence")).toHaveText(
      `Renamed the workspace from ${original} to ${renamed}`,
    );
    await expect(rename).toContainText("Avery Auditor");
    // When: shown in the workspace's (new) time zone.
    const when = rename.locator("td time").first();
    const at = await when.getAttribute("datetime");
    expect(at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    await expect(when).toHaveText(
      new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: zone }).format(
        new Date(at!),
      ),
    );
    await expect(
      events.filter({ hasText: "Changed the time zone" }).getByTestId("audit-sentence"),
    ).toHaveText(new RegExp(`^Changed the time zone from .+ to ${zone}$`));
    await expect(page.getByText(`time zone, ${zone}`, { exact: false })).toBeVisible();

    // Filter by action: the URL carries it and only that kind of event is left.
    await page.getByLabel("Action", { exact: true }).selectOption({ label: "Workspace renamed" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/[?&]action=workspace\.renamed(&|$)/);
    await expect(events).toHaveCount(1);
    await expect(events.first()).toHaveAttribute("data-action", "workspace.renamed");
    await expect(page.getByLabel("Action", { exact: true })).toHaveValue("workspace.renamed");

    // The filtered view is a link: loading it again gives the same result.
    await page.reload();
    await expect(events).toHaveCount(1);

    // Filter by who made the change, on top of the action.
    await page.getByLabel("Changed by", { exact: true }).selectOption({ label: `Avery Auditor (${email})` });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/[?&]actor=[0-9a-f-]{36}/);
    await expect(events).toHaveCount(1);

    // Dates are days in the workspace's time zone: "today" there holds both changes.
    // (the day the changes were saved, not the test's "now", which may be past midnight there by now)
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(new Date(at!));
    await page.goto(`${auditLog}?from=${today}&to=${today}`);
    await expect(events).toHaveCount(2);

    // A date range with nothing in it says so and offers a way back.
    await page.goto(`${auditLog}?from=2099-01-01&to=2099-01-31`);
    await expect(page.getByText("No events match these filters")).toBeVisible();
    await expect(page.getByLabel("From", { exact: true })).toHaveValue("2099-01-01");
    await page.getByRole("link", { name: "Clear the filters" }).click();
    await expect(page).toHaveURL(new RegExp(`${auditLog}$`));
    await expect(events).toHaveCount(2);

    expect(errors).toEqual([]);
  });

  test("the demo workspace's log names the member whose limit changed", async ({ page }) => {
    await signIn(page, DEMO.owner.email);
    await page.goto("/w/northwind/settings/audit-log?action=member.limit_changed");
    await expect(page.getByLabel("Action", { exact: true })).toHaveValue("member.limit_changed");
    const events = page.getByTestId("audit-event");
    await expect(events.first()).toBeVisible();
    for (const action of await events.evaluateAll((rows) =>
      rows.map((row) => row.getAttribute("data-action")),
    )) {
      expect(action).toBe("member.limit_changed");
    }
    // The seed's change to Leo's limit, as a sentence and as before → after.
    const leo = events.filter({ hasText: /Changed Leo Laurent's monthly limit from 4,000 to [\d,]+/ }).last();
    await expect(leo).toBeVisible();
    await expect(leo).toContainText(DEMO.owner.name);
    await expect(leo.getByRole("listitem")).toContainText(/^Monthly limit\s*4,000\W*changed to\s*[\d,]+$/);
  });

  test("a member cannot open the audit log, even by link", async ({ page }) => {
    await signIn(page, DEMO.member.email);
    const response = await page.goto("/w/northwind/settings/audit-log");
    expect(response?.status()).toBeLessThan(500);
    await expect(page.getByTestId("forbidden-notice")).toContainText(
      "You need to be an owner or admin to see this",
    );
    await expect(page.getByTestId("audit-event")).toHaveCount(0);
    await expect(page.getByLabel("Action", { exact: true })).toHaveCount(0);
  });
});
