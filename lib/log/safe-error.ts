// What an error may say in a log: its kind, message and code, never the query parameters a failed
// database call carries (API key hashes, emails, idempotency keys, request bodies).

/** A one-line, parameter-free description of an error and its causes, for logs. */
export function describeErrorForLog(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    if (current instanceof Error || (typeof current === "object" && current !== null)) {
      const { name, message, code } = current as { name?: unknown; message?: unknown; code?: unknown };
      // drizzle puts the parameters after "params:" in the message itself.
      const text = typeof message === "string" ? message.split(/\n?params:/)[0]?.trim() : "";
      parts.push(
        [typeof name === "string" ? name : "Error", text, typeof code === "string" ? `(${code})` : ""]
          .filter(Boolean)
          .join(" "),
      );
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(" <- caused by: ");
}
