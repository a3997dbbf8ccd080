ALTER TYPE "public"."audit_action" ADD VALUE 'billing_details.changed';--> statement-breakpoint
CREATE TABLE "test_mode_customers" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"details" jsonb NOT NULL,
	"tax_ids" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workspace_billing_details" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"company_name" text,
	"address_line1" text,
	"address_line2" text,
	"city" text,
	"postal_code" text,
	"state" text,
	"country" text,
	"receipt_email" text,
	"tax_id" text,
	"updated_by_user_id" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "workspace_billing_details_country_code" CHECK ("workspace_billing_details"."country" IS NULL OR "workspace_billing_details"."country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
ALTER TABLE "test_mode_customers" ADD CONSTRAINT "test_mode_customers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_billing_details" ADD CONSTRAINT "workspace_billing_details_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_billing_details" ADD CONSTRAINT "workspace_billing_details_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;