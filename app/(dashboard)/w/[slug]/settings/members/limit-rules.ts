import type { RoleChangeRefusal } from "@/lib/auth/permissions";
import { monthlyLimitSchema } from "@/lib/validation/access";

export type ParsedLimit = { ok: true; value: number | null } | { ok: false; message: string };

/** What the limit field holds, checked as the server will check it (it checks again). */
export function parseLimit(text: string, isUnlimited: boolean): ParsedLimit {
  if (isUnlimited) return { ok: true, value: null };
  const trimmed = text.trim().replaceAll(",", "");
  if (!/^\d+$/.test(trimmed)) return { ok: false, message: "Enter a whole number of credits (0 or more)" };
  const parsed = monthlyLimitSchema.safeParse(Number(trimmed));
  if (!parsed.success)
    return { ok: false, message: parsed.error.issues[0]?.message ?? "Enter a valid limit" };
  return { ok: true, value: parsed.data };
}

/** Why the editor won't offer a role change, in words. */
export function refusalReason(refusal: RoleChangeRefusal, isSelf: boolean): string {
  if (refusal === "last_owner") {
    return isSelf
      ? "You are the only owner. Make someone else an owner before changing your own role."
      : "A workspace needs at least one owner. Make someone else an owner first.";
  }
  return "Only owners can make someone an owner or change an owner's role.";
}
