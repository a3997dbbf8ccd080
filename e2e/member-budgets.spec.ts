import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { createApiKey } from "./auto-top-up-helpers";
import { DEMO, collectErrors, signIn } from "./fixtures";
import { demoWorkspaceId, e2eDatabase } from "./database";

// A member with a small monthly limit is warned at 80%, stopped at 100%, asks for more (the 402 links
// to the form), and hears back; an owner answers from the bell (approve) and from Manage Access (deny).

const BASE = `/w/${DEMO.workspace.slug}`;
/** One image on the demo rate card costs 24 credits: 4 are 80% of the limit, 5 all of it. */
const LIMIT = 120;

const sql = e2eDatabase();
const email = `budget-${Date.now()}@example.test`;
let membershipId = "";

test.beforeAll(async () => {
  const workspaceId = await demoWorkspaceId(sql);
  // A member of their own, signing in with the demo password (its hash is copied from a demo account).
  const [user] = await sql<{ id: string }[]>`
    insert into users (email, name, password_hash)
    select ${email}, 'Bea Budget', password_hash from users where email = ${DEMO.member.email}
    returning id`;
  const [membership] = await sql<{ id: string }[]>`
    insert into memberships (workspace_id, user_id, role, monthly_limit)
    values (${workspaceId}, ${user!.id}, 'member', ${LIMIT}) returning id`;
  membershipId = membership!.id;
});

test.afterAll(async () => {
  // Leave the demo workspace as it was for the specs after this one (the ledger keeps their history).
  await sql`update memberships set removed_at = now() where id = ${membershipId}`;
  await sql.end();
});

async function chargeImage(request: APIRequestContext, key: string) {
  return request.post("/api/v1/usage", {
    headers: { authorization: `Bearer ${key}` },
    data: {
      idempotencyKey: `budgets-e2e-${Date.now()}-${Math.random()}`,
      member: email,
      feature: "image",
      model: "imagine-standard",
      results: 1,
    },
  });
}

async function memberPage(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return { context, page };
}

async function openBell(page: Page) {
  await page.getByRole("button", { name: /^Notifications/ }).click();
  const menu = page.getByRole("menu", { name: "Notifications" });
  await expect(menu).toBeVisible();
  return menu;
}

