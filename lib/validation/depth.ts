// Request bodies nest at most this deep. A real one nests three or four levels; 2,800 levels of
// brackets (5.6 KB) once overflowed the stack of the recursive checks behind every API call and
// answered 500 after up to 1.6 s. Both checks here are iterative and stop as soon as the limit is
// passed, so refusing costs no more than reading the body.
export const MAX_JSON_DEPTH = 32;

/** True when JSON text nests deeper than `limit` (brackets inside strings don't count). */
export function jsonTextTooDeep(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i += 1;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth -= 1;
  }
  return false;
}

/** True when a value's arrays and objects nest deeper than `limit` (walked without recursion). */
export function valueTooDeep(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  const seen = new Set<object>();
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [item, depth] = next;
    if (item === null || typeof item !== "object" || seen.has(item)) continue;
    if (depth + 1 > limit) return true;
    seen.add(item);
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}
