import { readFile } from "node:fs/promises";
import { expect, type Page } from "@playwright/test";
import { createApiKey } from "./auto-top-up-helpers";
import { e2eDatabase } from "./database";
import { DEMO, collectErrors, signUp, test, uniqueEmail } from "./fixtures";
import { enterpriseWorkspace } from "./workspaces";

// Analytics' member table shows 25 members a page (?page=), in the order chosen, with the total: a
// 500-member workspace's page is not 500 rows of server render (issue 20, docs/PERFORMANCE.md).

const sql = e2eDatabase();

test.afterAll(async () => {
  await sql.end();
});

const MEMBERS = 27;
const nameOf = (i: number) => `Pager ${String(i).padStart(2, "0")}`;

function memberTable(page: Page) {
  return page.getByTestId("by-member");
}

async function shownNames(page: Page): Promise<string[]> {
  const names = await memberTable(page).getByTestId("breakdown-row").locator("th a").allInnerTexts();
  return names.map((name) => name.trim());
}

test("an empty workspace's member table says so, with no page links, whatever the page number", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const slug = await signUp(page, { name: "Emma Empty", email: uniqueEmail("analytics-empty") });
  for (const query of ["", "?page=2", "?page=-1", "?page=99999999999999999999"]) {
    const response = await page.goto(`/w/${slug}/analytics${query}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByText("No member used credits in this period")).toBeVisible();
    await expect(page.getByText("0 members used credits in this period")).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Member pages" })).toHaveCount(0);
  }
  expect(errors).toEqual([]);
});

test("pages through 27 members 25 at a time, by keyboard, keeping the sort, and reads a hostile page number as a page that exists", async ({
  page,
  request,
}) => {
  // Under load (2 cores shared by four engineers) its sign-up, upgrade, 27 spends and ~20 pages take minutes.
  test.setTimeout(300_000);
  const errors = collectErrors(page);
  const { slug } = await enterpriseWorkspace(page, "Pia Pager");
  const key = await createApiKey(page, slug);
  await page.getByRole("button", { name: "I've copied the key" }).click();

  // Member i makes i upscales (8 credits each), so the order by credits is Pager 27 … Pager 01.
  const emails = Array.from({ length: MEMBERS }, (_, i) => uniqueEmail(`pager-${i + 1}`));
  for (const [i, email] of emails.entries()) {
    await sql`
      with u as (
        insert into users (email, name, password_hash)
        select ${email}, ${nameOf(i + 1)}, password_hash from users where email = ${DEMO.member.email}
        returning id)
      insert into memberships (workspace_id, user_id, role)
      select w.id, u.id, 'member' from workspaces w, u where w.slug = ${slug}`;
  }
  const spends = await Promise.all(
    emails.map((member, i) =>
      request.post("/api/v1/usage", {
        headers: { authorization: `Bearer ${key}` },
        data: {
          idempotencyKey: `pager-${slug}-${i}`,
          member,
          feature: "upscale",
          model: "upscale-2x",
          results: i + 1,
        },
      }),
    ),
  );
  for (const spent of spends) expect(spent.status(), await spent.text()).toBe(201);

  const analytics = `/w/${slug}/analytics`;
  await page.goto(analytics);
  await expect(page.getByText(`${MEMBERS} members used credits in this period`)).toBeVisible();
  const pages = page.getByRole("navigation", { name: "Member pages" });
  await expect(pages.getByTestId("member-page-status")).toHaveText(`1–25 of ${MEMBERS} members, page 1 of 2`);
  const first = await shownNames(page);
  expect(first).toEqual(Array.from({ length: 25 }, (_, i) => nameOf(MEMBERS - i)));
  await expect(pages.getByRole("link", { name: "← Previous" })).toHaveCount(0);

  // The next page, by keyboard.
  await pages.getByRole("link", { name: "Next →" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/[?&]page=2(&|$)/);
  await expect(pages.getByTestId("member-page-status")).toHaveText(
    `26–27 of ${MEMBERS} members, page 2 of 2`,
  );
  expect(await shownNames(page)).toEqual([nameOf(2), nameOf(1)]);
  await expect(pages.getByRole("link", { name: "Next →" })).toHaveCount(0);
  await expect(memberTable(page)).toHaveAccessibleName("Usage by member, page 2 of 2");

  // Every member is on one page or the other, and their credits add up to the total.
  const total = Number((await page.getByTestId("total-credits").innerText()).replace(/\D/g, ""));
  expect(total).toBe(8 * ((MEMBERS * (MEMBERS + 1)) / 2));

  // Back, by keyboard.
  await pages.getByRole("link", { name: "← Previous" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).not.toHaveURL(/page=/);
  await expect(pages.getByTestId("member-page-status")).toHaveText(`1–25 of ${MEMBERS} members, page 1 of 2`);

  // Sorted by name, the pages keep the sort; a new sort starts again at page 1.
  await memberTable(page).getByRole("link", { name: "Member, sort ascending" }).click();
  await expect(page).toHaveURL(/sort=name/);
  await expect.poll(() => shownNames(page).then((names) => names[0])).toBe(nameOf(1));
  await pages.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/sort=name&dir=asc&page=2/);
  await expect.poll(() => shownNames(page)).toEqual([nameOf(26), nameOf(27)]);
  await memberTable(page).getByRole("link", { name: "Credits, sort descending" }).click();
  await expect(page).not.toHaveURL(/page=/);
  await expect.poll(() => shownNames(page).then((names) => names[0])).toBe(nameOf(MEMBERS));

  // Hostile page numbers: malformed reads as page 1, past the end as the last page, never an error.
  for (const [query, status] of [
    ["page=0", "1–25"],
    ["page=-1", "1–25"],
    ["page=abc", "1–25"],
    ["page=1e3", "1–25"],
    ["page=2.5", "1–25"],
    ["page=99999999999999999999", "1–25"],
    [`page=${"9".repeat(400)}`, "1–25"],
    ["page=%00", "1–25"],
    ["page=3", "26–27"],
    ["page=1000", "26–27"],
    ["page=2&page=x", "26–27"],
  ] as const) {
    const response = await page.goto(`${analytics}?${query}`);
    expect(response?.status(), query).toBe(200);
    await expect(pages.getByTestId("member-page-status"), query).toContainText(`${status} of ${MEMBERS}`);
  }

  // The CSV export has every member, not the page on screen.
  await page.goto(`${analytics}?page=2`);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const lines = (await readFile(await (await download).path(), "utf8")).trim().split("\n");
  expect(lines.filter((line) => line.startsWith("member,"))).toHaveLength(MEMBERS);
  expect(errors).toEqual([]);
});
