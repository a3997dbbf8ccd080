"use client";

import { useEffect } from "react";

/**
 * Brings the section named by the URL's hash into view once the page is in place. Arriving by a
 * redirect (the old Plan & billing address leads to #plan) the browser does not scroll by itself.
 */
export function ScrollToHash() {
  useEffect(() => {
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (id) document.getElementById(id)?.scrollIntoView();
  }, []);
  return null;
}
