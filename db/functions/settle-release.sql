-- Holds after they are made (cp_debit 'hold' makes them): settled at the actual cost, or released.
-- Live SQL: applied by db/migrate.ts after the migrations on every migrate. Change it here, never in a
-- migration (docs/ARCHITECTURE.md, "SQL functions").

-- The first step of a settle or release: cp_lock_and_replay, then the workspace's hold, which must be
-- active. `answer` is what to return at once, if anything: workspace_not_found, the replay of (or
-- conflict with) an earlier request with the key, hold_not_found or hold_not_active.
CREATE OR REPLACE FUNCTION cp_lock_and_find_hold(p_ws uuid, p_hold uuid, p_key text, p_hash text,
  OUT balance bigint, OUT hold holds, OUT answer jsonb) LANGUAGE plpgsql AS $$
DECLARE
  v_start record;
BEGIN
  v_start := cp_lock_and_replay(p_ws, p_key, p_hash);
  balance := v_start.balance;
  answer := v_start.answer;
  IF answer IS NOT NULL THEN
    RETURN;
  END IF;
  SELECT * INTO hold FROM holds h WHERE h.id = p_hold AND h.workspace_id = p_ws;
  IF NOT FOUND THEN
    answer := cp_refusal('hold_not_found');
  ELSIF hold.status <> 'active' THEN
    answer := cp_refusal('hold_not_active', jsonb_build_object('status', hold.status));
  END IF;
END $$;

-- Gives a hold's credits back to the lots it drew from. Used by release and by settle.
-- Caller holds the account lock; returns the balance after the release entry.
CREATE OR REPLACE FUNCTION cp_return_hold(p_ws uuid, p_hold holds, p_entry bigint, p_balance bigint,
  p_key text, p_hash text, p_result jsonb, p_now timestamptz) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  v_lots uuid[];
  v_types lot_type[];
  v_amounts bigint[];
BEGIN
  SELECT array_agg(lot_id ORDER BY seq), array_agg(lot_type ORDER BY seq), array_agg(-amount ORDER BY seq)
    INTO v_lots, v_types, v_amounts
    FROM ledger_allocations WHERE entry_id = p_hold.hold_entry_id AND workspace_id = p_ws;
  PERFORM cp_post(p_entry, p_ws, 'release', 1, v_lots, v_types, v_amounts, p_balance + p_hold.amount,
    p_hold.membership_id, p_hold.id, NULL, NULL, p_hold.usage_period, p_key, p_hash, p_result,
    jsonb_build_object('feature', p_hold.feature, 'model', p_hold.model), p_now);
  UPDATE member_usage SET used = used - p_hold.amount
   WHERE membership_id = p_hold.membership_id AND period_start = p_hold.usage_period AND workspace_id = p_ws;
  UPDATE api_key_usage SET used = used - p_hold.amount
   WHERE api_key_id = p_hold.api_key_id AND period_start = p_hold.usage_period AND workspace_id = p_ws;
  RETURN p_balance + p_hold.amount;
END $$;

-- Releases a hold in full. p_status is 'released' (asked for) or 'expired' (timed out).
-- Releasing twice returns the first result.
CREATE OR REPLACE FUNCTION cp_release(p_ws uuid, p_hold uuid, p_status hold_status, p_now timestamptz)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_balance bigint;
  v_key text := 'hold:' || p_hold || ':release';
  v_start record;
  v_hold holds;
  v_exp record;
  v_entry bigint;
  v_result jsonb;
BEGIN
  v_start := cp_lock_and_find_hold(p_ws, p_hold, v_key, 'release');
  IF v_start.answer IS NOT NULL THEN
    RETURN v_start.answer;
  END IF;
  v_balance := v_start.balance;
  v_hold := v_start.hold;
  v_entry := cp_next_entry_id();
  v_result := jsonb_build_object('ok', true, 'replayed', false, 'holdId', p_hold, 'entryId', v_entry,
    'released', v_hold.amount, 'status', p_status, 'balanceAfter', v_balance + v_hold.amount);
  v_balance := cp_return_hold(p_ws, v_hold, v_entry, v_balance, v_key, 'release', v_result, p_now);
  -- Credits that went back to a lot that has expired in the meantime expire now.
  v_exp := cp_expire_due(p_ws, p_now, v_balance);
  UPDATE holds SET status = p_status, closed_at = p_now WHERE id = p_hold AND workspace_id = p_ws;
  UPDATE credit_accounts
     SET balance = v_exp.balance, held = held - v_hold.amount,
         lifetime_expired = lifetime_expired + v_exp.expired, updated_at = p_now
   WHERE workspace_id = p_ws;
  RETURN v_result;
END $$;

