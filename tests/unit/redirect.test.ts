// After sign-in the browser goes to a page of this site, whatever callbackUrl says, and a malformed
// one never throws (next-auth's default answered 500 "Invalid URL" for the first of these).
import { expect, it } from "vitest";
import { safeRedirect } from "@/lib/auth/redirect";

const base = "http://127.0.0.1:3000";

it("falls back to the site's root for malformed and foreign addresses", () => {
  for (const url of [
    "http://127.0.0.1:3000.evil.example/",
    "http://[::1",
    "https://evil.example/w/northwind",
    "//evil.example/",
    "/\\evil.example",
    "javascript:alert(1)",
    "",
    "%",
  ]) {
    expect(safeRedirect(url, base), url).toBe(base);
  }
});

it("keeps paths and addresses on this site", () => {
  expect(safeRedirect("/w/northwind/analytics?range=7d", base)).toBe(
    `${base}/w/northwind/analytics?range=7d`,
  );
  expect(safeRedirect(`${base}/w/northwind`, base)).toBe(`${base}/w/northwind`);
});
