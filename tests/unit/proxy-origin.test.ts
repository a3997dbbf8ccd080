// The cross-origin check (proxy.ts) believes X-Forwarded-Host only when told the app is behind a
// proxy: a forged header with a matching Origin once passed it.
import { NextRequest } from "next/server";
import { expect, it } from "vitest";
import { isSameOrigin } from "@/proxy";

function post(headers: Record<string, string>) {
  return new NextRequest("http://127.0.0.1:3000/w/northwind/settings/general", { method: "POST", headers });
}

it("ignores a forged X-Forwarded-Host unless the app is behind a proxy", () => {
  const forged = post({
    host: "127.0.0.1:3000",
    origin: "https://evil.example",
    "x-forwarded-host": "evil.example",
  });
  expect(isSameOrigin(forged, false)).toBe(false);
  // Behind a proxy that sets the header, it is the host the browser addressed.
  expect(isSameOrigin(forged, true)).toBe(true);
});

it("takes requests from this site and refuses others, and a missing Origin", () => {
  expect(isSameOrigin(post({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }), false)).toBe(true);
  expect(isSameOrigin(post({ host: "127.0.0.1:3000", origin: "https://evil.example" }), false)).toBe(false);
  expect(isSameOrigin(post({ host: "127.0.0.1:3000" }), false)).toBe(false);
  expect(isSameOrigin(post({ host: "127.0.0.1:3000", origin: "not a url" }), false)).toBe(false);
});
