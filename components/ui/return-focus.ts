"use client";

import { useEffect, useLayoutEffect, useRef, type RefObject } from "react";

type AutoFocusEvent = { preventDefault: () => void };

/** A dialog opened from state (a button, a menu item), as useReturnFocus needs it. */
export type StateDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Where focus goes on close when what opened it is gone (a menu item: the menu's button). */
  returnFocusTo?: RefObject<HTMLElement | null>;
};

// The elements that last took focus, newest last. A button that disables itself while its action
// runs drops focus to <body> without a focusin, so the opener is looked up here when
// document.activeElement is <body>.
const HISTORY_SIZE = 8;
const history: WeakRef<Element>[] = [];
let isTracking = false;

function trackFocus() {
  if (isTracking) return;
  isTracking = true;
  document.addEventListener("focusin", (event) => {
    if (!(event.target instanceof Element)) return;
    history.push(new WeakRef(event.target));
    if (history.length > HISTORY_SIZE) history.shift();
  });
}

/** What has focus, or else the newest element that had it and is still on the page. */
function findOpener(): HTMLElement | null {
  const active = document.activeElement;
  if (active instanceof HTMLElement && active !== document.body) return active;
  for (let i = history.length - 1; i >= 0; i--) {
    const element = history[i]?.deref();
    if (element instanceof HTMLElement && element.isConnected) return element;
  }
  return null;
}

/**
 * The onCloseAutoFocus of a Radix dialog's Content: sends focus back, on close, to whatever had
 * it when the dialog opened. Radix only does that for its own <Trigger>; our dialogs are opened
 * from state (a row's button, a menu item, the end of an action), so without this focus falls to
 * <body> and a keyboard user starts again at the top of the page. If that element is gone (a
 * removed row, a closed menu's item), focus goes to `fallback` (the menu's button), else Radix's
 * default applies.
 */
export function useReturnFocus(open: boolean, fallback?: RefObject<HTMLElement | null>) {
  const returnTo = useRef<HTMLElement | null>(null);
  useEffect(trackFocus, []);
  // A layout effect runs before the dialog's own effects move focus in (some content focuses its
  // field on mount, before Radix reports the opening), so this still sees the opener.
  useLayoutEffect(() => {
    if (open) returnTo.current = findOpener();
  }, [open]);
  return (event: AutoFocusEvent) => {
    const opener = returnTo.current;
    returnTo.current = null;
    const target = opener?.isConnected ? opener : fallback?.current;
    if (target?.isConnected) {
      event.preventDefault();
      target.focus();
    }
  };
}
