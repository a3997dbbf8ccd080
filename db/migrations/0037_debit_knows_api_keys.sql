-- cp_debit learns the API key that asks and a dry run (POST /api/v1/quote), cp_draw the member's top-up
-- permission and cp_debit_refusal the key's cap and allowed list and the top-up permission (issue 19), so
-- their argument lists change: drop the old ones here; db/functions/debit.sql creates the new ones on
-- every migrate.
DROP FUNCTION IF EXISTS cp_debit(text, uuid, uuid, bigint, boolean, text, text, jsonb, integer, timestamptz, text, text, timestamptz);--> statement-breakpoint
DROP FUNCTION IF EXISTS cp_draw(lot_type[], bigint[], bigint, boolean);--> statement-breakpoint
DROP FUNCTION IF EXISTS cp_debit_refusal(boolean, bigint, boolean, subscription_status, bigint, bigint, bigint, date, text, bigint);
