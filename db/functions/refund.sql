-- Refunds: a reversing entry for all or part of a spend.
-- Live SQL: applied by db/migrate.ts after the migrations on every migrate. Change it here, never in a
-- migration (docs/ARCHITECTURE.md, "SQL functions").

-- Refunds all or part of a spend with a reversing entry. Credits go back to the lots they came
-- from, last-drawn first; the part whose lot has expired since goes to a new top-up lot.
CREATE OR REPLACE FUNCTION cp_refund(p_ws uuid, p_spend bigint, p_amount bigint, p_reason text,
  p_key text, p_hash text, p_now timestamptz) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_balance bigint;
  v_start record;
  v_spend ledger_entries;
  v_refunded bigint;
  v_refundable bigint;
  v_amount bigint;
  v_skip bigint;
  v_need bigint;
  v_give bigint;
  v_to_new bigint := 0;
  v_new_lot uuid;
  v_lots uuid[] := '{}';
  v_types lot_type[] := '{}';
  v_gives bigint[] := '{}';
  v_exp record;
  v_entry bigint;
  v_result jsonb;
  r record;
BEGIN
  v_start := cp_lock_and_replay(p_ws, p_key, p_hash);
  IF v_start.answer IS NOT NULL THEN
    RETURN v_start.answer;
  END IF;
  v_balance := v_start.balance;
  SELECT * INTO v_spend FROM ledger_entries WHERE id = p_spend AND workspace_id = p_ws AND code = 'spend';
  IF NOT FOUND THEN
    RETURN cp_refusal('entry_not_found');
  END IF;
  SELECT coalesce(sum(amount), 0) INTO v_refunded FROM ledger_entries
   WHERE refund_of_entry_id = p_spend AND workspace_id = p_ws;
  v_refundable := -v_spend.amount - v_refunded;
  v_amount := coalesce(p_amount, v_refundable);
  IF v_amount <= 0 OR v_amount > v_refundable THEN
    RETURN cp_refusal('exceeds_refundable', jsonb_build_object('refundable', v_refundable));
  END IF;

  v_exp := cp_expire_due(p_ws, p_now, v_balance);
  -- Earlier refunds of this spend took back the last-drawn credits first; skip those.
  v_skip := v_refunded;
  v_need := v_amount;
  FOR r IN SELECT a.lot_id, a.lot_type, -a.amount AS took, l.expires_at
             FROM ledger_allocations a JOIN credit_lots l ON l.id = a.lot_id AND l.workspace_id = a.workspace_id
            WHERE a.entry_id = p_spend AND a.workspace_id = p_ws ORDER BY a.seq DESC
  LOOP
    EXIT WHEN v_need = 0;
    v_give := r.took - least(v_skip, r.took);
    v_skip := v_skip - least(v_skip, r.took);
    v_give := least(v_give, v_need);
    CONTINUE WHEN v_give = 0;
    v_need := v_need - v_give;
    IF r.expires_at IS NOT NULL AND r.expires_at <= p_now THEN
      v_to_new := v_to_new + v_give;
    ELSE
      v_lots := v_lots || r.lot_id;
      v_types := v_types || r.lot_type;
      v_gives := v_gives || v_give;
    END IF;
  END LOOP;

  v_entry := cp_next_entry_id();
  IF v_to_new > 0 THEN
    v_new_lot := gen_random_uuid();
  END IF;
  v_balance := v_exp.balance + v_amount;
  v_result := jsonb_build_object('ok', true, 'replayed', false, 'entryId', v_entry, 'refundOf', p_spend,
    'amount', v_amount, 'newLotId', v_new_lot, 'balanceAfter', v_balance);
  IF v_to_new > 0 THEN
    -- The lot must exist before the allocation into it; it starts empty and cp_post fills it.
    INSERT INTO ledger_entries (id, workspace_id, amount, balance_after, code, membership_id,
        refund_of_entry_id, reference, usage_period, split_free, split_subscription, split_top_up,
        split_adjustment, idempotency_key, request_hash, result, metadata, created_at)
      OVERRIDING SYSTEM VALUE
      SELECT v_entry, p_ws, v_amount, v_balance, 'refund', v_spend.membership_id, p_spend, p_reason,
        v_spend.usage_period,
        coalesce(sum(a) FILTER (WHERE t = 'free'), 0),
        coalesce(sum(a) FILTER (WHERE t = 'subscription'), 0),
        coalesce(sum(a) FILTER (WHERE t = 'top_up'), 0) + v_to_new,
        coalesce(sum(a) FILTER (WHERE t = 'adjustment'), 0),
        p_key, p_hash, v_result, '{}'::jsonb, p_now
      FROM unnest(v_types, v_gives) AS u(t, a);
    INSERT INTO credit_lots (id, workspace_id, type, amount_granted, amount_remaining, granted_at,
        expires_at, source, source_ref, grant_entry_id)
      VALUES (v_new_lot, p_ws, 'top_up', v_to_new, v_to_new, p_now, NULL, 'refund', p_spend::text, v_entry);
    INSERT INTO ledger_allocations (entry_id, lot_id, seq, workspace_id, lot_type, amount)
      SELECT v_entry, u.l, u.s, p_ws, u.t, u.a
        FROM unnest(v_lots || v_new_lot, v_types || 'top_up'::lot_type, v_gives || v_to_new)
             WITH ORDINALITY AS u(l, t, a, s);
    UPDATE credit_lots c SET amount_remaining = c.amount_remaining + u.a
      FROM unnest(v_lots, v_gives) AS u(l, a) WHERE c.id = u.l AND c.workspace_id = p_ws;
  ELSE
    PERFORM cp_post(v_entry, p_ws, 'refund', 1, v_lots, v_types, v_gives, v_balance,
      v_spend.membership_id, v_spend.hold_id, p_spend, p_reason, v_spend.usage_period,
      p_key, p_hash, v_result, '{}'::jsonb, p_now);
  END IF;

  UPDATE member_usage SET used = used - v_amount
   WHERE membership_id = v_spend.membership_id AND period_start = v_spend.usage_period AND workspace_id = p_ws;
  UPDATE api_key_usage SET used = used - v_amount
   WHERE period_start = v_spend.usage_period AND workspace_id = p_ws
     AND api_key_id = (SELECT api_key_id FROM usage_events WHERE ledger_entry_id = p_spend AND workspace_id = p_ws);
  UPDATE usage_events
     SET credits_refunded = credits_refunded + v_amount,
         status = CASE WHEN credits_refunded + v_amount = credits THEN 'refunded'::usage_status
                       ELSE 'partially_refunded'::usage_status END
   WHERE ledger_entry_id = p_spend AND workspace_id = p_ws;
  UPDATE credit_accounts
     SET balance = v_balance, lifetime_spent = lifetime_spent - v_amount,
         lifetime_expired = lifetime_expired + v_exp.expired, updated_at = p_now
   WHERE workspace_id = p_ws;
  RETURN v_result;
END $$;
