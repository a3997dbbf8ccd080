import { expect, test } from "@playwright/test";
import { collectErrors, DEMO, signIn, signOut, signUp, uniqueEmail } from "./fixtures";

const WRONG_CREDENTIALS = "Email or password is incorrect.";

test("a wrong password and an unknown email get the same message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(DEMO.owner.email);
  await page.getByLabel("Password", { exact: true }).fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  const alert = page.getByRole("alert").filter({ hasText: WRONG_CREDENTIALS });
  await expect(alert).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);

  await page.getByLabel("Email", { exact: true }).fill(uniqueEmail("nobody"));
  await page.getByLabel("Password", { exact: true }).fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // The same words, whether or not the account exists.
  await expect(page.getByRole("alert").filter({ hasText: WRONG_CREDENTIALS })).toBeVisible();
  await expect(page.getByText(/no account|not registered|unknown/i)).toHaveCount(0);
});

test("the owner signs in to the Credits card and signs out again", async ({ page }) => {
  const errors = collectErrors(page);

  // A signed-out visit to a workspace goes to sign-in and comes back afterwards.
  await page.goto(`/w/${DEMO.workspace.slug}`);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);

  await signIn(page, DEMO.owner.email);
  await expect(page).toHaveURL(`/w/${DEMO.workspace.slug}`);
  await expect(
    page.getByRole("button", { name: `Workspace: ${DEMO.workspace.name}. Switch workspace` }),
  ).toBeVisible();
  await expect(page.getByRole("region", { name: "Credits", exact: true })).toContainText("Current balance");
  await expect(page.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");

  // Signed in, the sign-in page sends you on.
  await page.goto("/sign-in");
  await expect(page).toHaveURL(`/w/${DEMO.workspace.slug}`);

  await signOut(page);
  await expect(page.getByRole("heading", { name: "Sign in to Creditpool" })).toBeVisible();
  await page.goto(`/w/${DEMO.workspace.slug}`);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fw%2Fnorthwind/);

  expect(errors).toEqual([]);
});

test("a new account lands in a workspace of its own", async ({ page }) => {
  const errors = collectErrors(page);
  const email = uniqueEmail("signup");
  const workspaceName = `Studio ${Date.now()}`;

  const slug = await signUp(page, { name: "Nina Newcomer", email, workspaceName });
  expect(slug).not.toBe(DEMO.workspace.slug);
  await expect(
    page.getByRole("button", { name: `Workspace: ${workspaceName}. Switch workspace` }),
  ).toBeVisible();
  // The owner of a new Free workspace sees its (empty) Credits card.
  const card = page.getByRole("region", { name: "Credits", exact: true });
  await expect(card.getByTestId("credits-card-plan")).toHaveText("Free plan");

  // Signing up again with the same address is refused, inline.
  await signOut(page);
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Someone Else");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "already exists" })).toBeVisible();
  await expect(page.getByText("Already registered")).toBeVisible();

  // And the new account signs in with its password.
  await signIn(page, email);
  await expect(page).toHaveURL(`/w/${slug}`);

  expect(errors).toEqual([]);
});

test("a malformed or foreign callbackUrl signs in to this site, never a 500", async ({
  request,
  baseURL,
}) => {
  // next-auth's default parsed the first of these with `new URL` and answered 500 ("Invalid URL").
  for (const callbackUrl of [`${baseURL}.evil.example/`, "https://evil.example/w/northwind"]) {
    const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await request.post("/api/auth/callback/credentials", {
      form: { email: DEMO.admin.email, password: DEMO.password, csrfToken, callbackUrl, json: "true" },
      maxRedirects: 0,
    });
    expect(response.status(), callbackUrl).toBeLessThan(500);
    const target =
      response.status() === 200
        ? ((await response.json()) as { url: string }).url
        : response.headers().location;
    expect(new URL(target ?? "", baseURL).origin, callbackUrl).toBe(new URL(baseURL!).origin);
  }
});

test("signing out ends the session on the server: a copy of the cookie no longer signs anyone in", async ({
  page,
  browser,
}) => {
  await signIn(page, DEMO.admin.email);
  const cookies = await page.context().cookies();
  // Someone else holds a copy of the session cookie (stolen, or another tab's profile).
  const thief = await browser.newContext();
  await thief.addCookies(cookies);
  const thiefPage = await thief.newPage();
  expect(
    ((await (await thiefPage.request.get("/api/auth/session")).json()) as { user?: unknown }).user,
  ).toBeTruthy();

  await signOut(page);
  // Before, the copy kept working for 30 days.
  expect(await (await thiefPage.request.get("/api/auth/session")).json()).toEqual({});
  await thiefPage.goto(`/w/${DEMO.workspace.slug}/settings/members`);
  await expect(thiefPage).toHaveURL(/\/sign-in/);
  await thief.close();
});

test("signing in from a deep link comes back to the whole deep link, its query included", async ({
  page,
  request,
}) => {
  const errors = collectErrors(page);
  const deepLink = `/w/${DEMO.workspace.slug}/analytics?range=90d&stack=model`;
  await page.goto(deepLink);
  await expect(page).toHaveURL(`/sign-in?callbackUrl=${encodeURIComponent(deepLink)}`);

  await page.getByLabel("Email", { exact: true }).fill(DEMO.owner.email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(deepLink);
  await expect(page.getByRole("button", { name: "Last 90 days" })).toHaveAttribute("aria-pressed", "true");

  // The return address is the app's own reading of the request: a header sent to forge it is ignored.
  const response = await request.get(deepLink, {
    headers: { "x-creditpool-request-path": "https://evil.example/" },
    maxRedirects: 0,
  });
  expect(response.status()).toBeGreaterThanOrEqual(300);
  expect(response.status()).toBeLessThan(400);
  expect(response.headers().location).toContain(`callbackUrl=${encodeURIComponent(deepLink)}`);
  expect(errors).toEqual([]);
});
