import { expect, type Locator, type Page } from "@playwright/test";

// Keyboard-only helpers for keyboard.spec.ts: reach things with Tab, check that focus is visible,
// and check that a dialog takes focus, keeps it, and gives it back.

type FocusStop = { index: string | null; label: string; isVisible: boolean };

/**
 * What has focus, and whether it shows an outline or a ring. An outline counts when its colour has
 * at least 3:1 contrast with the background behind the element (WCAG 1.4.11), in light and dark;
 * a ring is a box-shadow other than the one the element has at rest (recorded by markTabStops),
 * so a button's ordinary shadow does not count.
 */
async function focusStop(page: Page): Promise<FocusStop> {
  return page.evaluate(() => {
    const element = document.activeElement;
    // HTML or SVG (a chart's surface is focusable).
    if (!(element instanceof HTMLElement || element instanceof SVGElement) || element === document.body) {
      return { index: null, label: "body", isVisible: false };
    }
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const context = canvas.getContext("2d", { willReadFrequently: true })!;
    // Relative luminance and alpha of any CSS colour (the canvas turns oklch into sRGB bytes).
    const luminance = (color: string): [number, number] => {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = color;
      context.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = Array.from(context.getImageData(0, 0, 1, 1).data).map((v, i) => {
        const c = v / 255;
        return i === 3 ? c : c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      }) as [number, number, number, number];
      return [0.2126 * r + 0.7152 * g + 0.0722 * b, a];
    };
    let behind: Element | null = element.parentElement;
    while (behind && luminance(getComputedStyle(behind).backgroundColor)[1] < 0.5)
      behind = behind.parentElement;
    const [background] = luminance(behind ? getComputedStyle(behind).backgroundColor : "white");

    // transition-colors also fades the outline in: measure where it ends, not where it starts.
    for (const animation of element.getAnimations()) animation.finish();
    const focused = getComputedStyle(element);
    const [outline] = luminance(focused.outlineColor);
    const contrast = (Math.max(outline, background) + 0.05) / (Math.min(outline, background) + 0.05);
    // Chromium's own "auto" ring is two-tone (dark and light), visible on any background.
    const hasOutline =
      focused.outlineStyle !== "none" &&
      parseFloat(focused.outlineWidth) > 0 &&
      (focused.outlineStyle === "auto" || contrast >= 3);
    const resting = element.dataset.kbdShadow;
    const hasRing = focused.boxShadow !== "none" && resting !== undefined && focused.boxShadow !== resting;
    const text = element instanceof HTMLElement ? element.innerText : null;
    const label = (element.getAttribute("aria-label") ?? text ?? element.tagName)
      .trim()
      .replace(/\s+/g, " ")
      .slice(0, 50);
    return {
      index: element.getAttribute("data-kbd-index"),
      label: `${element.tagName.toLowerCase()} "${label}"${hasOutline || hasRing ? "" : ` (outline ${focused.outlineStyle} ${focused.outlineColor}, ${contrast.toFixed(1)}:1)`}`,
      isVisible: hasOutline || hasRing,
    };
  });
}

/** Presses Tab until `target` has focus (at most `limit` times), as a keyboard user would. */
export async function tabTo(page: Page, target: Locator, limit = 120): Promise<void> {
  await expect(target).toBeVisible();
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target, `reached with Tab within ${limit} presses`).toBeFocused();
}

/**
 * Numbers every element in `container` that Tab should reach, in document order (one radio per
 * group), so a walk can be compared with it, and records each one's box-shadow without focus.
 */
