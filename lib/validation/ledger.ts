import { z } from "zod";
import { MAX_CREDITS } from "@/db/schema/ledger";

export const credits = z.number().int().min(1).max(MAX_CREDITS);
export const idempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces");
export const workspaceId = z.uuid();

const settingValue = z.union([z.string().max(100), z.number().finite(), z.boolean()]);

export const settingsSchema = z.record(z.string().max(64), settingValue);

export const generationSchema = z.object({
  feature: z.string().min(1).max(64),
  model: z.string().min(1).max(128),
  settings: settingsSchema.default({}),
  results: z.number().int().min(1).max(100),
});

export const grantInput = z.object({
  workspaceId,
  type: z.enum(["free", "subscription", "top_up", "adjustment"]),
  code: z.enum(["grant_free", "grant_subscription", "top_up", "auto_top_up", "adjustment"]),
  amount: credits,
  expiresAt: z.date().nullable(),
  membershipId: z.uuid().nullable().default(null),
  reference: z.string().max(255).nullable().default(null),
  metadata: z.record(z.string(), z.unknown()).default({}),
  idempotencyKey,
});

export const spendInput = generationSchema.extend({
  workspaceId,
  /** In lower case, as the database writes ids: the batch matches members as text (db/functions/debit-batch.sql). */
  membershipId: z.uuid().transform((id) => id.toLowerCase()),
  idempotencyKey,
  /** The metering API key that asks: its monthly cap and allowed list apply, and its usage is recorded. */
  apiKeyId: z.uuid().nullable().default(null),
});

export const holdInput = spendInput.extend({
  /** How long the hold lasts before it is released; the server default when omitted. */
  timeoutSeconds: z.number().int().min(10).max(86_400).optional(),
});

export const settleInput = z.object({
  workspaceId,
  holdId: z.uuid(),
  settings: settingsSchema.optional(),
  results: generationSchema.shape.results.optional(),
});

export const releaseInput = z.object({ workspaceId, holdId: z.uuid() });

export const refundInput = z.object({
  workspaceId,
  entryId: z.number().int().positive(),
  /** Omit for the whole remaining amount. */
  amount: credits.optional(),
  reason: z.string().max(500).default("refund"),
  idempotencyKey,
});

export type GrantInput = z.input<typeof grantInput>;
export type SpendInput = z.input<typeof spendInput>;
export type ReleaseInput = z.input<typeof releaseInput>;
export type RefundInput = z.input<typeof refundInput>;

// Money that goes back (lib/ledger/reversals.ts). Keys come from systemKey(), never from a client.
const reversalInput = z.object({
  workspaceId,
  /** The payment's lots: a purchase's top-up lot, or a plan term's subscription lots. */
  lotIds: z.array(z.uuid()).max(100),
  /** The refund or dispute id (re_…, dp_…). */
  reference: z.string().min(1).max(255),
  idempotencyKey,
  metadata: z.record(z.string(), z.unknown()).default({}),
});

export const takeBackInput = reversalInput.extend({
  credits,
  reason: z.enum(["refund", "dispute_lost"]),
});

export const disputeHoldInput = reversalInput;

export const disputeCloseInput = reversalInput.extend({
  outcome: z.enum(["won", "lost"]),
  /** For a lost dispute: the disputed share of the payment's credits. Ignored when won. */
  credits: z.number().int().min(0).max(MAX_CREDITS),
});

export type TakeBackInput = z.input<typeof takeBackInput>;
export type DisputeHoldInput = z.input<typeof disputeHoldInput>;
export type DisputeCloseInput = z.input<typeof disputeCloseInput>;