test.describe.serial("member budgets", () => {
  let key = "";

  test("a member is warned at 80%, stopped at 100%, asks for more; the owner approves from the bell", async ({
    page,
    browser,
    request,
  }) => {
    const errors = collectErrors(page);
    await signIn(page, DEMO.owner.email);
    key = await createApiKey(page, DEMO.workspace.slug);
    await page.getByRole("button", { name: "I've copied the key" }).click();

    for (let i = 0; i < 4; i += 1) {
      const charged = await chargeImage(request, key);
      expect(charged.status(), await charged.text()).toBe(201);
    }
    const member = await memberPage(browser);
    await member.page.goto(`${BASE}/usage`);
    await expect(member.page.getByTestId("limit-status")).toHaveText(
      /^You have used 80% of your 120-credit limit this month; resets on \w{3} \d{1,2}, \d{4}\.$/,
    );
    const bell = await openBell(member.page);
    await expect(bell.getByTestId("notification-item").first()).toContainText(
      "You have used 80% of your limit",
    );
    await member.page.keyboard.press("Escape");

    // The fifth image uses the whole limit; the sixth is refused with a link to ask for more.
    expect((await chargeImage(request, key)).status()).toBe(201);
    const refused = await chargeImage(request, key);
    expect(refused.status()).toBe(402);
    const body = (await refused.json()) as { error: { code: string; details: { requestUrlPath: string } } };
    expect(body.error.code).toBe("member_limit_reached");
    expect(body.error.details.requestUrlPath).toBe("/usage?request=more");

    await member.page.goto(`${BASE}${body.error.details.requestUrlPath}`);
    await expect(member.page.getByTestId("limit-status")).toContainText(
      "You have reached your 120-credit limit",
    );
    await expect(member.page.getByLabel("Extra credits")).toBeFocused();
    await member.page.getByLabel("Extra credits").fill("48");
    await member.page.getByLabel("What they are for").fill("Finishing the spring campaign");
    await member.page.getByRole("button", { name: "Ask for more" }).click();
    await expect(member.page.getByTestId("open-request")).toContainText("You asked for 48 more credits");
    await member.page.screenshot({ path: "test-results/member-budgets-request-open.png", fullPage: true });

    // The owner answers from the bell in one click.
    await page.goto(`${BASE}`);
    const ownerBell = await openBell(page);
    const item = ownerBell.getByTestId("notification-item").filter({ hasText: "asks for 48 more credits" });
    await expect(item.first()).toContainText("Finishing the spring campaign");
    await page.screenshot({ path: "test-results/member-budgets-bell-request.png" });
    await ownerBell.getByRole("menuitem", { name: "Approve for this month" }).first().click();
    await expect(
      page.getByText("Gave Bea Budget 48 extra credits for the rest of this month."),
    ).toBeVisible();

    // The member hears back, and can spend again.
    await member.page.reload();
    await expect(member.page.getByTestId("request-answer")).toHaveText(
      "Your request for 48 more credits was approved for the rest of this month.",
    );
    const memberBell = await openBell(member.page);
    await expect(memberBell.getByTestId("notification-item").first()).toContainText(
      "Your request for more credits was approved",
    );
    await member.page.keyboard.press("Escape");
    expect((await chargeImage(request, key)).status()).toBe(201);
    await member.context.close();
    expect(errors).toEqual([]);
  });

  test("the owner denies a request with a note in Manage Access; the member reads it", async ({
    page,
    browser,
  }) => {
    const member = await memberPage(browser);
    await member.page.goto(`${BASE}/usage`);
    await member.page.getByLabel("Extra credits").fill("500");
    await member.page.getByLabel("What they are for").fill("A bigger batch of renders");
    await member.page.getByRole("button", { name: "Ask for more" }).click();
    await expect(member.page.getByTestId("open-request")).toBeVisible();

    await signIn(page, DEMO.owner.email);
    await page.goto(`${BASE}/settings/members#requests`);
    const requests = page.getByRole("region", { name: "Requests" });
    const row = requests.getByTestId("limit-request").filter({ hasText: email });
    await expect(row).toContainText("A bigger batch of renders");
    await row.getByRole("button", { name: "Deny…" }).click();
    await row.getByLabel(/Note to/).fill("Not this month, sorry");
    await row.getByRole("button", { name: "Deny request" }).click();
    await expect(page.getByText("Denied Bea Budget's request.")).toBeVisible();
    await expect(row).toHaveCount(0);

    await member.page.reload();
    await expect(member.page.getByTestId("request-answer")).toHaveText(
      "Your request for 500 more credits was denied. Note: “Not this month, sorry”",
    );
    await member.context.close();
  });

  test("the owner raises the limit from Manage Access; the member reads the answer and the new limit", async ({
    page,
    browser,
  }) => {
    const member = await memberPage(browser);
    await member.page.goto(`${BASE}/usage`);
    await member.page.getByLabel("Extra credits").fill("60");
    await member.page.getByLabel("What they are for").fill("A standing bigger share");
    await member.page.getByRole("button", { name: "Ask for more" }).click();
    await expect(member.page.getByTestId("open-request")).toBeVisible();

    await signIn(page, DEMO.owner.email);
    await page.goto(`${BASE}/settings/members#requests`);
    const row = page
      .getByRole("region", { name: "Requests" })
      .getByTestId("limit-request")
      .filter({ hasText: email });
    await row.getByRole("button", { name: `Raise limit to ${LIMIT + 60}` }).click();
    await expect(row).toHaveCount(0);
    const [membership] = await sql<{ monthly_limit: string }[]>`
      select monthly_limit from memberships where id = ${membershipId}`;
    expect(Number(membership!.monthly_limit)).toBe(LIMIT + 60);

    await member.page.reload();
    await expect(member.page.getByTestId("request-answer")).toHaveText(
      "Your request for 60 more credits was approved: your monthly limit went up.",
    );
    // The new limit, plus the 48 approved for this month in the first test.
    await expect(member.page.getByText(`${LIMIT + 60 + 48} credits`, { exact: true })).toBeVisible();
    await member.context.close();
  });
});
