-- Debits: spending credits on a generation (`spend`) or reserving them for a long one (`hold`).
-- Live SQL: applied by db/migrate.ts after the migrations on every migrate. Change it here, never in a
-- migration (docs/ARCHITECTURE.md, "SQL functions").

-- Spends (p_kind 'spend') or holds (p_kind 'hold') credits for a generation.
-- Checks, in order: subscription for pro models, the member's monthly limit, enough credits.
-- A refusal returns before anything is written.
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
    LEFT JOIN ledger_entries e ON e.idempotency_key = p_key AND e.workspace_id IS NOT DISTINCT FROM p_ws
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

-- Spends many priced records of one workspace in one statement, each with its own key and result.
CREATE OR REPLACE FUNCTION cp_debit_batch(p_ws uuid, p_records jsonb, p_now timestamptz) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_balance bigint;
  v_status subscription_status;
  v_tz text;
  v_period date;
  v_exp record;
  v_seen jsonb;      -- idempotency key -> {hash, result} for keys already in the ledger
  v_limits jsonb;    -- membership id -> monthly limit (JSON null: Unlimited); absent: not a member
  v_used jsonb;      -- membership id -> used this month
  v_batch jsonb := '{}'::jsonb;  -- repeated keys handled earlier in this batch -> {hash, result}
  v_dups text[];                 -- keys that appear more than once in this batch
  l_ids uuid[]; l_types lot_type[]; l_rem bigint[]; l_orig bigint[];
  n_lots int;
  r jsonb;
  v_results jsonb[] := '{}';
  v_key text; v_hash text; v_member text; v_amount bigint; v_pro boolean;
  v_limit jsonb; v_used_now bigint;
  v_need bigint; v_take bigint; j int;
  t_lots int[]; t_takes bigint[];
  v_entry bigint; v_usage uuid; v_result jsonb; v_split jsonb;
  s_free bigint; s_sub bigint; s_top bigint; s_adj bigint;
  v_spent bigint := 0;
  -- rows to write
  e_id bigint[] := '{}'; e_amount bigint[] := '{}'; e_after bigint[] := '{}'; e_member uuid[] := '{}';
  e_free bigint[] := '{}'; e_sub bigint[] := '{}'; e_top bigint[] := '{}'; e_adj bigint[] := '{}';
  e_key text[] := '{}'; e_hash text[] := '{}'; e_result jsonb[] := '{}'; e_meta jsonb[] := '{}';
  a_entry bigint[] := '{}'; a_lot uuid[] := '{}'; a_seq int[] := '{}'; a_type lot_type[] := '{}'; a_amount bigint[] := '{}';
  u_id uuid[] := '{}'; u_member uuid[] := '{}'; u_feature text[] := '{}'; u_model text[] := '{}';
  u_settings jsonb[] := '{}'; u_results int[] := '{}'; u_credits bigint[] := '{}'; u_entry bigint[] := '{}';
