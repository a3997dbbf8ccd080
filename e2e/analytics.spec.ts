import { readFile } from "node:fs/promises";
import { expect, type Page } from "@playwright/test";
import { collectErrors, DEMO, signIn, test } from "./fixtures";

const ANALYTICS = `/w/${DEMO.workspace.slug}/analytics`;
const USAGE = `/w/${DEMO.workspace.slug}/usage`;

/** "12,400 credits" -> 12400 */
async function readNumber(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).innerText()).replace(/\s+credits$/, "").trim();
  expect(text).toMatch(/^\d{1,3}(,\d{3})*$/);
  return Number(text.replaceAll(",", ""));
}

async function chartBars(page: Page): Promise<number> {
  return page.locator('[aria-label^="Credits per day"] .recharts-bar-rectangle').count();
}

test.describe("Analytics", () => {
  test("a range outside 2000–2100 falls back to the last 30 days at once, on Analytics and My usage", async ({
    page,
  }) => {
    // This URL once looped forever on the server (every later request hung with it).
    const errors = collectErrors(page);
    await signIn(page, DEMO.owner.email);
    for (const base of [ANALYTICS, USAGE]) {
      for (const query of [
        "range=custom&from=9999-01-01&to=9999-12-31",
        "range=custom&from=0000-01-01&to=9998-12-31",
      ]) {
        const response = await page.goto(`${base}?${query}`, { timeout: 10_000 });
        expect(response?.status()).toBe(200);
        await expect(page.getByRole("button", { name: "Last 30 days" })).toHaveAttribute(
          "aria-pressed",
          "true",
        );
      }
    }
    expect(errors).toEqual([]);
  });

  test("changing the range changes the totals and the charts, and the URL keeps the view", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await signIn(page, DEMO.owner.email);
    await page.goto(`/w/${DEMO.workspace.slug}`);
    await page.getByRole("link", { name: "Analytics" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Analytics" })).toBeVisible();

    await page.getByRole("button", { name: "Last 7 days" }).click();
    await expect(page).toHaveURL(/range=7d/);
    const week = await readNumber(page, "total-credits");
    const weekBars = await chartBars(page);
    expect(week).toBeGreaterThan(0);

    await page.getByRole("button", { name: "Last 90 days" }).click();
    await expect(page).toHaveURL(/range=90d/);
    await expect.poll(() => readNumber(page, "total-credits")).toBeGreaterThan(week);
    expect(await chartBars(page)).toBeGreaterThan(weekBars);
    const quarter = await readNumber(page, "total-credits");

    // The breakdowns add up to the total.
    const sumOf = async (table: string) => {
      const cells = await page.getByTestId(table).getByTestId("row-credits").allInnerTexts();
      return cells.reduce((s, t) => s + Number(t.replaceAll(",", "")), 0);
    };
    expect(await sumOf("by-model")).toBe(quarter);
    expect(await sumOf("by-feature")).toBe(quarter);
    expect(await sumOf("by-member")).toBe(quarter);

    // Stack by model; a filter narrows everything; the URL holds it all.
    await page.getByRole("link", { name: "By model" }).click();
    await expect(page).toHaveURL(/stack=model/);
    await page.getByLabel("Feature", { exact: true }).selectOption("video");
    await expect(page).toHaveURL(/feature=video/);
    await expect.poll(() => readNumber(page, "total-credits")).toBeLessThan(quarter);
    const video = await readNumber(page, "total-credits");
    await page.reload();
    expect(await readNumber(page, "total-credits")).toBe(video);
    await expect(page.getByLabel("Feature", { exact: true })).toHaveValue("video");

    // A custom range through the date picker.
    await page.getByRole("button", { name: "Custom range" }).click();
    await expect(page.getByRole("grid").first()).toBeVisible();
    expect(errors).toEqual([]);
  });

  test("exports what is on screen as CSV", async ({ page }) => {
    await signIn(page, DEMO.owner.email);
    await page.goto(`${ANALYTICS}?range=30d&stack=model`);
    const total = await readNumber(page, "total-credits");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const file = await (await download).path();
    const lines = (await readFile(file, "utf8")).trim().split("\n");
    expect(lines[0]).toBe("section,from,to,day,model,feature,member,member_email,generations,credits,share");
    const rows = lines.slice(1).map((line) => line.split(","));
    const credits = (section: string) =>
      rows.filter((r) => r[0] === section).reduce((s, r) => s + Number(r[9]), 0);
    expect(credits("total")).toBe(total);
    expect(credits("day")).toBe(total);
    expect(credits("model")).toBe(total);
    expect(credits("member")).toBe(total);
    const memberRows = await page.getByTestId("by-member").getByTestId("breakdown-row").count();
    expect(rows.filter((r) => r[0] === "member")).toHaveLength(memberRows);
  });

  test("a member sees only their own usage and no Analytics", async ({ page }) => {
    await signIn(page, DEMO.member.email);
    await page.goto(USAGE);
    await expect(page.getByRole("link", { name: "Analytics" })).toHaveCount(0);
    // Their usage over a range, by model and feature.
    await page.getByRole("button", { name: "Last 90 days" }).click();
    await expect(page).toHaveURL(/range=90d/);
    await expect(page.getByTestId("by-model").getByTestId("breakdown-row").first()).toBeVisible();
    await expect(page.getByTestId("by-member")).toHaveCount(0);
    expect((await page.goto(ANALYTICS))?.status()).toBe(200);
    await expect(page.getByTestId("forbidden-notice")).toBeVisible();
    await expect(page.getByTestId("total-credits")).toHaveCount(0);
    const response = await page.request.get("/api/workspaces/not-a-workspace/analytics/export");
    expect(response.status()).toBe(404);
  });

  test("the custom date picker opens on the range shown and a click on a complete range starts a new one", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await signIn(page, DEMO.owner.email);
    // The label without its time zone: what the picker's own summary should say.
    const shownRange = async () =>
      (await page.getByTestId("range-label").innerText()).split(" · ")[0]?.trim();
    const picked = page.getByTestId("picked-range");

    // A preset changes the range after the page loaded: the picker opens on it, not on the old one.
    await page.goto(`${ANALYTICS}?range=custom&from=2026-01-05&to=2026-01-09`);
    await page.getByRole("button", { name: "Last 7 days" }).click();
    await expect(page).toHaveURL(/range=7d/);
    await page.getByRole("button", { name: "Custom range" }).click();
    await expect(picked).toHaveText((await shownRange()) ?? "");
    await page.getByRole("button", { name: "Cancel", exact: true }).click();

    // On a fixed past range: a click starts a new range there instead of stretching the old one.
    await page.goto(`${ANALYTICS}?range=custom&from=2026-01-05&to=2026-01-09`);
    await page.getByRole("button", { name: "Custom range" }).click();
    await expect(picked).toHaveText((await shownRange()) ?? "");
    await page.getByRole("button", { name: /January 20th, 2026/ }).click();
    await expect(picked).toHaveText("Tue, Jan 20, 2026 – Tue, Jan 20, 2026");
    await page.getByRole("button", { name: /January 22nd, 2026/ }).click();
    await expect(picked).toHaveText("Tue, Jan 20, 2026 – Thu, Jan 22, 2026");
    await page.getByRole("button", { name: "Apply range" }).click();
    await expect(page).toHaveURL(/from=2026-01-20&to=2026-01-22/);
    expect(errors).toEqual([]);
  });
});

test("screenshots of Analytics and My usage at desktop and mobile widths", async ({ page }) => {
  await signIn(page, DEMO.owner.email);
  for (const [name, width] of [
    ["desktop", 1280],
    ["mobile", 390],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${ANALYTICS}?range=90d`);
    await expect(page.getByTestId("total-credits")).toBeVisible();
    await page.screenshot({ path: `test-results/analytics-${name}.png`, fullPage: true });
    await page.goto(`${USAGE}?range=90d`);
    await page.screenshot({ path: `test-results/usage-${name}.png`, fullPage: true });
  }
});
