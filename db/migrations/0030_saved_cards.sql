ALTER TYPE "public"."audit_action" ADD VALUE 'payment_method.changed' BEFORE 'api_key.created';--> statement-breakpoint
CREATE TABLE "test_mode_payment_methods" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"test_card" text NOT NULL,
	"brand" text NOT NULL,
	"last4" text NOT NULL,
	"exp_month" integer NOT NULL,
	"exp_year" integer NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_purchases" ADD COLUMN "request_id" uuid;--> statement-breakpoint
ALTER TABLE "test_mode_payment_methods" ADD CONSTRAINT "test_mode_payment_methods_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "test_mode_payment_methods_workspace_idx" ON "test_mode_payment_methods" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "test_mode_payment_methods_one_default" ON "test_mode_payment_methods" USING btree ("workspace_id") WHERE "test_mode_payment_methods"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "credit_purchases_request_idx" ON "credit_purchases" USING btree ("workspace_id","request_id");