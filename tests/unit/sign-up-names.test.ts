// What a new account's workspace is called, and its address.
import { expect, it } from "vitest";
import { defaultWorkspaceName, slugify } from "@/lib/auth/sign-up";
import { workspaceNameSchema } from "@/lib/validation/access";

it("names the first workspace after its owner, within the 80 characters a workspace name may have", () => {
  expect(defaultWorkspaceName("Ada Lovelace")).toBe("Ada Lovelace's workspace");
  expect(defaultWorkspaceName("   ")).toBe("My's workspace");
  const long = defaultWorkspaceName("x".repeat(80));
  expect(long).toHaveLength(80);
  expect(long.endsWith("'s workspace")).toBe(true);
  expect(workspaceNameSchema.safeParse(long).success).toBe(true);
  // Shortened by whole characters: an emoji is never cut in half.
  const emoji = defaultWorkspaceName("😀".repeat(80));
  expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  expect(workspaceNameSchema.safeParse(emoji).success).toBe(true);
});

it("makes an address from a name", () => {
  expect(slugify("Northwind Studio")).toBe("northwind-studio");
});
