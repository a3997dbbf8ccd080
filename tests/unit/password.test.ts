// Password hashes: scrypt on Node's thread pool, bcrypt hashes from before still accepted.
import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from "@/lib/auth/password";

describe("password hashes", () => {
  it("verifies scrypt hashes it made, and nothing else", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$\d+\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
    expect(await hashPassword("correct horse battery")).not.toBe(hash); // a new salt each time
    expect(needsRehash(hash)).toBe(false);
  });

  it("still accepts bcrypt hashes made before, and asks for them to be replaced", async () => {
    const legacy = await bcrypt.hash("old password here", 4);
    expect(await verifyPassword("old password here", legacy)).toBe(true);
    expect(await verifyPassword("wrong", legacy)).toBe(false);
    expect(needsRehash(legacy)).toBe(true);
  });

  it("refuses malformed hashes and parameters no hash of ours has", async () => {
    for (const hash of [
      "",
      "scrypt$",
      "scrypt$40$8$1$c2FsdA==$a2V5",
      "scrypt$15$8$1$c2FsdA==$a2V5",
      "md5$x",
    ]) {
      expect(await verifyPassword("x", hash), hash).toBe(false);
    }
    expect(await verifyPassword("x", DUMMY_HASH)).toBe(false);
  });
});
