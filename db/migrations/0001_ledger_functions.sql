-- The ledger's writers. lib/ledger calls these and nothing else writes credits.
--
-- Why functions: every operation is one statement, so it is one transaction and one round trip.
-- The workspace's credit_accounts row is locked first and held only while the function runs on the
-- server: no network round trip or application work happens inside the locked section.
-- Every writer locks that row before touching lots, holds or usage, so all writes to one workspace
-- are serialised in one fixed order (account, then member usage) and cannot deadlock.
-- Time is always a parameter (the app's injectable clock); now() is never used for business time.

-- Entries and allocations only ever gain rows. Deletes are allowed only as the cascade of
-- deleting a whole workspace (the trigger then runs nested inside the foreign key's own trigger).
CREATE FUNCTION cp_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only: % is not allowed (post a correcting entry instead)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION cp_append_only();
--> statement-breakpoint
CREATE TRIGGER ledger_allocations_append_only BEFORE UPDATE OR DELETE ON ledger_allocations
  FOR EACH ROW EXECUTE FUNCTION cp_append_only();
--> statement-breakpoint
CREATE FUNCTION cp_refusal(p_code text, p_details jsonb DEFAULT '{}'::jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object('ok', false, 'code', p_code, 'details', p_details)
$$;
--> statement-breakpoint
-- Returns the stored result of an earlier operation with this key, a conflict when the key was
-- used for a different request, or NULL when the key is new.
CREATE FUNCTION cp_replay(p_ws uuid, p_key text, p_hash text) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_hash text;
  v_result jsonb;
BEGIN
  SELECT request_hash, result INTO v_hash, v_result
    FROM ledger_entries WHERE workspace_id = p_ws AND idempotency_key = p_key;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF v_hash IS DISTINCT FROM p_hash OR v_result IS NULL THEN
    RETURN cp_refusal('idempotency_conflict', jsonb_build_object('idempotencyKey', p_key));
  END IF;
  RETURN v_result || jsonb_build_object('replayed', true);
END $$;
--> statement-breakpoint
-- How a draw splits across lot types, as the API reports it (magnitudes).
CREATE FUNCTION cp_split(p_types lot_type[], p_amounts bigint[]) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object(
           'free', coalesce(sum(a) FILTER (WHERE t = 'free'), 0),
           'subscription', coalesce(sum(a) FILTER (WHERE t = 'subscription'), 0),
           'topUp', coalesce(sum(a) FILTER (WHERE t = 'top_up'), 0),
           'adjustment', coalesce(sum(a) FILTER (WHERE t = 'adjustment'), 0))
    FROM unnest(p_types, p_amounts) AS u(t, a)
$$;
--> statement-breakpoint
CREATE FUNCTION cp_next_entry_id() RETURNS bigint LANGUAGE sql AS $$
  SELECT nextval(pg_get_serial_sequence('ledger_entries', 'id'))
$$;
--> statement-breakpoint
-- Writes one entry with its allocations and moves the lots by the same amounts.
-- p_amounts are magnitudes; p_sign says which way they move (+1 into lots, -1 out of lots).
CREATE FUNCTION cp_post(
  p_entry bigint, p_ws uuid, p_code entry_code, p_sign integer,
  p_lots uuid[], p_types lot_type[], p_amounts bigint[], p_balance_after bigint,
  p_member uuid, p_hold uuid, p_refund_of bigint, p_reference text, p_period date,
  p_key text, p_hash text, p_result jsonb, p_metadata jsonb, p_now timestamptz
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_free bigint; v_sub bigint; v_top bigint; v_adj bigint;
BEGIN
  SELECT coalesce(sum(a) FILTER (WHERE t = 'free'), 0) * p_sign,
         coalesce(sum(a) FILTER (WHERE t = 'subscription'), 0) * p_sign,
         coalesce(sum(a) FILTER (WHERE t = 'top_up'), 0) * p_sign,
         coalesce(sum(a) FILTER (WHERE t = 'adjustment'), 0) * p_sign
    INTO v_free, v_sub, v_top, v_adj
    FROM unnest(p_types, p_amounts) AS u(t, a);
  INSERT INTO ledger_entries (id, workspace_id, amount, balance_after, code, membership_id, hold_id,
      refund_of_entry_id, reference, usage_period, split_free, split_subscription, split_top_up,
      split_adjustment, idempotency_key, request_hash, result, metadata, created_at)
    OVERRIDING SYSTEM VALUE
    VALUES (p_entry, p_ws, v_free + v_sub + v_top + v_adj, p_balance_after, p_code, p_member, p_hold,
      p_refund_of, p_reference, p_period, v_free, v_sub, v_top, v_adj,
      p_key, p_hash, p_result, coalesce(p_metadata, '{}'::jsonb), p_now);
  INSERT INTO ledger_allocations (entry_id, lot_id, seq, workspace_id, lot_type, amount)
    SELECT p_entry, u.l, u.s, p_ws, u.t, u.a * p_sign
      FROM unnest(p_lots, p_types, p_amounts) WITH ORDINALITY AS u(l, t, a, s);
  UPDATE credit_lots c SET amount_remaining = c.amount_remaining + u.a * p_sign
    FROM unnest(p_lots, p_amounts) AS u(l, a)
   WHERE c.id = u.l AND c.workspace_id = p_ws;
END $$;
--> statement-breakpoint
-- Expires what is left of every lot whose time has passed. Caller holds the account lock and
-- writes the account row afterwards. Returns the new balance and how much expired.
CREATE FUNCTION cp_expire_due(p_ws uuid, p_now timestamptz, p_balance bigint,
  OUT balance bigint, OUT expired bigint) LANGUAGE plpgsql AS $$
DECLARE
  r record;
  v_entry bigint;
BEGIN
  balance := p_balance;
  expired := 0;
  FOR r IN SELECT id, type, amount_remaining, amount_expired, expires_at FROM credit_lots
            WHERE workspace_id = p_ws AND amount_remaining > 0 AND expires_at <= p_now
            ORDER BY expires_at, id
  LOOP
    balance := balance - r.amount_remaining;
    expired := expired + r.amount_remaining;
    v_entry := cp_next_entry_id();
    PERFORM cp_post(v_entry, p_ws, 'expire', -1, ARRAY[r.id], ARRAY[r.type], ARRAY[r.amount_remaining],
      balance, NULL, NULL, NULL, r.id::text, NULL,
      'expire:' || r.id || ':' || r.amount_expired, 'expire', NULL,
      jsonb_build_object('expiredAt', r.expires_at), p_now);
    UPDATE credit_lots SET amount_expired = amount_expired + r.amount_remaining WHERE id = r.id;
  END LOOP;
END $$;
--> statement-breakpoint
-- Grants a lot: free, subscription, top-up or adjustment credits.
CREATE FUNCTION cp_grant(
  p_ws uuid, p_type lot_type, p_code entry_code, p_amount bigint, p_expires_at timestamptz,
  p_member uuid, p_reference text, p_key text, p_hash text, p_metadata jsonb, p_now timestamptz
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_balance bigint;
  v_replay jsonb;
  v_exp record;
  v_entry bigint;
  v_lot uuid := gen_random_uuid();
  v_result jsonb;
BEGIN
  SELECT balance INTO v_balance FROM credit_accounts WHERE workspace_id = p_ws FOR UPDATE;
  IF NOT FOUND THEN
    RETURN cp_refusal('workspace_not_found');
  END IF;
  v_replay := cp_replay(p_ws, p_key, p_hash);
  IF v_replay IS NOT NULL THEN
    RETURN v_replay;
  END IF;
  IF p_amount <= 0 THEN
    RETURN cp_refusal('invalid_amount');
  END IF;
  IF p_expires_at IS NOT NULL AND p_expires_at <= p_now THEN
    RETURN cp_refusal('invalid_expiry');
  END IF;
  v_exp := cp_expire_due(p_ws, p_now, v_balance);
  v_balance := v_exp.balance + p_amount;
  v_entry := cp_next_entry_id();
  v_result := jsonb_build_object('ok', true, 'replayed', false, 'entryId', v_entry, 'lotId', v_lot,
    'amount', p_amount, 'type', p_type, 'expiresAt', p_expires_at, 'balanceAfter', v_balance);
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
    VALUES (v_lot, p_ws, p_type, p_amount, p_amount, p_now, p_expires_at, p_code, p_reference, v_entry);
  INSERT INTO ledger_allocations (entry_id, lot_id, seq, workspace_id, lot_type, amount)
    VALUES (v_entry, v_lot, 1, p_ws, p_type, p_amount);
  UPDATE credit_accounts
     SET balance = v_balance, lifetime_added = lifetime_added + p_amount,
         lifetime_expired = lifetime_expired + v_exp.expired, updated_at = p_now
   WHERE workspace_id = p_ws;
  RETURN v_result;
END $$;
--> statement-breakpoint
-- Spends (p_kind 'spend') or holds (p_kind 'hold') credits for a generation.
-- Checks, in order: subscription for pro models, the member's monthly limit, enough credits.
-- A refusal returns before anything is written.
CREATE FUNCTION cp_debit(
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
  v_lots uuid[] := '{}';
  v_types lot_type[] := '{}';
  v_takes bigint[] := '{}';
  r record;
  v_exp record;
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
    FROM memberships m WHERE m.id = p_member AND m.workspace_id = p_ws;
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
  -- first within a type. Expired lots are skipped here and expired below.
  FOR r IN SELECT id, type, amount_remaining FROM credit_lots
            WHERE workspace_id = p_ws AND amount_remaining > 0
              AND (expires_at IS NULL OR expires_at > p_now)
              AND (NOT p_is_pro OR type <> 'free')
            ORDER BY CASE type WHEN 'free' THEN 0 WHEN 'subscription' THEN 1 ELSE 2 END,
                     expires_at ASC NULLS LAST, granted_at, id
  LOOP
    v_take := least(v_need, r.amount_remaining);
    v_lots := v_lots || r.id;
    v_types := v_types || r.type;
    v_takes := v_takes || v_take;
    v_need := v_need - v_take;
    EXIT WHEN v_need = 0;
  END LOOP;
  IF v_need > 0 THEN
    RETURN cp_refusal('insufficient_credits', jsonb_build_object(
      'required', p_amount, 'available', p_amount - v_need, 'freeCreditsExcluded', p_is_pro));
  END IF;

  v_exp := cp_expire_due(p_ws, p_now, v_balance);
  v_balance := v_exp.balance - p_amount;
  v_entry := cp_next_entry_id();
  v_split := cp_split(v_types, v_takes);

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

  PERFORM cp_post(v_entry, p_ws, p_kind::entry_code, -1, v_lots, v_types, v_takes, v_balance,
    p_member, v_hold, NULL, NULL, v_period, p_key, p_hash, v_result,
    jsonb_build_object('feature', p_feature, 'model', p_model), p_now);

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
         lifetime_expired = lifetime_expired + v_exp.expired, updated_at = p_now
   WHERE workspace_id = p_ws;
  RETURN v_result;
END $$;
--> statement-breakpoint
-- Gives a hold's credits back to the lots it drew from. Used by release and by settle.
-- Caller holds the account lock; returns the balance after the release entry.
CREATE FUNCTION cp_return_hold(p_ws uuid, p_hold holds, p_entry bigint, p_balance bigint,
  p_key text, p_hash text, p_result jsonb, p_now timestamptz) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  v_lots uuid[];
  v_types lot_type[];
  v_amounts bigint[];
BEGIN
  SELECT array_agg(lot_id ORDER BY seq), array_agg(lot_type ORDER BY seq), array_agg(-amount ORDER BY seq)
    INTO v_lots, v_types, v_amounts
    FROM ledger_allocations WHERE entry_id = p_hold.hold_entry_id;
  PERFORM cp_post(p_entry, p_ws, 'release', 1, v_lots, v_types, v_amounts, p_balance + p_hold.amount,
    p_hold.membership_id, p_hold.id, NULL, NULL, p_hold.usage_period, p_key, p_hash, p_result,
    jsonb_build_object('feature', p_hold.feature, 'model', p_hold.model), p_now);
  UPDATE member_usage SET used = used - p_hold.amount
   WHERE membership_id = p_hold.membership_id AND period_start = p_hold.usage_period;
  RETURN p_balance + p_hold.amount;
END $$;
--> statement-breakpoint
-- Releases a hold in full. p_status is 'released' (asked for) or 'expired' (timed out).
-- Releasing twice returns the first result.
CREATE FUNCTION cp_release(p_ws uuid, p_hold uuid, p_status hold_status, p_now timestamptz)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_balance bigint;
  v_key text := 'hold:' || p_hold || ':release';
  v_replay jsonb;
  v_hold holds;
  v_exp record;
  v_entry bigint;
  v_result jsonb;
BEGIN
  SELECT balance INTO v_balance FROM credit_accounts WHERE workspace_id = p_ws FOR UPDATE;
  IF NOT FOUND THEN
    RETURN cp_refusal('workspace_not_found');
  END IF;
  v_replay := cp_replay(p_ws, v_key, 'release');
  IF v_replay IS NOT NULL THEN
    RETURN v_replay;
  END IF;
  SELECT * INTO v_hold FROM holds WHERE id = p_hold AND workspace_id = p_ws;
  IF NOT FOUND THEN
    RETURN cp_refusal('hold_not_found');
  END IF;
  IF v_hold.status <> 'active' THEN
    RETURN cp_refusal('hold_not_active', jsonb_build_object('status', v_hold.status));
  END IF;
  v_entry := cp_next_entry_id();
  v_result := jsonb_build_object('ok', true, 'replayed', false, 'holdId', p_hold, 'entryId', v_entry,
    'released', v_hold.amount, 'status', p_status, 'balanceAfter', v_balance + v_hold.amount);
  v_balance := cp_return_hold(p_ws, v_hold, v_entry, v_balance, v_key, 'release', v_result, p_now);
  -- Credits that went back to a lot that has expired in the meantime expire now.
  v_exp := cp_expire_due(p_ws, p_now, v_balance);
  UPDATE holds SET status = p_status, closed_at = p_now WHERE id = p_hold;
  UPDATE credit_accounts
     SET balance = v_exp.balance, held = held - v_hold.amount,
         lifetime_expired = lifetime_expired + v_exp.expired, updated_at = p_now
   WHERE workspace_id = p_ws;
  RETURN v_result;
END $$;
--> statement-breakpoint
-- Settles a hold at the actual cost (at most what was held): the hold is returned to its lots and
-- the actual cost is drawn from those same lots in the same order, even if one has expired since
-- the hold was made (the hold reserved them). Settling twice returns the first result.
CREATE FUNCTION cp_settle(p_ws uuid, p_hold uuid, p_amount bigint, p_settings jsonb, p_results integer,
  p_hash text, p_now timestamptz) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_balance bigint;
  v_key text := 'hold:' || p_hold || ':settle';
  v_replay jsonb;
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
  SELECT balance INTO v_balance FROM credit_accounts WHERE workspace_id = p_ws FOR UPDATE;
  IF NOT FOUND THEN
    RETURN cp_refusal('workspace_not_found');
  END IF;
  v_replay := cp_replay(p_ws, v_key, p_hash);
  IF v_replay IS NOT NULL THEN
    RETURN v_replay;
  END IF;
  SELECT * INTO v_hold FROM holds WHERE id = p_hold AND workspace_id = p_ws;
  IF NOT FOUND THEN
    RETURN cp_refusal('hold_not_found');
  END IF;
  IF v_hold.status <> 'active' THEN
    RETURN cp_refusal('hold_not_active', jsonb_build_object('status', v_hold.status));
  END IF;
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
            WHERE entry_id = v_hold.hold_entry_id ORDER BY seq
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
  v_usage := CASE WHEN p_amount > 0 THEN gen_random_uuid() END;
  v_result := jsonb_build_object('ok', true, 'replayed', false, 'holdId', p_hold,
    'releaseEntryId', v_release_entry, 'entryId', v_spend_entry, 'usageEventId', v_usage,
    'amount', p_amount, 'released', v_hold.amount - p_amount, 'split', v_split,
    'balanceAfter', v_after, 'membershipId', v_hold.membership_id);

  v_balance := cp_return_hold(p_ws, v_hold, v_release_entry, v_balance, v_key, p_hash, v_result, p_now);
  IF p_amount > 0 THEN
    PERFORM cp_post(v_spend_entry, p_ws, 'spend', -1, v_lots, v_types, v_takes, v_after,
      v_hold.membership_id, p_hold, NULL, NULL, v_hold.usage_period, v_key || ':spend', p_hash, NULL,
      jsonb_build_object('feature', v_hold.feature, 'model', v_hold.model), p_now);
    INSERT INTO usage_events (id, workspace_id, membership_id, feature, model, settings, results,
        credits, ledger_entry_id, hold_id, created_at)
      VALUES (v_usage, p_ws, v_hold.membership_id, v_hold.feature, v_hold.model,
        coalesce(p_settings, v_hold.settings), coalesce(p_results, v_hold.results), p_amount,
        v_spend_entry, p_hold, p_now);
    UPDATE member_usage SET used = used + p_amount
     WHERE membership_id = v_hold.membership_id AND period_start = v_hold.usage_period;
  END IF;
  v_exp := cp_expire_due(p_ws, p_now, v_after);
  UPDATE holds SET status = 'settled', settled_amount = p_amount, closed_at = p_now WHERE id = p_hold;
  UPDATE credit_accounts
     SET balance = v_exp.balance, held = held - v_hold.amount, lifetime_spent = lifetime_spent + p_amount,
         lifetime_expired = lifetime_expired + v_exp.expired, updated_at = p_now
   WHERE workspace_id = p_ws;
  RETURN v_result;
END $$;
--> statement-breakpoint
-- Refunds all or part of a spend with a reversing entry. Credits go back to the lots they came
-- from, last-drawn first; the part whose lot has expired since goes to a new top-up lot.
CREATE FUNCTION cp_refund(p_ws uuid, p_spend bigint, p_amount bigint, p_reason text,
  p_key text, p_hash text, p_now timestamptz) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_balance bigint;
  v_replay jsonb;
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
  SELECT balance INTO v_balance FROM credit_accounts WHERE workspace_id = p_ws FOR UPDATE;
  IF NOT FOUND THEN
    RETURN cp_refusal('workspace_not_found');
  END IF;
  v_replay := cp_replay(p_ws, p_key, p_hash);
  IF v_replay IS NOT NULL THEN
    RETURN v_replay;
  END IF;
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
             FROM ledger_allocations a JOIN credit_lots l ON l.id = a.lot_id
            WHERE a.entry_id = p_spend ORDER BY a.seq DESC
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
      FROM unnest(v_lots, v_gives) AS u(l, a) WHERE c.id = u.l;
  ELSE
    PERFORM cp_post(v_entry, p_ws, 'refund', 1, v_lots, v_types, v_gives, v_balance,
      v_spend.membership_id, v_spend.hold_id, p_spend, p_reason, v_spend.usage_period,
      p_key, p_hash, v_result, '{}'::jsonb, p_now);
  END IF;

  UPDATE member_usage SET used = used - v_amount
   WHERE membership_id = v_spend.membership_id AND period_start = v_spend.usage_period;
  UPDATE usage_events
     SET credits_refunded = credits_refunded + v_amount,
         status = CASE WHEN credits_refunded + v_amount = credits THEN 'refunded'::usage_status
                       ELSE 'partially_refunded'::usage_status END
   WHERE ledger_entry_id = p_spend;
  UPDATE credit_accounts
     SET balance = v_balance, lifetime_spent = lifetime_spent - v_amount,
         lifetime_expired = lifetime_expired + v_exp.expired, updated_at = p_now
   WHERE workspace_id = p_ws;
  RETURN v_result;
END $$;
--> statement-breakpoint
-- Expires every due lot of one workspace (the scheduler's job; spends also do it as they go).
CREATE FUNCTION cp_expire(p_ws uuid, p_now timestamptz) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_balance bigint;
  v_exp record;
BEGIN
  SELECT balance INTO v_balance FROM credit_accounts WHERE workspace_id = p_ws FOR UPDATE;
  IF NOT FOUND THEN
    RETURN cp_refusal('workspace_not_found');
  END IF;
  v_exp := cp_expire_due(p_ws, p_now, v_balance);
  IF v_exp.expired > 0 THEN
    UPDATE credit_accounts
       SET balance = v_exp.balance, lifetime_expired = lifetime_expired + v_exp.expired, updated_at = p_now
     WHERE workspace_id = p_ws;
  END IF;
  RETURN jsonb_build_object('ok', true, 'expired', v_exp.expired, 'balanceAfter', v_exp.balance);
END $$;
