import { describe, expect, it } from "vitest";
import { dropUnreadableAuthParams, isReadableCallbackUrl, readableAuthSegments } from "@/lib/auth/auth-query";

const ORIGIN = "http://creditpool.test";

function dropped(entries: [string, string][]): URLSearchParams {
  const params = new URLSearchParams([...entries, ["token", "t"]]);
  dropUnreadableAuthParams(params, ORIGIN);
  return params;
}

describe("dropUnreadableAuthParams", () => {
  it("keeps what next-auth reads: paths on the site, http(s) URLs and its error codes", () => {
    for (const value of ["/", "/w/northwind?x=1", "http://creditpool.test/w/a", "https://elsewhere.test/"]) {
      expect(isReadableCallbackUrl(value, ORIGIN), value).toBe(true);
      expect(dropped([["callbackUrl", value]]).get("callbackUrl")).toBe(value);
    }
    for (const code of ["CredentialsSignin", "AccessDenied", "Verification"]) {
      expect(dropped([["error", code]]).get("error")).toBe(code);
    }
  });

  // The page fuzz found these: next-auth answered each with a 500 and an error in the server log.
  it("drops a callbackUrl next-auth would answer with a 500, and leaves the other parameters", () => {
    for (const value of ["1e309", "../../etc/passwd", "Ở܍", "javascript:alert(1)", "//["]) {
      expect(isReadableCallbackUrl(value, ORIGIN), value).toBe(false);
      const params = dropped([
        ["callbackUrl", "/fine"],
        ["callbackUrl", value],
      ]);
      expect(params.has("callbackUrl")).toBe(false);
      expect(params.get("token")).toBe("t");
    }
  });

  it("drops an error that can't go into a Location header", () => {
    for (const value of ["\u202egnp.exe", "\u200fمرحبا", "\u0000", " ", "", "Credentials Signin"]) {
      const params = dropped([["error", value]]);
      expect(params.has("error"), JSON.stringify(value)).toBe(false);
      expect(params.get("token")).toBe("t");
    }
  });
});

describe("readableAuthSegments", () => {
  // /api/auth/error/<code> put its code in the Location header too: 500 for "\u202e" or "\u0000".
  it("drops an error code from /api/auth/error/<code> that is not one, and keeps the rest", () => {
    expect(readableAuthSegments(["error", "\u202e"])).toEqual(["error"]);
    expect(readableAuthSegments(["error", "\u0000"])).toEqual(["error"]);
    expect(readableAuthSegments(["error", "AccessDenied"])).toEqual(["error", "AccessDenied"]);
    expect(readableAuthSegments(["callback", "credentials"])).toEqual(["callback", "credentials"]);
    expect(readableAuthSegments(["session"])).toEqual(["session"]);
  });
});
