import { describe, expect, it } from "vitest";
import { findUnstorableText } from "@/lib/validation/storable";

describe("findUnstorableText", () => {
  it("names the dotted path of the first string PostgreSQL cannot store", () => {
    const records = [{ feature: "image" }, { settings: { quality: "hd", style: "a\u0000b" } }];
    expect(findUnstorableText({ records })).toEqual({
      path: "records.1.settings.style",
      message: "Must not contain the NUL character (\\u0000)",
    });
    expect(findUnstorableText("\ud800", ["note"])?.path).toBe("note");
    expect(findUnstorableText("\ud800")?.path).toBe("_");
  });

  it("names an object key that cannot be stored, made printable", () => {
    expect(findUnstorableText({ settings: { "a\u0000": 1 } })?.path).toBe("settings.a\\0");
    expect(findUnstorableText({ settings: { "b\udc00": 1 } })?.path).toBe("settings.b\uFFFD");
  });

  it("passes well-formed text, including surrogate pairs", () => {
    expect(findUnstorableText({ records: [{ note: "ok 😀", n: 1, on: true }] })).toBeNull();
  });
});
