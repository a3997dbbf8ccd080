import { createHash, hash } from "node:crypto";

/** JSON with object keys sorted at every level, so equal requests hash equally. */
export function canonicalJson(value: unknown): string {
  if (typeof value === "string") return quote(value);
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  // A plain loop over the sorted keys (the default sort orders by UTF-16 code units, as `<` does):
  // a batch hashes a thousand of these per call.
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = "{";
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (out.length > 1) out += ",";
    out += `${quote(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

// Strings JSON.stringify leaves as they are between quotes: printable ASCII without `"` and `\`.
// Anything else (controls, quotes, backslashes, non-ASCII, unpaired surrogates) goes through it.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** JSON.stringify of a string, without its cost for the plain ASCII that ids and model names are. */
function quote(text: string): string {
  return PLAIN.test(text) ? `"${text}"` : JSON.stringify(text);
}

function sha256(text: string): string {
  // crypto.hash (Node 20.12+) is the one-shot form, about 5× cheaper than a Hash object per call.
  return typeof hash === "function"
    ? hash("sha256", text, "hex")
    : createHash("sha256").update(text).digest("hex");
}

/** Identifies a request: the same idempotency key with a different hash is a conflict. */
export function requestHash(operation: string, request: unknown): string {
  return sha256(`${operation}\0${canonicalJson(request)}`);
}

/** What a spend or hold charges for, as its request hash covers it. */
export type HashedGeneration = {
  membershipId: string;
  feature: string;
  model: string;
  settings: Record<string, unknown>;
  results: number;
};

/**
 * `requestHash(kind, generation)` for a spend or a hold, byte for byte (the hashes already in
 * ledgers must keep matching their repeats), without the generic walk: the five fields are written
 * in canonicalJson's order (sorted: feature, membershipId, model, results, settings), so only the
 * settings are sorted. A batch hashes 1,000 of these per call; the generic form was its largest
 * Node cost (docs/PERFORMANCE.md). `settingsJson` is canonicalJson(settings) when the caller has it.
 */
export function generationHash(
  kind: string,
  g: HashedGeneration,
  settingsJson: string = canonicalJson(g.settings),
): string {
  // canonicalJson leaves out undefined fields: such a generation (never one zod has passed) takes
  // the generic path, so the two can never disagree.
  const { membershipId, feature, model, settings, results } = g;
  const fields = { membershipId, feature, model, settings, results };
  if (Object.values(fields).some((v) => v === undefined)) return requestHash(kind, fields);
  return sha256(
    `${kind}\0{"feature":${quote(feature)},"membershipId":${quote(membershipId)},"model":${quote(model)},` +
      `"results":${canonicalJson(results)},"settings":${settingsJson}}`,
  );
}
