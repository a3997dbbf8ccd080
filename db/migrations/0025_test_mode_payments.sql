CREATE TYPE "public"."provider_payment_status" AS ENUM('paid', 'failed', 'expired', 'requires_action');--> statement-breakpoint
CREATE TABLE "test_mode_payments" (
	"id" text PRIMARY KEY NOT NULL,
	"object" text NOT NULL,
	"purchase_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"payment_intent_id" text,
	"status" "provider_payment_status" NOT NULL,
	"amount_cents" bigint NOT NULL,
	"currency" text NOT NULL,
	"failure_code" text,
	"failure_message" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "test_mode_payments" ADD CONSTRAINT "test_mode_payments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "test_mode_payments_created_idx" ON "test_mode_payments" USING btree ("created_at");