-- Settles a hold at the actual cost (at most what was held): the hold is returned to its lots and
-- the actual cost is drawn from those same lots in the same order, even if one has expired since
-- the hold was made (the hold reserved them). Settling twice returns the first result.
CREATE OR REPLACE FUNCTION cp_settle(p_ws uuid, p_hold uuid, p_amount bigint, p_settings jsonb, p_results integer,
  p_hash text, p_now timestamptz) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_balance bigint;
  v_key text := 'hold:' || p_hold || ':settle';
  v_start record;
  v_hold holds;
  v_release_entry bigint;
  v_spend_entry bigint;
  v_usage uuid;
  v_need bigint := p_amount;
  v_take bigint;
  v_lots uuid[] := '{}';
  v_types lot_type[] := '{}';
  v_takes bigint[] := '{}';
  v_split jsonb;
  v_after bigint;
  v_exp record;
  v_result jsonb;
  v_released jsonb;
  r record;
BEGIN
  v_start := cp_lock_and_find_hold(p_ws, p_hold, v_key, p_hash);
  IF v_start.answer IS NOT NULL THEN
    RETURN v_start.answer;
  END IF;
  v_balance := v_start.balance;
  v_hold := v_start.hold;
  IF p_amount < 0 OR p_amount > v_hold.amount THEN
    RETURN cp_refusal('exceeds_hold', jsonb_build_object('held', v_hold.amount, 'required', p_amount));
  END IF;
  IF p_now >= v_hold.expires_at THEN
    -- Too late: the hold has timed out. Release it (as the timeout job would) and say so.
    v_released := cp_release(p_ws, p_hold, 'expired', p_now);
    RETURN cp_refusal('hold_expired', jsonb_build_object('expiresAt', v_hold.expires_at));
  END IF;

  v_release_entry := cp_next_entry_id();
  v_spend_entry := CASE WHEN p_amount > 0 THEN cp_next_entry_id() END;
  FOR r IN SELECT lot_id, lot_type, -amount AS took FROM ledger_allocations
            WHERE entry_id = v_hold.hold_entry_id AND workspace_id = p_ws ORDER BY seq
  LOOP
    EXIT WHEN v_need = 0;
    v_take := least(v_need, r.took);
    v_lots := v_lots || r.lot_id;
    v_types := v_types || r.lot_type;
    v_takes := v_takes || v_take;
    v_need := v_need - v_take;
  END LOOP;
  v_split := cp_split(v_types, v_takes);
  v_after := v_balance + v_hold.amount - p_amount;
  v_usage := CASE WHEN p_amount > 0 THEN cp_new_id() END;  -- time-ordered (ledger-helpers.sql)
  v_result := jsonb_build_object('ok', true, 'replayed', false, 'holdId', p_hold,
    'releaseEntryId', v_release_entry, 'entryId', v_spend_entry, 'usageEventId', v_usage,
    'amount', p_amount, 'released', v_hold.amount - p_amount, 'split', v_split,
    'balanceAfter', v_after, 'membershipId', v_hold.membership_id);

  v_balance := cp_return_hold(p_ws, v_hold, v_release_entry, v_balance, v_key, p_hash, v_result, p_now);
  IF p_amount > 0 THEN
    PERFORM cp_post(v_spend_entry, p_ws, 'spend', -1, v_lots, v_types, v_takes, v_after,
      v_hold.membership_id, p_hold, NULL, NULL, v_hold.usage_period, v_key || ':spend', p_hash, NULL,
      jsonb_build_object('feature', v_hold.feature, 'model', v_hold.model), p_now);
    INSERT INTO usage_events (id, workspace_id, membership_id, api_key_id, feature, model, settings, results,
        credits, ledger_entry_id, hold_id, created_at)
      VALUES (v_usage, p_ws, v_hold.membership_id, v_hold.api_key_id, v_hold.feature, v_hold.model,
        coalesce(p_settings, v_hold.settings), coalesce(p_results, v_hold.results), p_amount,
        v_spend_entry, p_hold, p_now);
    UPDATE member_usage SET used = used + p_amount
     WHERE membership_id = v_hold.membership_id AND period_start = v_hold.usage_period AND workspace_id = p_ws;
    UPDATE api_key_usage SET used = used + p_amount
     WHERE api_key_id = v_hold.api_key_id AND period_start = v_hold.usage_period AND workspace_id = p_ws;
  END IF;
  v_exp := cp_expire_due(p_ws, p_now, v_after);
  UPDATE holds SET status = 'settled', settled_amount = p_amount, closed_at = p_now WHERE id = p_hold AND workspace_id = p_ws;
  UPDATE credit_accounts
     SET balance = v_exp.balance, held = held - v_hold.amount, lifetime_spent = lifetime_spent + p_amount,
         lifetime_expired = lifetime_expired + v_exp.expired, updated_at = p_now
   WHERE workspace_id = p_ws;
  RETURN v_result;
END $$;
