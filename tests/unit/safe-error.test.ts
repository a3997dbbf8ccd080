import { describe, expect, it } from "vitest";
import { describeErrorForLog } from "@/lib/log/safe-error";

describe("errors in logs", () => {
  it("keeps the kind, message and code of an error and its causes, but never query parameters", () => {
    const secretHash = "9ea5ca08ca9906d971165524da6eb91defc9868322484c829a923513a7c7f9c7";
    const error = Object.assign(
      new Error(`Failed query: select 1 from api_keys where secret_hash = $1\nparams: ${secretHash}`),
      {
        params: [secretHash],
        cause: Object.assign(new Error("write CONNECTION_CLOSED 127.0.0.1:5432"), {
          code: "CONNECTION_CLOSED",
        }),
      },
    );
    const line = describeErrorForLog(error);
    expect(line).toContain("Failed query: select 1 from api_keys where secret_hash = $1");
    expect(line).toContain("CONNECTION_CLOSED");
    expect(line).not.toContain(secretHash);
  });

  it("describes anything thrown", () => {
    expect(describeErrorForLog("plain")).toBe("plain");
    expect(describeErrorForLog(new TypeError("bad"))).toBe("TypeError bad");
  });
});
