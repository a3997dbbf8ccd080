// What people type into the amount fields of Purchase Credits and Auto Top Up, read and written back
// with integer arithmetic only (money never goes through a float).

/** "12,500", "12 500" or "12_500" -> 12500; anything that is not a whole number -> null. */
export function parseWholeNumber(text: string): number | null {
  const digits = text.replace(/[\s,_]/g, "");
  return /^\d{1,16}$/.test(digits) ? Number(digits) : null;
}

/** "$1,250.5" -> 125050 cents, "" -> null, anything else -> NaN (more than two decimals included). */
export function parseDollars(text: string): number | null {
  const clean = text.replace(/[\s,$_]/g, "");
  if (clean === "") return null;
  const match = /^(\d{1,12})(?:\.(\d{0,2}))?$/.exec(clean);
  if (!match) return Number.NaN;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** 125050 -> "1250.50", 500000 -> "5000": cents as a dollar field's text (no symbol, no separators). */
export function dollarsText(cents: number | null): string {
  if (cents === null) return "";
  const dollars = Math.trunc(cents / 100);
  const rest = cents % 100;
  return rest === 0 ? String(dollars) : `${dollars}.${String(rest).padStart(2, "0")}`;
}
