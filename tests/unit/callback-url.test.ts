import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/components/auth/callback-url";

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
