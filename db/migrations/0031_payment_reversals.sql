CREATE TYPE "public"."reversal_kind" AS ENUM('refund', 'dispute');--> statement-breakpoint
CREATE TYPE "public"."reversal_status" AS ENUM('succeeded', 'pending', 'failed', 'canceled', 'open', 'won', 'lost');--> statement-breakpoint
CREATE TABLE "payment_reversals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"kind" "reversal_kind" NOT NULL,
	"provider" "payment_provider" NOT NULL,
	"provider_id" text NOT NULL,
	"charge_id" text,
	"payment_intent_id" text,
	"purchase_id" uuid,
	"plan_invoice_id" text,
	"amount_cents" bigint NOT NULL,
	"currency" text DEFAULT 'usd' NOT NULL,
	"status" "reversal_status" NOT NULL,
	"reason" text,
	"credits" bigint DEFAULT 0 NOT NULL,
	"credits_taken" bigint DEFAULT 0 NOT NULL,
	"credits_owed" bigint DEFAULT 0 NOT NULL,
	"ledger_entry_id" bigint,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "payment_reversals_amount_non_negative" CHECK ("payment_reversals"."amount_cents" >= 0),
	CONSTRAINT "payment_reversals_credits_add_up" CHECK ("payment_reversals"."credits" >= 0 AND "payment_reversals"."credits_taken" >= 0 AND "payment_reversals"."credits_owed" >= 0 AND "payment_reversals"."credits_taken" + "payment_reversals"."credits_owed" <= "payment_reversals"."credits")
);
--> statement-breakpoint
ALTER TABLE "payment_reversals" ADD CONSTRAINT "payment_reversals_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_reversals" ADD CONSTRAINT "payment_reversals_purchase_id_credit_purchases_id_fk" FOREIGN KEY ("purchase_id") REFERENCES "public"."credit_purchases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_reversals_provider_id_idx" ON "payment_reversals" USING btree ("workspace_id","provider_id");--> statement-breakpoint
CREATE INDEX "payment_reversals_purchase_idx" ON "payment_reversals" USING btree ("purchase_id");--> statement-breakpoint
CREATE INDEX "payment_reversals_workspace_idx" ON "payment_reversals" USING btree ("workspace_id","created_at" DESC NULLS LAST);