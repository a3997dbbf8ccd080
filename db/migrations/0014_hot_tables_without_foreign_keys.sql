ALTER TABLE "ledger_allocations" DROP CONSTRAINT "ledger_allocations_entry_id_ledger_entries_id_fk";
--> statement-breakpoint
ALTER TABLE "ledger_allocations" DROP CONSTRAINT "ledger_allocations_lot_id_credit_lots_id_fk";
--> statement-breakpoint
ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_membership_id_memberships_id_fk";
--> statement-breakpoint
ALTER TABLE "member_usage" DROP CONSTRAINT "member_usage_membership_id_memberships_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_events" DROP CONSTRAINT "usage_events_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_events" DROP CONSTRAINT "usage_events_membership_id_memberships_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_events" DROP CONSTRAINT "usage_events_ledger_entry_id_ledger_entries_id_fk";
--> statement-breakpoint
DROP INDEX "credit_lots_open_idx";--> statement-breakpoint
ALTER TABLE "credit_lots" ADD COLUMN "is_open" boolean GENERATED ALWAYS AS (amount_remaining > 0) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "credit_lots_open_idx" ON "credit_lots" USING btree ("workspace_id","expires_at") WHERE "credit_lots"."is_open";