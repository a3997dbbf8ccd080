-- cp_debit_refusal gains the workspace's debt (the credits_owed refusal, issue 18), so its argument
-- list changes: drop the old one here; db/functions/debit.sql creates the new one on every migrate.
DROP FUNCTION IF EXISTS cp_debit_refusal(boolean, bigint, boolean, subscription_status, bigint, bigint, bigint, date, text);
