import "server-only";
import bcrypt from "bcryptjs";

// bcrypt with cost 11: ~100 ms per check here, slow enough to make guessing expensive.
const COST = process.env.NODE_ENV === "test" ? 4 : 11;

export { PASSWORD_MIN_LENGTH } from "./password-rules";

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** A real hash to compare against when the email is unknown, so timing does not reveal it. */
export const DUMMY_HASH = "$2b$11$zY4xqGl59oa0dueIJ1PLfuqFQ3eGnNdn1Eq5tXphalER94QMDcu1e";
