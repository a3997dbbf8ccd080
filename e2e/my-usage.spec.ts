import { expect, type Locator } from "@playwright/test";
import { collectErrors, DEMO, signIn, test, startCalendarClock } from "./fixtures";

const USAGE = `/w/${DEMO.workspace.slug}/usage`;

/** "15,000" -> 15000; fails on anything that is not a whole number of credits. */
async function readCredits(locator: Locator): Promise<number> {
  const text = (await locator.innerText()).replace(/\s+credits$/, "").trim();
  expect(text, `"${text}" should be a whole number of credits`).toMatch(/^\d{1,3}(,\d{3})*$/);
  return Number(text.replaceAll(",", ""));
}

test.describe("My usage", () => {
  test("a member sees their allowance and their own generations, and nothing of the workspace's money", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await signIn(page, DEMO.member.email);
    const response = await page.goto(USAGE);
    expect(response?.status()).toBe(200);

    await expect(page.getByRole("heading", { level: 1, name: "My usage" })).toBeVisible();
    const allowance = page.getByRole("region", { name: "This month" });
    await expect(allowance).toBeVisible();

    // Used / limit / remaining add up; the seed gives Maya a 15,000 limit.
    const used = await readCredits(allowance.getByTestId("allowance-used"));
    const limit = await readCredits(allowance.getByTestId("allowance-limit"));
    const remaining = await readCredits(allowance.getByTestId("allowance-remaining"));
    expect(limit).toBe(15_000);
    expect(remaining).toBe(Math.max(limit - used, 0));
    await expect(
      allowance.getByRole("progressbar", { name: "Share of the monthly limit used" }),
    ).toHaveAttribute("aria-valuetext", `${used.toLocaleString("en-US")} of 15,000 credits used`);

    // The reset date, and a countdown that runs in the browser.
    await expect(allowance.getByTestId("allowance-resets-at")).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);
    // The time left in words, not a ticking clock: days, and hours only in the last day (issue 17).
    await expect(allowance.getByTestId("reset-countdown")).toHaveText(
      /^in (\d+ days?|\d+ hours?|\d+ minutes?|less than a minute)$/,
    );

    // Her generations, newest first, each with what it cost.
    const generations = page.getByRole("table", { name: "Recent generations" });
    const rows = generations.getByTestId("generation-row");
    expect(await rows.count()).toBeGreaterThan(0);
    await expect(generations.getByRole("columnheader", { name: /Time/ })).toBeVisible();
    await expect(generations.getByRole("columnheader", { name: "Credits" })).toBeVisible();
    const times = await rows
      .locator("td:first-child time")
      .evaluateAll((nodes) => nodes.map((node) => Date.parse(node.getAttribute("datetime") ?? "")));
    expect(times.every((t) => !Number.isNaN(t))).toBe(true);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // Every cost is a whole number of credits.
    for (const cell of await rows.getByTestId("generation-credits").all()) await readCredits(cell);

    // Nothing about the workspace's balance or money.
    const body = page.locator("body");
    await expect(body).not.toContainText("Current balance");
    await expect(body).not.toContainText("Lifetime added");
    await expect(body).not.toContainText("Lifetime spent");
    // Members get no member picker.
    await expect(page.getByLabel("Member", { exact: true })).toHaveCount(0);

    // Older generations, a page at a time (the seed gives her more than one page); the cursor is in the URL.
    await page.getByRole("link", { name: "Older generations →" }).click();
    await expect(page).toHaveURL(/[?&]cursor=\d+/);
    await expect(page.getByRole("link", { name: "← Newest" })).toBeVisible();
    const oldest = times.at(-1)!;
    const nextTimes = await rows
      .locator("td:first-child time")
      .evaluateAll((nodes) => nodes.map((node) => Date.parse(node.getAttribute("datetime") ?? "")));
    expect(nextTimes.length).toBeGreaterThan(0);
    expect(nextTimes.every((t) => t <= oldest)).toBe(true);
    await page.getByRole("link", { name: "← Newest" }).click();
    await expect(page).toHaveURL(new RegExp(`${USAGE}$`));

    expect(errors).toEqual([]);
  });

  test("a member asking for someone else's usage is refused and sees none of it", async ({
    page,
    browser,
  }) => {
    // The owner's picker lists every member; take Leo's membership id from it.
    const ownerContext = await browser.newContext();
    const owner = await ownerContext.newPage();
    await startCalendarClock(owner);
    await signIn(owner, DEMO.owner.email);
    await owner.goto(USAGE);
    const picker = owner.getByLabel("Member", { exact: true });
    const leoId = await picker.locator("option", { hasText: "Leo Laurent" }).getAttribute("value");
    expect(leoId).toMatch(/^[0-9a-f-]{36}$/);

    // Owners may look: Leo's page shows his figures.
    await picker.selectOption(leoId!);
    await owner.getByRole("button", { name: "Show usage" }).click();
    await expect(owner).toHaveURL(new RegExp(`member=${leoId}`));
    await expect(owner.getByRole("heading", { level: 1, name: "Leo Laurent's usage" })).toBeVisible();
    const leoAllowance = owner.getByRole("region", { name: "This month" });
    await expect(leoAllowance.getByTestId("allowance-used")).toHaveText(/^\d{1,3}(,\d{3})*$/);
    await expect(leoAllowance.getByTestId("allowance-limit")).toHaveText(/^(\d{1,3}(,\d{3})*|Unlimited)$/);
    await ownerContext.close();

    await signIn(page, DEMO.member.email);
    for (const member of [leoId!, "00000000-0000-4000-8000-000000000000", "not-an-id"]) {
      await page.goto(`${USAGE}?member=${encodeURIComponent(member)}`);
      await expect(page.getByTestId("forbidden-notice")).toBeVisible();
      await expect(page.getByText("You can only see your own usage")).toBeVisible();
      await expect(page.locator("body")).not.toContainText("Leo Laurent");
      await expect(page.getByTestId("allowance-used")).toHaveCount(0);
      await expect(page.getByTestId("generation-row")).toHaveCount(0);
    }
  });
});
