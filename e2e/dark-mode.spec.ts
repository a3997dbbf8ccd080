import { expect, test, type Page } from "@playwright/test";
import { collectErrors, DEMO, signIn, signUp, uniqueEmail } from "./fixtures";
import {
  axeBudget,
  closeDialog,
  DIALOGS,
  expectAccessible,
  MEMBER_PAGES,
  OWNER_PAGES,
  openDialog,
  openRangeCalendar,
  PUBLIC_PAGES,
  visit,
} from "./pages";

// Dark mode follows the system setting (prefers-color-scheme): with the system dark, every page has
// a dark background, no light surface (a white card, input or menu left light), and passes axe,
// color contrast included. SCREENSHOTS=1 also saves each page at 1280 and 390 px in test-results/.
test.use({ colorScheme: "dark" });

const base = `/w/${DEMO.workspace.slug}`;

type Backgrounds = { luminance: number; lightSurfaces: string[] };

/**
 * Looks at the page's colours: the relative luminance (WCAG) of the colour behind `selector` (its
 * own or its nearest painted ancestor's), and every visible element bigger than a badge whose own
 * background is light. In dark mode those are surfaces someone forgot to give a dark: colour
 * (cards, inputs, menus, tooltips, table rows).
 */
async function inspectBackgrounds(page: Page, selector = "main"): Promise<Backgrounds> {
  return page.evaluate((selector) => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const context = canvas.getContext("2d", { willReadFrequently: true })!;
    // The canvas turns any CSS colour (Tailwind uses oklch) into sRGB bytes.
    const rgba = (element: Element | null) => {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = element ? getComputedStyle(element).backgroundColor : "white";
      context.fillRect(0, 0, 1, 1);
      return Array.from(context.getImageData(0, 0, 1, 1).data) as [number, number, number, number];
    };
    let element: Element | null = document.querySelector(selector) ?? document.body;
    while (element && rgba(element)[3] < 128) element = element.parentElement;
    const [r, g, b] = rgba(element).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];

    const lightSurfaces: string[] = [];
    for (const surface of document.body.querySelectorAll<HTMLElement>("*")) {
      const [sr, sg, sb, alpha] = rgba(surface);
      if (alpha < 128 || 0.2126 * sr + 0.7152 * sg + 0.0722 * sb < 150) continue;
      const box = surface.getBoundingClientRect();
      if (box.width * box.height < 1500 || !surface.checkVisibility()) continue;
      const name = `${surface.tagName.toLowerCase()}.${[...surface.classList].slice(0, 4).join(".")}`;
      lightSurfaces.push(`${name} "${surface.innerText.trim().slice(0, 40)}"`);
    }
    return { luminance: 0.2126 * r + 0.7152 * g + 0.0722 * b, lightSurfaces };
  }, selector);
}

async function backgroundLuminance(page: Page, selector?: string): Promise<number> {
  return (await inspectBackgrounds(page, selector)).luminance;
}

/** Saves the page at desktop and phone widths when SCREENSHOTS is set (for looking at, not comparing). */
async function screenshots(page: Page, name: string): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  const slug = name.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "root";
  const viewport = page.viewportSize();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`${slug}-${width}.png`), fullPage: true });
  }
  if (viewport) await page.setViewportSize(viewport);
}

/** Soft: a run reports every page that is wrong, not only the first. */
async function expectDark(page: Page, label: string): Promise<void> {
  const { luminance, lightSurfaces } = await inspectBackgrounds(page);
  expect.soft(luminance, `${label}: background luminance`).toBeLessThan(0.05);
  expect.soft(lightSurfaces, `${label}: light surfaces in dark mode`).toEqual([]);
  await expectAccessible(page, `${label} (dark)`, { soft: true });
  await screenshots(page, label);
}

test("public pages are dark and accessible with the system in dark mode", async ({ page }) => {
  test.setTimeout(axeBudget(PUBLIC_PAGES.length));
  const errors = collectErrors(page);
  for (const path of [...PUBLIC_PAGES, "/no-such-page"]) {
    await visit(page, path);
    await expectDark(page, path);
  }
  expect(errors.filter((error) => !error.includes("404"))).toEqual([]);
});

test("every page an owner sees is dark and accessible, dialogs and the date picker too", async ({ page }) => {
  test.setTimeout(axeBudget(OWNER_PAGES.length + DIALOGS.length + 1));
  await signIn(page, DEMO.owner.email);
  const errors = collectErrors(page);
  for (const path of [...OWNER_PAGES, `${base}/no-such-page`]) {
    await visit(page, path);
    await expectDark(page, path);
  }
  expect(errors.filter((error) => !error.includes("404"))).toEqual([]);

  for (const { path, button } of DIALOGS) {
    await visit(page, path);
    await openDialog(page, button);
    await expectDark(page, `${button} dialog`);
    await closeDialog(page);
  }

  // The calendar of a custom range (react-day-picker).
  await openRangeCalendar(page);
  await expectDark(page, "custom range calendar");
});

test("a toast is dark too (sonner follows the system)", async ({ page }) => {
  // Saving settings shows one; in a workspace of the test's own, so the demo stays as it is.
  const slug = await signUp(page, { name: "Dana Dark", email: uniqueEmail("dark"), workspaceName: "Dusk" });
  await visit(page, `/w/${slug}/settings/general`);
  await page.getByLabel("Workspace name").fill("Dusk Studio");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator("[data-sonner-toast]").first()).toBeVisible();
  expect(await backgroundLuminance(page, "[data-sonner-toast]"), "toast background").toBeLessThan(0.05);
  await expectDark(page, "toast");
});

test("every page a member sees is dark and accessible", async ({ page }) => {
  test.setTimeout(axeBudget(MEMBER_PAGES.length));
  await signIn(page, DEMO.member.email);
  const errors = collectErrors(page);
  for (const path of MEMBER_PAGES) {
    await visit(page, path);
    await expectDark(page, `member ${path}`);
  }
  expect(errors).toEqual([]);
});

test("the page follows the system setting as it changes, without a reload", async ({ page }) => {
  await signIn(page, DEMO.owner.email);
  await visit(page, base);
  await page.emulateMedia({ colorScheme: "light" });
  expect(await backgroundLuminance(page), "light background").toBeGreaterThan(0.85);
  expect(await backgroundLuminance(page, "section"), "light card").toBeGreaterThan(0.85);
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await backgroundLuminance(page), "dark background").toBeLessThan(0.05);
  expect(await backgroundLuminance(page, "section"), "dark card").toBeLessThan(0.05);
  await expectAccessible(page, "overview after switching to dark");
});
