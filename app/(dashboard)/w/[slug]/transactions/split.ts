import type { Split } from "@/lib/ledger/types";
import { formatCredits } from "@/lib/format";

const PARTS: { key: keyof Split; label: string }[] = [
  { key: "free", label: "free" },
  { key: "subscription", label: "subscription" },
  { key: "topUp", label: "top-up" },
  { key: "adjustment", label: "adjustment" },
];

/** Which kinds of credits an entry moved: "60 free · 40 subscription". Empty when it moved none. */
export function formatSplit(split: Split): string {
  return PARTS.filter(({ key }) => split[key] !== 0)
    .map(({ key, label }) => `${formatCredits(Math.abs(split[key]))} ${label}`)
    .join(" · ");
}
