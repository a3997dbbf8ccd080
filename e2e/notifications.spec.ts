import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { DEMO, collectErrors, signIn } from "./fixtures";

const BASE = `/w/${DEMO.workspace.slug}`;
const NOTIFICATIONS = `${BASE}/settings/notifications`;

/** A metering API key for the workspace, made through the API keys page. */
async function createApiKey(page: Page): Promise<string> {
  await page.goto(`${BASE}/settings/api-keys`);
  await page.getByRole("button", { name: "Create API key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create API key" });
  await dialog.getByLabel("Name").fill(`Notifications e2e ${Date.now()}`);
  await dialog.getByRole("button", { name: "Create key" }).click();
  const secretDialog = page.getByRole("dialog", { name: "Your new API key" });
  const key = await secretDialog.getByTestId("api-key-secret").inputValue();
  await secretDialog.getByRole("button", { name: "I've copied the key" }).click();
  return key;
}

async function chargeImage(request: APIRequestContext, key: string) {
  const response = await request.post("/api/v1/usage", {
    headers: { authorization: `Bearer ${key}` },
    data: {
      idempotencyKey: `notifications-e2e-${Date.now()}-${Math.random()}`,
      member: DEMO.owner.email,
      feature: "image",
      model: "imagine-standard",
      results: 1,
    },
  });
  expect(response.status()).toBe(201);
}

/** The bell's unread count, read from its accessible name ("Notifications, 3 unread"). */
async function unreadCount(page: Page): Promise<number> {
  const bell = page.getByRole("button", { name: /^Notifications,/ });
  // The bell says its count only once it has loaded.
  await expect(bell).toHaveAttribute("aria-label", /unread$/);
  const name = (await bell.getAttribute("aria-label")) ?? "";
  return /(\d+) unread/.test(name) ? Number(/(\d+) unread/.exec(name)?.[1]) : 0;
}

function unreadName(count: number): string {
  return `Notifications, ${count === 0 ? "no" : count} unread`;
}

async function setLowBalanceThreshold(page: Page, value: number | string) {
  await page.goto(`${BASE}/settings/billing`);
  const form = page.getByRole("region", { name: "Low Balance alert" });
  await form.getByLabel("Warn when credits are at or below").fill(String(value));
  await form.getByRole("button", { name: "Save threshold" }).click();
  await expect(page.getByText(/The Low Balance badge now shows at/)).toBeVisible();
}