async function markTabStops(container: Locator): Promise<string[]> {
  return container.evaluate((root) => {
    const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    active?.blur();
    const selector =
      "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]";
    const seenRadioGroups = new Set<string>();
    const labels: string[] = [];
    for (const element of root.querySelectorAll<HTMLElement | SVGElement>(selector)) {
      element.removeAttribute("data-kbd-index");
      if (element.tabIndex < 0 || element.closest("[inert], [aria-hidden=true]")) continue;
      if (!element.checkVisibility({ visibilityProperty: true })) continue;
      if (element instanceof HTMLInputElement && element.type === "radio") {
        const group = element.name;
        const checked = root.querySelector<HTMLInputElement>(`input[type=radio][name="${group}"]:checked`);
        if (seenRadioGroups.has(group) || (checked && checked !== element)) continue;
        seenRadioGroups.add(group);
      }
      element.setAttribute("data-kbd-index", String(labels.length));
      element.dataset.kbdShadow = getComputedStyle(element).boxShadow;
      labels.push(
        (element.getAttribute("aria-label") ?? (element as HTMLElement).innerText ?? element.tagName)
          .trim()
          .replace(/\s+/g, " ")
          .slice(0, 50),
      );
    }
    active?.focus({ preventScroll: true });
    return labels;
  });
}

/**
 * Tabs through everything in `container`, from its first stop to its last: every interactive
 * element is reached, in document order, and each shows a focus indicator.
 */
export async function expectTabOrder(page: Page, container: Locator, name: string): Promise<number> {
  const expected = await markTabStops(container);
  expect(expected.length, `${name}: something to reach`).toBeGreaterThan(0);
  await tabTo(page, container.locator('[data-kbd-index="0"]'), 200);
  const reached: string[] = [];
  const invisible: string[] = [];
  // A date input takes one Tab per part (month, day, year): count each element once.
  for (let presses = 0; reached.length < expected.length && presses < expected.length * 4; presses++) {
    if (presses > 0) await page.keyboard.press("Tab");
    const stop = await focusStop(page);
    const index =
      stop.index === null ? `outside: ${stop.label}` : `${stop.index}: ${expected[Number(stop.index)]}`;
    if (reached.at(-1) === index) continue;
    reached.push(index);
    if (!stop.isVisible) invisible.push(stop.label);
  }
  expect(reached, `${name}: Tab order`).toEqual(expected.map((label, i) => `${i}: ${label}`));
  expect(invisible, `${name}: stops without a visible focus indicator`).toEqual([]);
  return expected.length;
}

/** Whether focus is inside `container`. */
async function hasFocusWithin(container: Locator): Promise<boolean> {
  return container.evaluate((element) => element.contains(document.activeElement));
}

/**
 * Opens a dialog from `trigger` with the keyboard alone (Tab to it, then `key`), checks that focus
 * moved in and stays in while Tab and Shift+Tab go round (each stop visible). Returns the dialog.
 */
export async function openDialogWithKeyboard(
  page: Page,
  trigger: Locator,
  dialog: Locator,
  key: "Enter" | " " = "Enter",
): Promise<Locator> {
  await tabTo(page, trigger);
  await page.keyboard.press(key);
  await expect(dialog).toBeVisible();
  await expect.poll(() => hasFocusWithin(dialog), "focus moves into the dialog").toBe(true);
  const stops = (await markTabStops(dialog)).length;
  const invisible: string[] = [];
  for (const direction of ["Tab", "Shift+Tab"]) {
    for (let i = 0; i <= stops; i++) {
      await page.keyboard.press(direction);
      expect(await hasFocusWithin(dialog), `${direction} ${i + 1}: focus stays in the dialog`).toBe(true);
      const stop = await focusStop(page);
      if (!stop.isVisible) invisible.push(stop.label);
    }
  }
  expect([...new Set(invisible)], "dialog stops without a visible focus indicator").toEqual([]);
  return dialog;
}

/** Esc closes the dialog and focus goes back to what opened it. */
export async function closeWithEscape(page: Page, dialog: Locator, trigger: Locator): Promise<void> {
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();
}

/** The whole round trip: open with the keyboard, focus trapped, Esc, focus back on the trigger. */
export async function expectKeyboardDialog(
  page: Page,
  trigger: Locator,
  dialog: Locator,
  key: "Enter" | " " = "Enter",
): Promise<void> {
  await openDialogWithKeyboard(page, trigger, dialog, key);
  await closeWithEscape(page, dialog, trigger);
}

/** Moves focus to `target` inside an open dialog with Tab only. */
export async function tabWithin(page: Page, target: Locator): Promise<void> {
  await tabTo(page, target, 30);
}
