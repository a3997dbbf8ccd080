-- cp_debit in three statements instead of about twelve: lock the account; then ONE read (after the
-- lock, so it sees everything committed before it) gathers the idempotency replay, the membership,
-- the member's usage this month, the planned draw over the open lots and the next entry id; then ONE
-- statement writes the entry, its allocations, the lots, the usage event or hold, the member's usage
-- and the account. Same rules, same refusals in the same order, same rows as 0009. (credit_lots.is_open
-- arrives in 0014; PL/pgSQL resolves columns when the function first runs.)
CREATE OR REPLACE FUNCTION cp_debit(
  p_kind text, p_ws uuid, p_member uuid, p_amount bigint, p_is_pro boolean,
  p_feature text, p_model text, p_settings jsonb, p_results integer,
  p_hold_expires_at timestamptz, p_key text, p_hash text, p_now timestamptz
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_balance bigint;
  v_status subscription_status;
  v_tz text;
  v_period date;
  v_has_key boolean; v_prev_hash text; v_prev_result jsonb;
  v_member_exists boolean; v_limit bigint; v_used bigint;
  v_lots uuid[]; v_types lot_type[]; v_takes bigint[];
  v_available bigint;
  s_free bigint; s_sub bigint; s_top bigint; s_adj bigint;
  v_has_due boolean;
  v_entry bigint;
  v_exp record;
  v_expired bigint := 0;
  v_id uuid;
  v_result jsonb;
  v_split jsonb;
BEGIN
  SELECT a.balance, w.subscription_status, w.time_zone INTO v_balance, v_status, v_tz
    FROM credit_accounts a JOIN workspaces w ON w.id = a.workspace_id
   WHERE a.workspace_id = p_ws FOR UPDATE OF a;
  IF NOT FOUND THEN
    RETURN cp_refusal('workspace_not_found');
  END IF;
  v_period := date_trunc('month', p_now AT TIME ZONE v_tz)::date;

  -- Plan the draw: free, then subscription, then top-up (and adjustment) credits; soonest expiry
  -- first within a type; lots past their expiry are left out (and expired below).
  WITH open_lots AS (
    SELECT id, type, amount_remaining AS rem,
           sum(amount_remaining) OVER (
             ORDER BY CASE type WHEN 'free' THEN 0 WHEN 'subscription' THEN 1 ELSE 2 END,
                      expires_at ASC NULLS LAST, granted_at, id) AS run
      FROM credit_lots
     WHERE workspace_id = p_ws AND is_open
       AND (expires_at IS NULL OR expires_at > p_now)
       AND NOT (p_is_pro AND type = 'free')
  ), draw AS (
    SELECT id, type, rem, run, least(rem, p_amount - (run - rem)) AS take, run - rem < p_amount AS used
      FROM open_lots
  ), plan AS (
    SELECT array_agg(id ORDER BY run) FILTER (WHERE used) AS lots,
           array_agg(type ORDER BY run) FILTER (WHERE used) AS types,
           array_agg(take ORDER BY run) FILTER (WHERE used) AS takes,
           coalesce(sum(rem), 0) AS available,
           coalesce(sum(take) FILTER (WHERE used AND type = 'free'), 0) AS s_free,
           coalesce(sum(take) FILTER (WHERE used AND type = 'subscription'), 0) AS s_sub,
           coalesce(sum(take) FILTER (WHERE used AND type = 'top_up'), 0) AS s_top,
           coalesce(sum(take) FILTER (WHERE used AND type = 'adjustment'), 0) AS s_adj
      FROM draw
  )
  SELECT e.workspace_id IS NOT NULL, e.request_hash, e.result,
         m.id IS NOT NULL, m.monthly_limit, coalesce(mu.used, 0),
         coalesce(plan.lots, '{}'), coalesce(plan.types, '{}'), coalesce(plan.takes, '{}'), plan.available,
         plan.s_free, plan.s_sub, plan.s_top, plan.s_adj,
         EXISTS (SELECT 1 FROM credit_lots d
                  WHERE d.workspace_id = p_ws AND d.is_open AND d.expires_at <= p_now)
    INTO v_has_key, v_prev_hash, v_prev_result,
         v_member_exists, v_limit, v_used,
         v_lots, v_types, v_takes, v_available,
         s_free, s_sub, s_top, s_adj, v_has_due
    FROM plan
    LEFT JOIN ledger_entries e ON e.workspace_id = p_ws AND e.idempotency_key = p_key
    LEFT JOIN memberships m ON m.id = p_member AND m.workspace_id = p_ws AND m.removed_at IS NULL
    LEFT JOIN member_usage mu ON mu.membership_id = p_member AND mu.period_start = v_period;

  IF v_has_key THEN
    IF v_prev_hash IS DISTINCT FROM p_hash OR v_prev_result IS NULL THEN
      RETURN cp_refusal('idempotency_conflict', jsonb_build_object('idempotencyKey', p_key));
    END IF;
    RETURN v_prev_result || jsonb_build_object('replayed', true);
  END IF;
  IF NOT v_member_exists THEN
    RETURN cp_refusal('member_not_found');
  END IF;
  IF p_amount <= 0 THEN
    RETURN cp_refusal('invalid_amount');
  END IF;
  IF p_is_pro AND v_status NOT IN ('active', 'trialing') THEN
    RETURN cp_refusal('subscription_required', jsonb_build_object('subscriptionStatus', v_status));
  END IF;
  IF v_limit IS NOT NULL AND v_used + p_amount > v_limit THEN
    RETURN cp_refusal('member_limit_reached', jsonb_build_object(
      'limit', v_limit, 'used', v_used, 'remaining', greatest(v_limit - v_used, 0), 'required', p_amount,
      'resetsAt', ((v_period + interval '1 month')::timestamp AT TIME ZONE v_tz)));
  END IF;
  IF v_available < p_amount THEN
    RETURN cp_refusal('insufficient_credits', jsonb_build_object(
      'required', p_amount, 'available', v_available, 'freeCreditsExcluded', p_is_pro));
  END IF;

  IF v_has_due THEN
    v_exp := cp_expire_due(p_ws, p_now, v_balance);
    v_balance := v_exp.balance;
    v_expired := v_exp.expired;
  END IF;
  v_balance := v_balance - p_amount;
  v_entry := nextval('ledger_entries_id_seq'::regclass);
  v_id := gen_random_uuid();
  v_split := jsonb_build_object('free', s_free, 'subscription', s_sub, 'topUp', s_top, 'adjustment', s_adj);
  IF p_kind = 'hold' THEN
    v_result := jsonb_build_object('ok', true, 'replayed', false, 'holdId', v_id, 'entryId', v_entry,
      'amount', p_amount, 'split', v_split, 'balanceAfter', v_balance, 'expiresAt', p_hold_expires_at,
      'membershipId', p_member);
  ELSE
    v_result := jsonb_build_object('ok', true, 'replayed', false, 'usageEventId', v_id,
      'entryId', v_entry, 'amount', p_amount, 'split', v_split, 'balanceAfter', v_balance,
      'membershipId', p_member);
  END IF;

  WITH entry AS (
    INSERT INTO ledger_entries (id, workspace_id, amount, balance_after, code, membership_id, hold_id,
        usage_period, split_free, split_subscription, split_top_up, split_adjustment,
        idempotency_key, request_hash, result, metadata, created_at)
      OVERRIDING SYSTEM VALUE
      VALUES (v_entry, p_ws, -p_amount, v_balance, p_kind::entry_code, p_member,
        CASE WHEN p_kind = 'hold' THEN v_id END, v_period,
        -s_free, -s_sub, -s_top, -s_adj, p_key, p_hash, v_result,
        jsonb_build_object('feature', p_feature, 'model', p_model), p_now)
  ), allocations AS (
    INSERT INTO ledger_allocations (entry_id, lot_id, seq, workspace_id, lot_type, amount)
      SELECT v_entry, u.l, u.s, p_ws, u.t, -u.a
        FROM unnest(v_lots, v_types, v_takes) WITH ORDINALITY AS u(l, t, a, s)
  ), lots AS (
    UPDATE credit_lots c SET amount_remaining = c.amount_remaining - u.a
      FROM unnest(v_lots, v_takes) AS u(l, a)
     WHERE c.id = u.l
  ), usage AS (
    INSERT INTO usage_events (id, workspace_id, membership_id, feature, model, settings, results,
        credits, ledger_entry_id, created_at)
      SELECT v_id, p_ws, p_member, p_feature, p_model, p_settings, p_results, p_amount, v_entry, p_now
       WHERE p_kind = 'spend'
  ), hold AS (
    INSERT INTO holds (id, workspace_id, membership_id, amount, feature, model, settings, results,
        is_pro, usage_period, hold_entry_id, expires_at, created_at)
      SELECT v_id, p_ws, p_member, p_amount, p_feature, p_model, p_settings, p_results,
        p_is_pro, v_period, v_entry, p_hold_expires_at, p_now
       WHERE p_kind = 'hold'
  ), member AS (
    INSERT INTO member_usage (membership_id, period_start, workspace_id, used)
      VALUES (p_member, v_period, p_ws, p_amount)
      ON CONFLICT (membership_id, period_start) DO UPDATE SET used = member_usage.used + excluded.used
  )
  UPDATE credit_accounts
     SET balance = v_balance,
         held = held + CASE WHEN p_kind = 'hold' THEN p_amount ELSE 0 END,
         lifetime_spent = lifetime_spent + CASE WHEN p_kind = 'spend' THEN p_amount ELSE 0 END,
         lifetime_expired = lifetime_expired + v_expired, updated_at = p_now
   WHERE workspace_id = p_ws;
  RETURN v_result;
END $$;