test.describe("credit notifications", () => {
  test("spending through the API past the threshold rings the bell; the owner reads it", async ({
    page,
    request,
  }) => {
    const errors = collectErrors(page);
    await signIn(page, DEMO.owner.email);
    const bell = page.getByRole("button", { name: /^Notifications,/ });
    const key = await createApiKey(page);
    const balanceResponse = await request.get("/api/v1/balance", {
      headers: { authorization: `Bearer ${key}` },
    });
    const balance = (await balanceResponse.json()) as { total: number };
    const original = await page
      .goto(`${BASE}/settings/billing`)
      .then(() => page.getByLabel("Warn when credits are at or below").inputValue());
    // The threshold sits just under the balance: the first image stays above it, the second crosses.
    const threshold = balance.total - 30;
    await setLowBalanceThreshold(page, threshold);
    // Earlier specs may have left events (a failed purchase); mark them read to start from zero.
    if ((await unreadCount(page)) > 0) {
      await bell.click();
      await page.getByRole("menuitem", { name: "Mark all as read" }).click();
      await page.keyboard.press("Escape");
    }
    await expect(bell).toHaveAccessibleName(unreadName(0));

    await chargeImage(request, key);
    await page.reload();
    await expect(bell).toHaveAccessibleName(unreadName(0));
    await chargeImage(request, key);
    await chargeImage(request, key); // still below: no second alert
    await page.reload();
    await expect(bell).toHaveAccessibleName(unreadName(1));
    await expect(page.getByTestId("notification-count")).toHaveText("1");

    // Keyboard: focus the bell, open it with Enter, read the notification.
    await bell.focus();
    await page.keyboard.press("Enter");
    const menu = page.getByRole("menu", { name: "Notifications" });
    await expect(menu).toBeVisible();
    const item = menu.getByTestId("notification-item").first();
    await expect(item).toContainText("Balance is low");
    await expect(item).toContainText(
      `Balance is low: ${(balance.total - 48).toLocaleString("en-US")} credits left, below your ${threshold.toLocaleString("en-US")} threshold.`,
    );
    await expect(item).toHaveAttribute("data-read", "false");
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: "test-results/notifications-bell-1280.png" });
    await page.keyboard.press("Escape");
    await expect(menu).toBeHidden();
    await expect(bell).toBeFocused();

    // Opening a notification marks it read and goes to the page to act on it.
    await bell.click();
    await menu.getByTestId("notification-item").first().click();
    await expect(page).toHaveURL(`${BASE}/settings/billing`);
    await expect(bell).toHaveAccessibleName("Notifications, no unread");
    await expect(page.getByTestId("notification-count")).toHaveCount(0);
    await page.reload();
    await expect(bell).toHaveAccessibleName("Notifications, no unread");

    await page.setViewportSize({ width: 390, height: 844 });
    await bell.click();
    await expect(menu.getByTestId("notification-item").first()).toHaveAttribute("data-read", "true");
    await page.screenshot({ path: "test-results/notifications-bell-390.png" });
    await page.keyboard.press("Escape");
    await page.setViewportSize({ width: 1280, height: 800 });

    await setLowBalanceThreshold(page, original.replace(/\D/g, ""));
    expect(errors).toEqual([]);
  });

  test("the admin got the same notification and marks all as read", async ({ page }) => {
    const errors = collectErrors(page);
    await signIn(page, DEMO.admin.email);
    const bell = page.getByRole("button", { name: /^Notifications,/ });
    expect(await unreadCount(page)).toBeGreaterThanOrEqual(1);
    await bell.click();
    const menu = page.getByRole("menu", { name: "Notifications" });
    await expect(menu.getByTestId("notification-item").first()).toContainText("Balance is low");
    await menu.getByRole("menuitem", { name: "Mark all as read" }).click();
    // The menu stays open, every item now read.
    await expect(menu.getByTestId("notification-item").first()).toHaveAttribute("data-read", "true");
    await expect(menu.getByRole("menuitem", { name: "Mark all as read" })).toHaveCount(0);
    await page.keyboard.press("Escape");
    await expect(bell).toHaveAccessibleName("Notifications, no unread");
    await page.reload();
    await expect(bell).toHaveAccessibleName("Notifications, no unread");
    expect(errors).toEqual([]);
  });

  test("email choices, the local email outbox, and a webhook with a test event", async ({ page }) => {
    const errors = collectErrors(page);
    await signIn(page, DEMO.owner.email);
    await page
      .getByRole("navigation", { name: "Workspace" })
      .getByRole("link", { name: "Notifications" })
      .click();
    await expect(page).toHaveURL(NOTIFICATIONS);
    await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();

    // Each event is on by default; a choice sticks.
    const low = page.getByRole("switch", { name: "Balance is low" });
    await expect(low).toHaveAttribute("aria-checked", "true");
    await low.click();
    await expect(page.getByText("Balance is low: no more emails (the bell still shows it).")).toBeVisible();
    await page.reload();
    await expect(low).toHaveAttribute("aria-checked", "false");
    await low.click();
    await expect(low).toHaveAttribute("aria-checked", "true");

    // The low-balance email from the first test, kept in the local outbox (no SMTP here).
    await page.getByRole("link", { name: "Email outbox (test mode)" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Email outbox (test mode)" })).toBeVisible();
    await expect(page.getByRole("note", { name: "Test mode" })).toBeVisible();
    const email = page
      .getByTestId("outbox-email")
      .filter({ hasText: DEMO.owner.email })
      .filter({ hasText: "Balance is low" })
      .first();
    await expect(email).toContainText(`Balance is low · ${DEMO.workspace.name}`);
    await email.getByText(`Balance is low · ${DEMO.workspace.name}`).click();
    await expect(email).toContainText("credits left, below your");
    await page.screenshot({ path: "test-results/notifications-outbox-1280.png", fullPage: true });
    await page.getByRole("link", { name: "← Notifications" }).click();

    // A webhook endpoint that refuses connections: the test event is tried, logged and retried.
    const url = page.getByLabel("Endpoint URL");
    await url.fill("http://example.com/hook");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(
      page.getByText("Use https:// (plain http:// works only for localhost while developing)"),
    ).toBeVisible();
    await url.fill("http://localhost:59999/creditpool");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText("Webhook endpoint saved. Copy the signing secret below.")).toBeVisible();
    await expect(page.getByTestId("webhook-secret")).toHaveText(/^whsec_[A-Za-z0-9_-]{40,}$/);
    await page.getByRole("button", { name: "Send test event" }).click();
    await expect(page.getByText("Test event queued. Its delivery shows in the log below.")).toBeVisible();
    const delivery = page.getByTestId("webhook-delivery").first();
    await expect(delivery).toContainText("test");
    await expect(async () => {
      await page.reload();
      await expect(delivery).toContainText("Retrying", { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await delivery.getByText(/1 · last:/).click();
    await expect(delivery.getByTestId("webhook-attempt")).toHaveCount(1);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: "test-results/notifications-settings-1280.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "test-results/notifications-settings-390.png", fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    // Removing the endpoint cancels the retry.
    await page.getByRole("button", { name: "Remove endpoint" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Remove the webhook endpoint?" });
    await confirm.getByRole("button", { name: "Remove endpoint" }).click();
    await expect(page.getByText("Webhook endpoint removed. Nothing more will be sent to it.")).toBeVisible();
    await expect(page.getByTestId("webhook-delivery").first()).toContainText("Cancelled");
    expect(errors).toEqual([]);
  });

  test("a member has a bell and the page, but no credit events, webhook or outbox", async ({ page }) => {
    const errors = collectErrors(page);
    await signIn(page, DEMO.member.email);
    await page.goto(NOTIFICATIONS);
    await expect(page.getByText("Credit notifications go to owners and admins")).toBeVisible();
    // Only the emails about their own monthly limit are theirs to choose.
    await expect(page.getByRole("switch")).toHaveCount(3);
    await expect(page.getByRole("switch", { name: /Balance is low/ })).toHaveCount(0);
    await expect(page.getByRole("switch", { name: /Monthly limit reached/ })).toBeChecked();
    await expect(page.getByLabel("Endpoint URL")).toHaveCount(0);
    const bell = page.getByRole("button", { name: /^Notifications,/ });
    await expect(bell).toHaveAccessibleName("Notifications, no unread");
    await bell.click();
    await expect(page.getByRole("menu", { name: "Notifications" })).toContainText("You're all caught up");
    await page.keyboard.press("Escape");
    await page.goto(`${NOTIFICATIONS}/email-outbox`);
    await expect(page.getByTestId("forbidden-notice")).toBeVisible();
    expect(errors).toEqual([]);
  });
});
