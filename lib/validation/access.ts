import { z } from "zod";
import { MAX_CREDITS } from "@/db/schema/ledger";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";
import { isTimeZone } from "@/lib/validation/dates";

export const roleSchema = z.enum(["owner", "admin", "member"]);
const workspaceId = z.uuid();

/** A whole number of credits ≥ 0, or null for Unlimited. */
export const monthlyLimitSchema = z
  .number({ error: "Enter a whole number of credits" })
  .int("Use a whole number of credits")
  .min(0, "The limit can't be negative")
  .max(MAX_CREDITS, "That limit is too large")
  .nullable();

export const emailSchema = z.email("Enter a valid email address").max(320).trim().toLowerCase();

export const TIME_ZONE_MESSAGE = "Choose a time zone from the list";

/** Time zones the JavaScript side knows (the database is asked too, in the actions that save one). */
export const timeZoneSchema = z.string().refine(isTimeZone, { message: TIME_ZONE_MESSAGE });

export const workspaceNameSchema = z.string().trim().min(1, "Enter a name").max(80, "At most 80 characters");

/**
 * Whether this month's usage so far counts against a limit set now ("month", the default) or the
 * limit starts from now ("now": what was used before it is set aside for the rest of the month).
 */
export const countUsageSchema = z.enum(["month", "now"]).default("month");
export type CountUsage = z.infer<typeof countUsageSchema>;

export const updateMemberLimitInput = z.object({
  workspaceId,
  membershipId: z.uuid(),
  monthlyLimit: monthlyLimitSchema,
  countUsage: countUsageSchema,
});

/** How many members one bulk edit may change: more than any plan's seats, few enough for one transaction. */
export const MAX_BULK_MEMBERS = 200;

export const updateMemberLimitsInput = z.object({
  workspaceId,
  membershipIds: z
    .array(z.uuid())
    .min(1, "Select at least one member")
    .max(MAX_BULK_MEMBERS, `Select at most ${MAX_BULK_MEMBERS} members at once`)
    .refine((ids) => new Set(ids).size === ids.length, "Each member may be selected once"),
  monthlyLimit: monthlyLimitSchema,
  countUsage: countUsageSchema,
});
export const updateMemberTopUpInput = z.object({
  workspaceId,
  membershipId: z.uuid(),
  mayUseTopUp: z.boolean(),
});
export const updateMemberDefaultsInput = z.object({
  workspaceId,
  defaultMonthlyLimit: monthlyLimitSchema,
  defaultMayUseTopUp: z.boolean(),
});
export const updateMemberRoleInput = z.object({ workspaceId, membershipId: z.uuid(), role: roleSchema });
export const removeMemberInput = z.object({ workspaceId, membershipId: z.uuid() });
export const createInvitationInput = z.object({
  workspaceId,
  email: emailSchema,
  role: roleSchema,
  /** "default": the workspace's default for new members when they accept; null: Unlimited. */
  monthlyLimit: z.union([z.literal("default"), monthlyLimitSchema]).default("default"),
  /** null: the workspace's default when they accept. */
  mayUseTopUp: z.boolean().nullable().default(null),
});
export const invitationRefInput = z.object({ workspaceId, invitationId: z.uuid() });
export const acceptInvitationInput = z.object({ token: z.string().min(20).max(200) });
export const updateWorkspaceInput = z.object({
  workspaceId,
  name: workspaceNameSchema,
  timeZone: timeZoneSchema,
});
export const deleteWorkspaceInput = z.object({ workspaceId, confirmName: z.string().max(80) });
export const createWorkspaceInput = z.object({ name: workspaceNameSchema, timeZone: timeZoneSchema });

const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(200, "At most 200 characters");

export const signUpInput = z.object({
  name: z.string().trim().min(1, "Enter your name").max(80),
  email: emailSchema,
  password: newPasswordSchema,
  workspaceName: workspaceNameSchema.optional(),
  timeZone: timeZoneSchema.optional(),
});

export const changePasswordInput = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(200, "At most 200 characters"),
    newPassword: newPasswordSchema,
    confirmPassword: z.string().max(200, "At most 200 characters"),
  })
  .refine((input) => input.confirmPassword === input.newPassword, {
    path: ["confirmPassword"],
    message: "Doesn't match the new password",
  })
  .refine((input) => input.newPassword !== input.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password other than your current one",
  });

export const signOutEverywhereInput = z.object({});
