// curl commands for the API reference and the new-key dialog: one shape everywhere.

/** Quotes a value for a POSIX shell (single quotes; an embedded ' becomes '\''). */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

type CurlInput = {
  method: string;
  url: string;
  /**
   * The key as it should appear in the command: a real key, or a shell variable such as
   * "$CREDITPOOL_API_KEY" (then the header is double-quoted so the shell expands it).
   */
  apiKey: string;
  body?: unknown;
  /** Query parameters, sent with -G --data-urlencode so each reads on its own line. */
  query?: [string, string][];
};

export function curlCommand({ method, url, apiKey, body, query = [] }: CurlInput): string {
  const auth = apiKey.startsWith("$")
    ? `"Authorization: Bearer ${apiKey}"`
    : shellQuote(`Authorization: Bearer ${apiKey}`);
  // A URL with a shell variable in it (a path parameter) is double-quoted so it expands.
  const target = url.includes("$") ? `"${url}"` : shellQuote(url);
  const verb = query.length && method.toUpperCase() === "GET" ? "-G" : `-X ${method.toUpperCase()}`;
  const lines = [`curl ${verb} ${target}`, `  -H ${auth}`];
  for (const [name, value] of query) lines.push(`  --data-urlencode ${shellQuote(`${name}=${value}`)}`);
  if (body !== undefined) {
    lines.push(`  -H 'Content-Type: application/json'`);
    const json = JSON.stringify(body, null, 2).replaceAll("\n", "\n  ");
    lines.push(`  -d ${shellQuote(json)}`);
  }
  return lines.join(" \\\n");
}
