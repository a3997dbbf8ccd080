-- Grants: free, subscription, top-up and adjustment credits, each a lot of its own.
-- Live SQL: applied by db/migrate.ts after the migrations on every migrate. Change it here, never in a
-- migration (docs/ARCHITECTURE.md, "SQL functions").

-- Grants a lot: free, subscription, top-up or adjustment credits. Every grant (a purchase, an auto
-- top-up, a subscription's monthly grant, the daily free credits, an adjustment) first pays off the
-- workspace's debt (reversals.sql): a `debt_repayment` entry right after the grant's own draws
-- min(debt, amount) from the new lot, in the same transaction; the rest is spendable. The result
-- says how much went to the debt (`debtRepaid`) and what is still owed (`debtAfter`).
CREATE OR REPLACE FUNCTION cp_grant(
  p_ws uuid, p_type lot_type, p_code entry_code, p_amount bigint, p_expires_at timestamptz,
  p_member uuid, p_reference text, p_key text, p_hash text, p_metadata jsonb, p_now timestamptz
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_balance bigint;
  v_debt bigint;
  v_repaid bigint;
  v_start record;
  v_exp record;
  v_entry bigint;
  v_repay_entry bigint;
  v_lot uuid := gen_random_uuid();
  v_result jsonb;
BEGIN
  v_start := cp_lock_and_replay(p_ws, p_key, p_hash);
  IF v_start.answer IS NOT NULL THEN
    RETURN v_start.answer;
  END IF;
  v_balance := v_start.balance;
  IF p_amount <= 0 THEN
    RETURN cp_refusal('invalid_amount');
  END IF;
  IF p_expires_at IS NOT NULL AND p_expires_at <= p_now THEN
    RETURN cp_refusal('invalid_expiry');
  END IF;
  SELECT debt INTO v_debt FROM credit_accounts WHERE workspace_id = p_ws;
  v_repaid := least(v_debt, p_amount);
  v_exp := cp_expire_due(p_ws, p_now, v_balance);
  v_balance := v_exp.balance + p_amount;
  v_entry := cp_next_entry_id();
  v_repay_entry := CASE WHEN v_repaid > 0 THEN cp_next_entry_id() END;
  v_result := jsonb_build_object('ok', true, 'replayed', false, 'entryId', v_entry, 'lotId', v_lot,
    'amount', p_amount, 'type', p_type, 'expiresAt', p_expires_at, 'balanceAfter', v_balance - v_repaid,
    'debtRepaid', v_repaid, 'debtAfter', v_debt - v_repaid, 'repaymentEntryId', v_repay_entry);
  -- The entry goes in first (the lot refers to it), then the lot, then the allocation into it.
  INSERT INTO ledger_entries (id, workspace_id, amount, balance_after, code, membership_id, reference,
      split_free, split_subscription, split_top_up, split_adjustment,
      idempotency_key, request_hash, result, metadata, created_at)
    OVERRIDING SYSTEM VALUE
    VALUES (v_entry, p_ws, p_amount, v_balance, p_code, p_member, p_reference,
      CASE WHEN p_type = 'free' THEN p_amount ELSE 0 END,
      CASE WHEN p_type = 'subscription' THEN p_amount ELSE 0 END,
      CASE WHEN p_type = 'top_up' THEN p_amount ELSE 0 END,
      CASE WHEN p_type = 'adjustment' THEN p_amount ELSE 0 END,
      p_key, p_hash, v_result, coalesce(p_metadata, '{}'::jsonb), p_now);
  INSERT INTO credit_lots (id, workspace_id, type, amount_granted, amount_remaining, granted_at,
      expires_at, source, source_ref, grant_entry_id)
    VALUES (v_lot, p_ws, p_type, p_amount, p_amount - v_repaid, p_now, p_expires_at, p_code, p_reference, v_entry);
  INSERT INTO ledger_allocations (entry_id, lot_id, seq, workspace_id, lot_type, amount)
    VALUES (v_entry, v_lot, 1, p_ws, p_type, p_amount);
  IF v_repaid > 0 THEN
    v_balance := v_balance - v_repaid;
    -- Drawn from the new lot (already net of it above), so the lot and its allocations agree.
    INSERT INTO ledger_entries (id, workspace_id, amount, balance_after, code, reference,
        split_free, split_subscription, split_top_up, split_adjustment, owed,
        idempotency_key, request_hash, result, metadata, created_at)
      OVERRIDING SYSTEM VALUE
      VALUES (v_repay_entry, p_ws, -v_repaid, v_balance, 'debt_repayment', v_entry::text,
        CASE WHEN p_type = 'free' THEN -v_repaid ELSE 0 END,
        CASE WHEN p_type = 'subscription' THEN -v_repaid ELSE 0 END,
        CASE WHEN p_type = 'top_up' THEN -v_repaid ELSE 0 END,
        CASE WHEN p_type = 'adjustment' THEN -v_repaid ELSE 0 END,
        -v_repaid, p_key || ':debt', p_hash, NULL,
        jsonb_build_object('grantEntryId', v_entry, 'debtBefore', v_debt), p_now);
    INSERT INTO ledger_allocations (entry_id, lot_id, seq, workspace_id, lot_type, amount)
      VALUES (v_repay_entry, v_lot, 1, p_ws, p_type, -v_repaid);
  END IF;
  UPDATE credit_accounts
     SET balance = v_balance, debt = debt - v_repaid, lifetime_added = lifetime_added + p_amount,
         lifetime_expired = lifetime_expired + v_exp.expired, updated_at = p_now
   WHERE workspace_id = p_ws;
  RETURN v_result;
END $$;