BEGIN
  SELECT a.balance, w.subscription_status, w.time_zone INTO v_balance, v_status, v_tz
    FROM credit_accounts a JOIN workspaces w ON w.id = a.workspace_id
   WHERE a.workspace_id = p_ws FOR UPDATE OF a;
  IF NOT FOUND THEN
    RETURN jsonb_build_array(cp_refusal('workspace_not_found'));
  END IF;
  v_period := date_trunc('month', p_now AT TIME ZONE v_tz)::date;
  -- Only keys repeated inside the batch need remembering between records; tracking just those keeps
  -- the in-batch map small (growing one jsonb object per record is quadratic).
  SELECT coalesce(array_agg(k), '{}') INTO v_dups
    FROM (SELECT x->>'key' AS k FROM jsonb_array_elements(p_records) x GROUP BY 1 HAVING count(*) > 1) d;

  -- One index probe per key (LATERAL): never a scan of the workspace's whole history, whatever the
  -- planner believes about how many entries the workspace has.
  SELECT coalesce(jsonb_object_agg(e.idempotency_key, jsonb_build_object('hash', e.request_hash, 'result', e.result)), '{}')
    INTO v_seen
    FROM (SELECT DISTINCT x->>'key' AS k FROM jsonb_array_elements(p_records) x) keys,
         LATERAL (SELECT idempotency_key, request_hash, result FROM ledger_entries
                   WHERE idempotency_key = keys.k AND workspace_id IS NOT DISTINCT FROM p_ws
                   LIMIT 1) e;  -- (LIMIT keeps the planner from flattening this into a hash join)
  SELECT coalesce(jsonb_object_agg(m.id::text, to_jsonb(m.monthly_limit)), '{}') INTO v_limits
    FROM memberships m
   WHERE m.workspace_id = p_ws AND m.removed_at IS NULL
     AND m.id IN (SELECT (x->>'member')::uuid FROM jsonb_array_elements(p_records) x);
  SELECT coalesce(jsonb_object_agg(u.membership_id::text, u.used), '{}') INTO v_used
    FROM member_usage u
   WHERE u.period_start = v_period AND u.membership_id IN (SELECT (x->>'member')::uuid FROM jsonb_array_elements(p_records) x);

  -- Expire what is due first (as a single spend would), then load the live lots in draw order.
  v_exp := cp_expire_due(p_ws, p_now, v_balance);
  v_balance := v_exp.balance;
  SELECT array_agg(id ORDER BY k), array_agg(type ORDER BY k), array_agg(amount_remaining ORDER BY k)
    INTO l_ids, l_types, l_rem
    FROM (SELECT id, type, amount_remaining,
                 row_number() OVER (ORDER BY CASE type WHEN 'free' THEN 0 WHEN 'subscription' THEN 1 ELSE 2 END,
                                    expires_at ASC NULLS LAST, granted_at, id) AS k
            FROM credit_lots
           WHERE workspace_id = p_ws AND is_open AND (expires_at IS NULL OR expires_at > p_now)) live;
  l_ids := coalesce(l_ids, '{}'); l_types := coalesce(l_types, '{}'); l_rem := coalesce(l_rem, '{}');
  l_orig := l_rem;
  n_lots := coalesce(array_length(l_ids, 1), 0);

  FOR r IN SELECT value FROM jsonb_array_elements(p_records)
  LOOP
    v_key := r->>'key'; v_hash := r->>'hash'; v_member := r->>'member';
    v_amount := (r->>'amount')::bigint; v_pro := (r->>'isPro')::boolean;
    -- Idempotency: a key already in the ledger, or earlier in this batch.
    IF v_batch ? v_key OR v_seen ? v_key THEN
      v_result := coalesce(v_batch->v_key, v_seen->v_key);
      IF v_result->>'hash' IS DISTINCT FROM v_hash OR v_result->'result' IS NULL OR jsonb_typeof(v_result->'result') = 'null' THEN
        v_results := v_results || cp_refusal('idempotency_conflict', jsonb_build_object('idempotencyKey', v_key));
      ELSE
        v_results := v_results || ((v_result->'result') || jsonb_build_object('replayed', true));
      END IF;
      CONTINUE;
    END IF;
    IF NOT v_limits ? v_member THEN
      v_results := v_results || cp_refusal('member_not_found'); CONTINUE;
    END IF;
    IF v_amount IS NULL OR v_amount <= 0 THEN
      v_results := v_results || cp_refusal('invalid_amount'); CONTINUE;
    END IF;
    IF v_pro AND v_status NOT IN ('active', 'trialing') THEN
      v_results := v_results || cp_refusal('subscription_required', jsonb_build_object('subscriptionStatus', v_status)); CONTINUE;
    END IF;
    v_limit := v_limits->v_member;
    v_used_now := coalesce((v_used->>v_member)::bigint, 0);
    IF jsonb_typeof(v_limit) = 'number' AND v_used_now + v_amount > (v_limit#>>'{}')::bigint THEN
      v_results := v_results || cp_refusal('member_limit_reached', jsonb_build_object(
        'limit', (v_limit#>>'{}')::bigint, 'used', v_used_now,
        'remaining', greatest((v_limit#>>'{}')::bigint - v_used_now, 0), 'required', v_amount,
        'resetsAt', ((v_period + interval '1 month')::timestamp AT TIME ZONE v_tz)));
      CONTINUE;
    END IF;
    -- Plan the draw over the in-memory lots.
    v_need := v_amount; t_lots := '{}'; t_takes := '{}';
    FOR j IN 1..n_lots LOOP
      EXIT WHEN v_need = 0;
      CONTINUE WHEN l_rem[j] = 0 OR (v_pro AND l_types[j] = 'free');
      v_take := least(v_need, l_rem[j]);
      t_lots := t_lots || j; t_takes := t_takes || v_take;
      v_need := v_need - v_take;
    END LOOP;
    IF v_need > 0 THEN
      v_results := v_results || cp_refusal('insufficient_credits', jsonb_build_object(
        'required', v_amount, 'available', v_amount - v_need, 'freeCreditsExcluded', v_pro));
      CONTINUE;
    END IF;
    -- Apply it in memory and queue the rows.
    v_entry := nextval('ledger_entries_id_seq'::regclass);
    v_usage := gen_random_uuid();
    s_free := 0; s_sub := 0; s_top := 0; s_adj := 0;
    FOR j IN 1..coalesce(array_length(t_lots, 1), 0) LOOP
      l_rem[t_lots[j]] := l_rem[t_lots[j]] - t_takes[j];
      a_entry := a_entry || v_entry; a_lot := a_lot || l_ids[t_lots[j]]; a_seq := a_seq || j;
      a_type := a_type || l_types[t_lots[j]]; a_amount := a_amount || -t_takes[j];
      CASE l_types[t_lots[j]]
        WHEN 'free' THEN s_free := s_free + t_takes[j];
        WHEN 'subscription' THEN s_sub := s_sub + t_takes[j];
        WHEN 'top_up' THEN s_top := s_top + t_takes[j];
        ELSE s_adj := s_adj + t_takes[j];
      END CASE;
    END LOOP;
    v_balance := v_balance - v_amount;
    v_spent := v_spent + v_amount;
    v_used := jsonb_set(v_used, ARRAY[v_member], to_jsonb(v_used_now + v_amount));
    v_split := jsonb_build_object('free', s_free, 'subscription', s_sub, 'topUp', s_top, 'adjustment', s_adj);
    v_result := jsonb_build_object('ok', true, 'replayed', false, 'usageEventId', v_usage, 'entryId', v_entry,
      'amount', v_amount, 'split', v_split, 'balanceAfter', v_balance, 'membershipId', v_member);
    v_results := v_results || v_result;
    IF v_key = ANY(v_dups) THEN
      v_batch := v_batch || jsonb_build_object(v_key, jsonb_build_object('hash', v_hash, 'result', v_result));
    END IF;
    e_id := e_id || v_entry; e_amount := e_amount || -v_amount; e_after := e_after || v_balance;
    e_member := e_member || v_member::uuid;
    e_free := e_free || -s_free; e_sub := e_sub || -s_sub; e_top := e_top || -s_top; e_adj := e_adj || -s_adj;
    e_key := e_key || v_key; e_hash := e_hash || v_hash; e_result := e_result || v_result;
    e_meta := e_meta || jsonb_build_object('feature', r->>'feature', 'model', r->>'model');
    u_id := u_id || v_usage; u_member := u_member || v_member::uuid; u_feature := u_feature || (r->>'feature');
    u_model := u_model || (r->>'model'); u_settings := u_settings || coalesce(r->'settings', '{}'::jsonb);
    u_results := u_results || (r->>'results')::int; u_credits := u_credits || v_amount; u_entry := u_entry || v_entry;
  END LOOP;

  IF v_spent > 0 THEN
    INSERT INTO ledger_entries (id, workspace_id, amount, balance_after, code, membership_id, usage_period,
        split_free, split_subscription, split_top_up, split_adjustment, idempotency_key, request_hash, result,
        metadata, created_at)
      OVERRIDING SYSTEM VALUE
      SELECT u.id, p_ws, u.amount, u.after, 'spend', u.member, v_period, u.f, u.s, u.t, u.a, u.k, u.h, u.res, u.meta, p_now
        FROM unnest(e_id, e_amount, e_after, e_member, e_free, e_sub, e_top, e_adj, e_key, e_hash, e_result, e_meta)
             AS u(id, amount, after, member, f, s, t, a, k, h, res, meta);
    INSERT INTO ledger_allocations (entry_id, lot_id, seq, workspace_id, lot_type, amount)
      SELECT u.e, u.l, u.s, p_ws, u.t, u.a FROM unnest(a_entry, a_lot, a_seq, a_type, a_amount) AS u(e, l, s, t, a);
    UPDATE credit_lots c SET amount_remaining = u.rem
      FROM unnest(l_ids, l_rem, l_orig) AS u(id, rem, orig)
     WHERE c.id = u.id AND u.rem <> u.orig;
    INSERT INTO usage_events (id, workspace_id, membership_id, feature, model, settings, results, credits, ledger_entry_id, created_at)
      SELECT u.id, p_ws, u.m, u.f, u.mo, u.s, u.r, u.c, u.e, p_now
        FROM unnest(u_id, u_member, u_feature, u_model, u_settings, u_results, u_credits, u_entry) AS u(id, m, f, mo, s, r, c, e);
    INSERT INTO member_usage (membership_id, period_start, workspace_id, used)
      SELECT u.m, v_period, p_ws, sum(u.c) FROM unnest(u_member, u_credits) AS u(m, c) GROUP BY u.m
      ON CONFLICT (membership_id, period_start) DO UPDATE SET used = member_usage.used + excluded.used;
  END IF;
  UPDATE credit_accounts
     SET balance = v_balance, lifetime_spent = lifetime_spent + v_spent,
         lifetime_expired = lifetime_expired + v_exp.expired, updated_at = p_now
   WHERE workspace_id = p_ws;
  RETURN to_jsonb(v_results);
END $$;
