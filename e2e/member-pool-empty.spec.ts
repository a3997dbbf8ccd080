import { expect, test } from "@playwright/test";
import { createApiKey } from "./auto-top-up-helpers";
import { e2eDatabase } from "./database";
import { DEMO, collectErrors, signIn, signUp, uniqueEmail } from "./fixtures";

// When the shared pool can pay for nobody, a member's My usage says so without any amount (issue 19,
// point 1). A new Free workspace has its 100 daily credits; two generations use exactly all of them
// (3 inpaints at 12 and 8 upscales at 8 on the default rate card).

const sql = e2eDatabase();

test.afterAll(async () => {
  await sql.end();
});

test("a member sees that the workspace is out of credits, and no amounts", async ({
  page,
  browser,
  request,
}) => {
  const slug = await signUp(page, { name: "Pat Pool", email: uniqueEmail("pool-owner") });
  const key = await createApiKey(page, slug);
  await page.getByRole("button", { name: "I've copied the key" }).click();

  const memberEmail = uniqueEmail("pool-member");
  await sql`
    with u as (
      insert into users (email, name, password_hash)
      select ${memberEmail}, 'Mo Member', password_hash from users where email = ${DEMO.member.email}
      returning id)
    insert into memberships (workspace_id, user_id, role)
    select w.id, u.id, 'member' from workspaces w, u where w.slug = ${slug}`;

  const balance = await request.get("/api/v1/balance", { headers: { authorization: `Bearer ${key}` } });
  expect((await balance.json()).total).toBe(100);
  for (const [feature, model, results] of [
    ["edit", "inpaint", 3],
    ["upscale", "upscale-2x", 8],
  ] as const) {
    const spent = await request.post("/api/v1/usage", {
      headers: { authorization: `Bearer ${key}` },
      data: { idempotencyKey: `pool-${slug}-${model}`, member: memberEmail, feature, model, results },
    });
    expect(spent.status(), await spent.text()).toBe(201);
  }

  const context = await browser.newContext();
  const member = await context.newPage();
  const errors = collectErrors(member);
  await signIn(member, memberEmail);
  await member.goto(`/w/${slug}/usage`);
  await expect(member.getByTestId("pool-status")).toHaveText(
    "The workspace is out of credits; the owners have been told.",
  );
  await expect(member.getByTestId("pool-status")).not.toContainText(/\d/);
  expect(errors).toEqual([]);
  await context.close();
});
