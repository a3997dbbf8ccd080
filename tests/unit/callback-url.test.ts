import { describe, expect, it } from "vitest";
import { MAX_RETURN_PATH, returnPathOf, safeCallbackUrl } from "@/lib/auth/callback-url";

describe("safeCallbackUrl", () => {
  it("keeps same-site paths", () => {
    expect(safeCallbackUrl("/w/northwind/settings/members")).toBe("/w/northwind/settings/members");
    expect(safeCallbackUrl("/invite/abc?x=1")).toBe("/invite/abc?x=1");
  });

  it("refuses anything that could leave the site, and loops back to sign-in", () => {
    for (const raw of [
      "https://evil.test/",
      "//evil.test/path",
      "/\\evil.test",
      "javascript:alert(1)",
      "evil.test",
      "/sign-in",
      "/sign-up?x=1",
      "",
      undefined,
      null,
    ]) {
      expect(safeCallbackUrl(raw)).toBe("/");
    }
    expect(safeCallbackUrl(["/a", "/b"])).toBe("/a");
  });
});

describe("returnPathOf", () => {
  it("keeps the whole path and query of a deep link", () => {
    const url = new URL(
      "http://localhost:3000/w/northwind/analytics?range=custom&from=2026-01-01&to=2026-01-31",
    );
    expect(returnPathOf(url)).toBe("/w/northwind/analytics?range=custom&from=2026-01-01&to=2026-01-31");
    expect(safeCallbackUrl(returnPathOf(url), "/w/northwind")).toBe(returnPathOf(url));
  });

  it("drops Next.js's internal _rsc parameter and nothing else", () => {
    expect(returnPathOf(new URL("http://localhost/w/a/transactions?_rsc=1x2y&page=2"))).toBe(
      "/w/a/transactions?page=2",
    );
    expect(returnPathOf(new URL("http://localhost/w/a?_rsc=abc"))).toBe("/w/a");
  });

  it("a forged return address still only ever leads to a path on this site", () => {
    for (const forged of ["//evil.test/w/a", "https://evil.test/", "/\\evil.test", "/sign-in?callbackUrl=/x"])
      expect(safeCallbackUrl(forged, "/w/a")).toBe("/w/a");
  });

  it("keeps a return address short enough for the sign-in redirect's Location header", () => {
    // The page fuzz's lone surrogates: each %ED%A0%80 comes back as a 9-character %EF%BF%BD.
    const hostile = new URL(`http://localhost/w/a/usage?member=${"%ED%A0%80".repeat(2_000)}`);
    expect(returnPathOf(hostile)).toBe("/w/a/usage");
    const longPath = new URL(`http://localhost/w/a/${"x".repeat(MAX_RETURN_PATH)}`);
    expect(returnPathOf(longPath)).toBe("/");
    const justFits = `/w/a?q=${"y".repeat(MAX_RETURN_PATH - 7)}`;
    expect(returnPathOf(new URL(`http://localhost${justFits}`))).toBe(justFits);
    expect(safeCallbackUrl(justFits, "/w/a")).toBe(justFits);
    expect(safeCallbackUrl(`${justFits}y`, "/w/a")).toBe("/w/a");
  });
});
