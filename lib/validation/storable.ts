// PostgreSQL stores text as UTF-8 without NUL: a string holding U+0000 makes the statement fail,
// and an unpaired surrogate (ill-formed UTF-16) is either refused (jsonb) or silently replaced by
// U+FFFD (text), so what was stored would not be what was sent. Inputs are checked for both before
// anything runs, so such a value is a clear input error instead of a failed query.

// With the u flag a well-formed pair is one code point; only an unpaired half is in category Cs.
const LONE_SURROGATE = /\p{Cs}/u;

/** Why a string can't be stored as sent, or null when it can. */
function unstorable(text: string): string | null {
  if (text.includes("\u0000")) return "Must not contain the NUL character (\\u0000)";
  if (LONE_SURROGATE.test(text)) return "Must not contain unpaired surrogate characters (ill-formed Unicode)";
  return null;
}

export type UnstorableText = { path: string; message: string };

/** The first place (a dotted path) where a string or an object key can't be stored as sent. */
export function findUnstorableText(value: unknown, path: string[] = []): UnstorableText | null {
  if (typeof value === "string") {
    const message = unstorable(value);
    return message ? { path: path.join(".") || "_", message } : null;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, String(index)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const message = unstorable(key);
      if (message)
        return {
          path: [...path, key.replaceAll("\u0000", "\\0").replace(/\p{Cs}/gu, "\uFFFD")].join("."),
          message,
        };
      const found = findUnstorableText(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}
