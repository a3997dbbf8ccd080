import "server-only";
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { availableParallelism } from "node:os";
import bcrypt from "bcryptjs";
import pLimit from "p-limit";
import { env } from "@/lib/env";

// Passwords are hashed with scrypt (N = 2^15, r = 8, p = 1: 32 MiB and about 100 ms per check here),
// run by Node's crypto on libuv's thread pool, so sign-ins never hold up the event loop: bcryptjs
// hashed on the main thread, and 16 parallel sign-ins raised the metering API's median latency
// from 7 ms to 289 ms. Hashes read `scrypt$logN$r$p$salt$key` (base64). bcrypt hashes made before
// are still checked (bcryptjs stays for that alone) and are replaced on the next successful sign-in.

// Hashes run at most half the cores at once (one on 2 cores); the rest wait their turn. Off the
// event loop alone was not enough: 16 sign-ins at once filled both cores with scrypt and the
// metering API waited for CPU (bench:hostile). p-limit is the queue (a dependency for this alone).
const hashing = pLimit(Math.max(1, Math.floor(availableParallelism() / 2)));

const LOG_N = env.NODE_ENV === "test" ? 10 : 15;
const R = 8;
const P = 1;
const KEY_BYTES = 64;

function scrypt(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r };
  return hashing(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scryptCallback(password.normalize("NFC"), salt, KEY_BYTES, options, (error, key) =>
          error ? reject(error) : resolve(key),
        ),
      ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, LOG_N, R, P);
  return `scrypt$${LOG_N}$${R}$${P}$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** Parameters of a stored scrypt hash, within bounds a hash of ours can have (or null). */
function parseScrypt(hash: string) {
  const [scheme, logN, r, p, salt, key] = hash.split("$");
  const params = { logN: Number(logN), r: Number(r), p: Number(p) };
  if (scheme !== "scrypt" || !salt || !key) return null;
  if (![params.logN, params.r, params.p].every(Number.isInteger)) return null;
  if (params.logN < 10 || params.logN > 20 || params.r < 1 || params.r > 16 || params.p < 1 || params.p > 4)
    return null;
  return { ...params, salt: Buffer.from(salt, "base64"), key: Buffer.from(key, "base64") };
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (hash.startsWith("$2")) return hashing(() => bcrypt.compare(password, hash));
  const stored = parseScrypt(hash);
  if (!stored || stored.key.length !== KEY_BYTES) return false;
  const key = await scrypt(password, stored.salt, stored.logN, stored.r, stored.p);
  return timingSafeEqual(key, stored.key);
}

/** Whether a hash that just verified should be replaced with one made today (bcrypt, or weaker scrypt). */
export function needsRehash(hash: string): boolean {
  const stored = parseScrypt(hash);
  return !stored || stored.logN < LOG_N || stored.r !== R || stored.p !== P;
}

/** A real hash to compare against when the email is unknown, so timing does not reveal it. */
export const DUMMY_HASH =
  "scrypt$15$8$1$+zEWyK8BVrXitjzCrC9sgw==$7w6npnimzOqAZmxFDOTI1F+CAEsRVWEPZ51XRukKwPDaNgVvFio6TxdToht2qzdMBWg90MMNGHGM+AsJjOi5pQ==";
