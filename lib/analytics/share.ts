/** Share of the total as a percentage with one decimal ("12.5%"); exact figures sit beside it. */
export function formatShare(part: number, total: number): string {
  if (total <= 0) return "0%";
  return `${((part / total) * 100).toFixed(1)}%`;
}
