ALTER TYPE "public"."audit_action" ADD VALUE 'credits.refunded' BEFORE 'auto_top_up.changed';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'credits.disputed' BEFORE 'auto_top_up.changed';--> statement-breakpoint
ALTER TYPE "public"."credit_event_type" ADD VALUE 'credit_purchase_refunded';--> statement-breakpoint
ALTER TYPE "public"."credit_event_type" ADD VALUE 'credit_purchase_disputed';--> statement-breakpoint
CREATE TABLE "test_mode_reversals" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" "reversal_kind" NOT NULL,
	"workspace_id" uuid NOT NULL,
	"charge_id" text NOT NULL,
	"payment_intent_id" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "test_mode_reversals" ADD CONSTRAINT "test_mode_reversals_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "test_mode_reversals_charge_idx" ON "test_mode_reversals" USING btree ("charge_id","created_at");--> statement-breakpoint
CREATE INDEX "test_mode_reversals_updated_idx" ON "test_mode_reversals" USING btree ("updated_at");