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
  const found = findIn(value);
  return found ? { path: [...path, ...found.at.reverse()].join(".") || "_", message: found.message } : null;
}

/**
 * The walk behind findUnstorableText. The path is built only for what is found, on the way back
 * (segments innermost first): a batch of 1,000 records walks every string, and copying the path at
 * every step was most of the walk's cost.
 */
function findIn(value: unknown): { at: string[]; message: string } | null {
  if (typeof value === "string") {
    const message = unstorable(value);
    return message ? { at: [], message } : null;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = findIn(value[index]);
      if (found) {
        found.at.push(String(index));
        return found;
      }
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const message = unstorable(key);
      if (message) return { at: [key.replaceAll("\u0000", "\\0").replace(/\p{Cs}/gu, "\uFFFD")], message };
      const found = findIn((value as Record<string, unknown>)[key]);
      if (found) {
        found.at.push(key);
        return found;
      }
    }
  }
  return null;
}
