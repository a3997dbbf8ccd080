-- cp_debit with fewer statements inside the lock: one read of the workspace's open lots plans the
-- draw and notices due lots (expired only when there are any), the split is computed while
-- planning, and the entry is written directly. Same rules, same results as before.
CREATE OR REPLACE FUNCTION cp_debit(
  p_kind text, p_ws uuid, p_member uuid, p_amount bigint, p_is_pro boolean,
  p_feature text, p_model text, p_settings jsonb, p_results integer,
  p_hold_expires_at timestamptz, p_key text, p_hash text, p_now timestamptz
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_balance bigint;
  v_status subscription_status;
  v_tz text;
  v_replay jsonb;
  v_limit bigint;
  v_member_exists boolean;
  v_period date;
  v_used bigint;
  v_need bigint := p_amount;
  v_take bigint;
  v_has_due boolean := false;
  v_lots uuid[] := '{}';
  v_types lot_type[] := '{}';
  v_takes bigint[] := '{}';
  s_free bigint := 0; s_sub bigint := 0; s_top bigint := 0; s_adj bigint := 0;
  r record;
  v_exp record;
  v_expired bigint := 0;
  v_entry bigint;
  v_usage uuid;
  v_hold uuid;
  v_result jsonb;
  v_split jsonb;
BEGIN
  SELECT a.balance, w.subscription_status, w.time_zone INTO v_balance, v_status, v_tz
    FROM credit_accounts a JOIN workspaces w ON w.id = a.workspace_id
   WHERE a.workspace_id = p_ws FOR UPDATE OF a;
  IF NOT FOUND THEN
    RETURN cp_refusal('workspace_not_found');
  END IF;
  v_replay := cp_replay(p_ws, p_key, p_hash);
  IF v_replay IS NOT NULL THEN
    RETURN v_replay;
  END IF;
  SELECT true, m.monthly_limit INTO v_member_exists, v_limit
    FROM memberships m WHERE m.id = p_member AND m.workspace_id = p_ws AND m.removed_at IS NULL;
  IF v_member_exists IS NULL THEN
    RETURN cp_refusal('member_not_found');
  END IF;
  IF p_amount <= 0 THEN
    RETURN cp_refusal('invalid_amount');
  END IF;
  IF p_is_pro AND v_status NOT IN ('active', 'trialing') THEN
    RETURN cp_refusal('subscription_required', jsonb_build_object('subscriptionStatus', v_status));
  END IF;

  v_period := date_trunc('month', p_now AT TIME ZONE v_tz)::date;
  SELECT used INTO v_used FROM member_usage WHERE membership_id = p_member AND period_start = v_period;
  v_used := coalesce(v_used, 0);
  IF v_limit IS NOT NULL AND v_used + p_amount > v_limit THEN
    RETURN cp_refusal('member_limit_reached', jsonb_build_object(
      'limit', v_limit, 'used', v_used, 'remaining', greatest(v_limit - v_used, 0), 'required', p_amount,
      'resetsAt', ((v_period + interval '1 month')::timestamp AT TIME ZONE v_tz)));
  END IF;

  -- Plan the draw: free, then subscription, then top-up (and adjustment) credits; soonest expiry
  -- first within a type. Lots past their expiry are skipped here and expired below.
  FOR r IN SELECT id, type, amount_remaining, expires_at FROM credit_lots
            WHERE workspace_id = p_ws AND amount_remaining > 0
            ORDER BY CASE type WHEN 'free' THEN 0 WHEN 'subscription' THEN 1 ELSE 2 END,
                     expires_at ASC NULLS LAST, granted_at, id
  LOOP
    IF r.expires_at IS NOT NULL AND r.expires_at <= p_now THEN
      v_has_due := true;
      CONTINUE;
    END IF;
    CONTINUE WHEN v_need = 0 OR (p_is_pro AND r.type = 'free');
    v_take := least(v_need, r.amount_remaining);
    v_lots := v_lots || r.id;
    v_types := v_types || r.type;
    v_takes := v_takes || v_take;
    v_need := v_need - v_take;
    CASE r.type
      WHEN 'free' THEN s_free := s_free + v_take;
      WHEN 'subscription' THEN s_sub := s_sub + v_take;
      WHEN 'top_up' THEN s_top := s_top + v_take;
      ELSE s_adj := s_adj + v_take;
    END CASE;
  END LOOP;
  IF v_need > 0 THEN
    RETURN cp_refusal('insufficient_credits', jsonb_build_object(
      'required', p_amount, 'available', p_amount - v_need, 'freeCreditsExcluded', p_is_pro));
  END IF;

  IF v_has_due THEN
    v_exp := cp_expire_due(p_ws, p_now, v_balance);
    v_balance := v_exp.balance;
    v_expired := v_exp.expired;
  END IF;
  v_balance := v_balance - p_amount;
  v_entry := cp_next_entry_id();
  v_split := jsonb_build_object('free', s_free, 'subscription', s_sub, 'topUp', s_top, 'adjustment', s_adj);

  IF p_kind = 'hold' THEN
    v_hold := gen_random_uuid();
    v_result := jsonb_build_object('ok', true, 'replayed', false, 'holdId', v_hold, 'entryId', v_entry,
      'amount', p_amount, 'split', v_split, 'balanceAfter', v_balance, 'expiresAt', p_hold_expires_at,
      'membershipId', p_member);
  ELSE
    v_usage := gen_random_uuid();
    v_result := jsonb_build_object('ok', true, 'replayed', false, 'usageEventId', v_usage,
      'entryId', v_entry, 'amount', p_amount, 'split', v_split, 'balanceAfter', v_balance,
      'membershipId', p_member);
  END IF;

  INSERT INTO ledger_entries (id, workspace_id, amount, balance_after, code, membership_id, hold_id,
      usage_period, split_free, split_subscription, split_top_up, split_adjustment,
      idempotency_key, request_hash, result, metadata, created_at)
    OVERRIDING SYSTEM VALUE
    VALUES (v_entry, p_ws, -p_amount, v_balance, p_kind::entry_code, p_member, v_hold, v_period,
      -s_free, -s_sub, -s_top, -s_adj, p_key, p_hash, v_result,
      jsonb_build_object('feature', p_feature, 'model', p_model), p_now);
  INSERT INTO ledger_allocations (entry_id, lot_id, seq, workspace_id, lot_type, amount)
    SELECT v_entry, u.l, u.s, p_ws, u.t, -u.a
      FROM unnest(v_lots, v_types, v_takes) WITH ORDINALITY AS u(l, t, a, s);
  UPDATE credit_lots c SET amount_remaining = c.amount_remaining - u.a
    FROM unnest(v_lots, v_takes) AS u(l, a)
   WHERE c.id = u.l;

  IF p_kind = 'hold' THEN
    INSERT INTO holds (id, workspace_id, membership_id, amount, feature, model, settings, results,
        is_pro, usage_period, hold_entry_id, expires_at, created_at)
      VALUES (v_hold, p_ws, p_member, p_amount, p_feature, p_model, p_settings, p_results,
        p_is_pro, v_period, v_entry, p_hold_expires_at, p_now);
  ELSE
    INSERT INTO usage_events (id, workspace_id, membership_id, feature, model, settings, results,
        credits, ledger_entry_id, created_at)
      VALUES (v_usage, p_ws, p_member, p_feature, p_model, p_settings, p_results, p_amount, v_entry, p_now);
  END IF;

  INSERT INTO member_usage (membership_id, period_start, workspace_id, used)
    VALUES (p_member, v_period, p_ws, p_amount)
    ON CONFLICT (membership_id, period_start) DO UPDATE SET used = member_usage.used + excluded.used;

  UPDATE credit_accounts
     SET balance = v_balance,
         held = held + CASE WHEN p_kind = 'hold' THEN p_amount ELSE 0 END,
         lifetime_spent = lifetime_spent + CASE WHEN p_kind = 'spend' THEN p_amount ELSE 0 END,
         lifetime_expired = lifetime_expired + v_expired, updated_at = p_now
   WHERE workspace_id = p_ws;
  RETURN v_result;
END $$;
