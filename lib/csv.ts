// Shared by every CSV export (the transaction history and the analytics CSV).

/** Text a spreadsheet would run as a formula gets a leading apostrophe (CSV injection). */
export function safeCsvText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
