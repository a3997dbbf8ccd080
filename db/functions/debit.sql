-- Debits: spending credits on a finished generation (`spend`) or reserving them for a long one (`hold`).
-- Live SQL: applied by db/migrate.ts after the migrations on every migrate. Change it here, never in a
-- migration (docs/ARCHITECTURE.md, "SQL functions").
--
-- The rules of a debit are written once, in the four functions listed here (three of them below),
-- and both ways to debit call them: cp_debit below (one spend or hold, in three statements) and
-- cp_debit_batch in debit-batch.sql (many spends in one statement, planned in memory;
-- lib/ledger/coalesce.ts also sends it the spends that wait for a busy workspace).
-- tests/integration/batch-spend.test.ts checks that the two agree record by record.
--
--   idempotency   cp_replay_answer (ledger-helpers.sql): the same key and request hash replay the first
--                 result; the same key with another hash is an idempotency_conflict. A spend's entry
--                 stores no result: cp_entry_answer rebuilds it from the entry's columns
--   refusals      cp_debit_refusal: which refusal, in which order, with which details
--   draw order    cp_lots_in_draw_order: free, then subscription, then top-up credits
--   the draw      cp_draw: which lots cover the cost, and how it splits across lot types
--
-- A refused debit writes nothing of its own. Lots past their expiry are never drawn; they are expired
-- (an `expire` entry each) under the same lock before any debit is written: by cp_debit only when it
-- writes one, by cp_debit_batch before it plans.

-- The live lots of a workspace in draw order: free, then subscription, then top-up (and adjustment)
-- credits; within a type the soonest expiry first (never-expiring last), then the oldest grant, then
-- the lot id. Lots past their expiry are left out.
CREATE OR REPLACE FUNCTION cp_lots_in_draw_order(p_ws uuid, p_now timestamptz)
RETURNS TABLE (id uuid, type lot_type, remaining bigint, draw_rank bigint)
LANGUAGE sql STABLE AS $$
  SELECT l.id, l.type, l.amount_remaining,
         row_number() OVER (ORDER BY CASE l.type WHEN 'free' THEN 0 WHEN 'subscription' THEN 1 ELSE 2 END,
                                     l.expires_at ASC NULLS LAST, l.granted_at, l.id)
    FROM credit_lots l
   WHERE l.workspace_id = p_ws AND l.is_open AND (l.expires_at IS NULL OR l.expires_at > p_now)
$$;

-- The draw: which lots cover p_amount, taking each in turn as far as needed. p_types and p_remaining
-- describe the live lots in draw order (as the debits before this one left them); pro models never
-- draw free credits, and a member who may not use top-up credits (p_top_up false) draws only free and
-- subscription credits. Returns the places of the lots drawn and how much each gives, the total drawn
-- (short of p_amount when there is not enough) and how it splits across lot types, as the API
-- reports it.
CREATE OR REPLACE FUNCTION cp_draw(p_types lot_type[], p_remaining bigint[], p_amount bigint, p_is_pro boolean,
  p_top_up boolean, OUT lots int[], OUT takes bigint[], OUT drawn bigint, OUT split jsonb)
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  v_take bigint;
  s_free bigint := 0; s_sub bigint := 0; s_top bigint := 0; s_adj bigint := 0;
BEGIN
  lots := '{}'; takes := '{}'; drawn := 0;
  FOR j IN 1..coalesce(array_length(p_remaining, 1), 0) LOOP
    EXIT WHEN drawn >= p_amount;
    CONTINUE WHEN p_remaining[j] = 0 OR (p_is_pro AND p_types[j] = 'free')
      OR (NOT p_top_up AND p_types[j] NOT IN ('free', 'subscription'));
    v_take := least(p_amount - drawn, p_remaining[j]);
    lots := lots || j; takes := takes || v_take; drawn := drawn + v_take;
    CASE p_types[j]
      WHEN 'free' THEN s_free := s_free + v_take;
      WHEN 'subscription' THEN s_sub := s_sub + v_take;
      WHEN 'top_up' THEN s_top := s_top + v_take;
      ELSE s_adj := s_adj + v_take;
    END CASE;
  END LOOP;
  split := jsonb_build_object('free', s_free, 'subscription', s_sub, 'topUp', s_top, 'adjustment', s_adj);
END $$;

-- Whether an API key's allowed list lets it spend on p_feature / p_model: NULL allows everything; an
-- entry "feature" allows every model of the feature, "feature:model" that one model.
CREATE OR REPLACE FUNCTION cp_key_allows(p_allowed text[], p_feature text, p_model text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT p_allowed IS NULL OR p_feature = ANY (p_allowed) OR (p_feature || ':' || p_model) = ANY (p_allowed)
$$;

-- The part of a member's usage this month (p_used, from member_usage) that counts against their
-- monthly limit: all of it, except in the month of a limit that "starts from now"
-- (memberships.limit_offset_period), whose first limit_offset credits were used before it was set.
CREATE OR REPLACE FUNCTION cp_counted_usage(p_used bigint, p_offset bigint, p_offset_period date, p_period date)
RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN p_offset_period = p_period THEN greatest(p_used - p_offset, 0) ELSE p_used END
$$;

-- The refusals of a debit, in the order they are checked, or NULL when it may go ahead:
--   member_not_found       not a current member of the workspace
--   invalid_amount
--   model_not_allowed      the API key's allowed list (p_key_allowed) leaves this feature/model out
--   credits_owed           the workspace owes p_owed credits after a refund or lost dispute: nothing is
--                          spent or held until a grant or purchase has paid that off (reversals.sql)
--   subscription_required  a pro model without an active or trialing subscription
--   key_budget_reached     the API key's usage this month (p_key_used) plus the cost over its monthly
--                          credit cap (p_key_cap; NULL: no cap)
--   member_limit_reached   the member's counted usage this month (p_used, cp_counted_usage) plus the
--                          cost over their monthly limit with this month's extra allowance (p_limit,
--                          cp_limit_with_extra; NULL: Unlimited); requestUrlPath is where they ask for more
--   topup_not_allowed      the member may not use top-up credits (p_top_up false) and the free and
--                          subscription credits (p_drawn) are short of the cost
--   insufficient_credits   the draw (p_drawn) short of the cost
-- Months (member and key) are calendar months of the workspace's time zone p_tz; resetsAt is the next one.
CREATE OR REPLACE FUNCTION cp_debit_refusal(p_is_member boolean, p_amount bigint, p_is_pro boolean,
  p_status subscription_status, p_limit bigint, p_used bigint, p_drawn bigint, p_period date, p_tz text,
  p_owed bigint, p_top_up boolean, p_api_key uuid, p_key_allowed boolean, p_key_cap bigint, p_key_used bigint,
  p_feature text, p_model text)
RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN NOT p_is_member THEN cp_refusal('member_not_found')
    WHEN p_amount IS NULL OR p_amount <= 0 THEN cp_refusal('invalid_amount')
    WHEN NOT p_key_allowed THEN
      cp_refusal('model_not_allowed', jsonb_build_object(
        'apiKeyId', p_api_key, 'feature', p_feature, 'model', p_model))
    WHEN p_owed > 0 THEN
      cp_refusal('credits_owed', jsonb_build_object(
        'owed', p_owed, 'required', p_amount, 'settleUrlPath', '/settings/billing?buy=credits'))
    WHEN p_is_pro AND p_status NOT IN ('active', 'trialing') THEN
      cp_refusal('subscription_required', jsonb_build_object('subscriptionStatus', p_status))
    WHEN p_key_cap IS NOT NULL AND p_key_used + p_amount > p_key_cap THEN
      cp_refusal('key_budget_reached', jsonb_build_object(
        'apiKeyId', p_api_key, 'cap', p_key_cap, 'used', p_key_used,
        'remaining', greatest(p_key_cap - p_key_used, 0), 'required', p_amount,
        'resetsAt', ((p_period + interval '1 month')::timestamp AT TIME ZONE p_tz)))
    WHEN p_limit IS NOT NULL AND p_used + p_amount > p_limit THEN
      cp_refusal('member_limit_reached', jsonb_build_object(
        'limit', p_limit, 'used', p_used, 'remaining', greatest(p_limit - p_used, 0), 'required', p_amount,
        'resetsAt', ((p_period + interval '1 month')::timestamp AT TIME ZONE p_tz),
        'requestUrlPath', '/usage?request=more'))
    WHEN p_drawn < p_amount AND NOT p_top_up THEN
      cp_refusal('topup_not_allowed', jsonb_build_object(
        'required', p_amount, 'available', p_drawn, 'freeCreditsExcluded', p_is_pro))
    WHEN p_drawn < p_amount THEN
      cp_refusal('insufficient_credits', jsonb_build_object(
        'required', p_amount, 'available', p_drawn, 'freeCreditsExcluded', p_is_pro))
  END
$$;

-- Spends (p_kind 'spend') or holds (p_kind 'hold') credits for one generation, in three statements:
-- the lock; one read of the replay, the membership, the member's and the API key's usage this month
-- and the live lots; one write of everything. p_api_key is the metering API key that asks (NULL in
-- the app): its cap and allowed list apply, and its usage this month is recorded like the member's.
-- A key that is gone, another workspace's or revoked is refused (api_key_revoked) before anything else.
-- p_dry_run (POST /api/v1/quote) answers what the debit would do and returns before any write: no
-- lock, no row, and the idempotency key stays unused.
CREATE OR REPLACE FUNCTION cp_debit(
  p_kind text, p_ws uuid, p_member uuid, p_amount bigint, p_is_pro boolean,
  p_feature text, p_model text, p_settings jsonb, p_results integer,
  p_hold_expires_at timestamptz, p_key text, p_hash text, p_now timestamptz,
  p_api_key uuid DEFAULT NULL, p_dry_run boolean DEFAULT false
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_balance bigint;
  v_debt bigint;
  v_status subscription_status;
  v_tz text;
  v_period date;
  v_has_key boolean; v_prev_hash text; v_prev_result jsonb;
  v_member_exists boolean; v_limit bigint; v_used bigint; v_top_up boolean;
  v_key_allowed boolean; v_key_cap bigint; v_key_used bigint; v_key_active boolean;
  l_ids uuid[]; l_types lot_type[]; l_rem bigint[];
  v_draw record;
  v_refusal jsonb;
  v_has_due boolean;
  v_entry bigint;
  v_exp record;
  v_expired bigint := 0;
  v_id uuid;
  v_result jsonb;
BEGIN
  IF p_dry_run THEN
    SELECT a.balance, a.debt, w.subscription_status, w.time_zone INTO v_balance, v_debt, v_status, v_tz
      FROM credit_accounts a JOIN workspaces w ON w.id = a.workspace_id
     WHERE a.workspace_id = p_ws;
  ELSE
    SELECT a.balance, a.debt, w.subscription_status, w.time_zone INTO v_balance, v_debt, v_status, v_tz
      FROM credit_accounts a JOIN workspaces w ON w.id = a.workspace_id
     WHERE a.workspace_id = p_ws FOR UPDATE OF a;
  END IF;
  IF NOT FOUND THEN
    RETURN cp_refusal('workspace_not_found');
  END IF;
  v_period := date_trunc('month', p_now AT TIME ZONE v_tz)::date;

  SELECT e.workspace_id IS NOT NULL, e.request_hash, cp_entry_answer(e),
         m.id IS NOT NULL, cp_limit_with_extra(m.monthly_limit, p_ws, m.id, v_period),
         cp_counted_usage(coalesce(mu.used, 0), m.limit_offset, m.limit_offset_period, v_period),
         coalesce(m.may_use_top_up, true),
         cp_key_allows(k.allowed_models, p_feature, p_model), k.monthly_credit_cap, coalesce(ku.used, 0),
         k.id IS NOT NULL AND k.revoked_at IS NULL,
         coalesce(live.ids, '{}'), coalesce(live.types, '{}'), coalesce(live.remaining, '{}'),
         EXISTS (SELECT 1 FROM credit_lots d
                  WHERE d.workspace_id = p_ws AND d.is_open AND d.expires_at <= p_now)
    INTO v_has_key, v_prev_hash, v_prev_result,
         v_member_exists, v_limit, v_used, v_top_up,
         v_key_allowed, v_key_cap, v_key_used, v_key_active,
         l_ids, l_types, l_rem, v_has_due
    FROM (SELECT array_agg(id ORDER BY draw_rank) AS ids, array_agg(type ORDER BY draw_rank) AS types,
                 array_agg(remaining ORDER BY draw_rank) AS remaining
            FROM cp_lots_in_draw_order(p_ws, p_now)) live
    LEFT JOIN ledger_entries e ON e.idempotency_key = p_key AND e.workspace_id IS NOT DISTINCT FROM p_ws
    LEFT JOIN memberships m ON m.id = p_member AND m.workspace_id = p_ws AND m.removed_at IS NULL
    LEFT JOIN member_usage mu ON mu.membership_id = p_member AND mu.period_start = v_period AND mu.workspace_id = p_ws
    LEFT JOIN api_keys k ON k.id = p_api_key AND k.workspace_id = p_ws
    LEFT JOIN api_key_usage ku ON ku.api_key_id = p_api_key AND ku.period_start = v_period AND ku.workspace_id = p_ws;

  -- The API key that asks must still exist, be this workspace's and not be revoked, checked after the
  -- lock: the API remembers keys for a few seconds per process (lib/api/v1/auth.ts), and this is what
  -- makes a revocation stop every instance's spends, holds and quotes at once. Before the replay: a
  -- revoked key learns nothing, not even a stored answer.
  IF p_api_key IS NOT NULL AND NOT v_key_active THEN
    RETURN cp_refusal('api_key_revoked');
  END IF;
  IF v_has_key THEN
    RETURN cp_replay_answer(p_key, p_hash, v_prev_hash, v_prev_result);
  END IF;
  v_draw := cp_draw(l_types, l_rem, p_amount, p_is_pro, v_top_up);
  v_refusal := cp_debit_refusal(v_member_exists, p_amount, p_is_pro, v_status, v_limit, v_used, v_draw.drawn,
    v_period, v_tz, v_debt, v_top_up, p_api_key, v_key_allowed, v_key_cap, v_key_used, p_feature, p_model);
  IF v_refusal IS NOT NULL THEN
    RETURN v_refusal;
  END IF;
  IF p_dry_run THEN
    RETURN jsonb_build_object('ok', true, 'replayed', false, 'dryRun', true, 'amount', p_amount,
      'split', v_draw.split, 'balanceAfter', v_balance - p_amount, 'membershipId', p_member);
  END IF;

  IF v_has_due THEN
    v_exp := cp_expire_due(p_ws, p_now, v_balance);
    v_balance := v_exp.balance;
    v_expired := v_exp.expired;
  END IF;
  v_balance := v_balance - p_amount;
  v_entry := nextval('ledger_entries_id_seq'::regclass);
  v_id := cp_new_id();  -- time-ordered (ledger-helpers.sql)
  IF p_kind = 'hold' THEN
    v_result := jsonb_build_object('ok', true, 'replayed', false, 'holdId', v_id, 'entryId', v_entry,
      'amount', p_amount, 'split', v_draw.split, 'balanceAfter', v_balance, 'expiresAt', p_hold_expires_at,
      'membershipId', p_member);
  ELSE
    v_result := jsonb_build_object('ok', true, 'replayed', false, 'usageEventId', v_id,
      'entryId', v_entry, 'amount', p_amount, 'split', v_draw.split, 'balanceAfter', v_balance,
      'membershipId', p_member);
  END IF;

  WITH entry AS (
    INSERT INTO ledger_entries (id, workspace_id, amount, balance_after, code, membership_id, hold_id,
        usage_period, split_free, split_subscription, split_top_up, split_adjustment,
        idempotency_key, request_hash, result, metadata, created_at)
      OVERRIDING SYSTEM VALUE
      VALUES (v_entry, p_ws, -p_amount, v_balance, p_kind::entry_code, p_member,
        CASE WHEN p_kind = 'hold' THEN v_id END, v_period,
        -(v_draw.split->>'free')::bigint, -(v_draw.split->>'subscription')::bigint,
        -(v_draw.split->>'topUp')::bigint, -(v_draw.split->>'adjustment')::bigint,
        -- A spend stores no result: a replay rebuilds it from the entry (cp_entry_answer).
        p_key, p_hash, CASE WHEN p_kind = 'hold' THEN v_result END,
        jsonb_build_object('feature', p_feature, 'model', p_model), p_now)
  ), allocations AS (
    INSERT INTO ledger_allocations (entry_id, lot_id, seq, workspace_id, lot_type, amount)
      SELECT v_entry, l_ids[u.j], u.s, p_ws, l_types[u.j], -u.a
        FROM unnest(v_draw.lots, v_draw.takes) WITH ORDINALITY AS u(j, a, s)
  ), lots AS (
    UPDATE credit_lots c SET amount_remaining = c.amount_remaining - u.a
      FROM unnest(v_draw.lots, v_draw.takes) AS u(j, a)
     WHERE c.id = l_ids[u.j] AND c.workspace_id = p_ws
  ), usage AS (
    INSERT INTO usage_events (id, workspace_id, membership_id, api_key_id, feature, model, settings, results,
        credits, ledger_entry_id, created_at)
      SELECT v_id, p_ws, p_member, p_api_key, p_feature, p_model, p_settings, p_results, p_amount, v_entry, p_now
       WHERE p_kind = 'spend'
  ), hold AS (
    INSERT INTO holds (id, workspace_id, membership_id, api_key_id, amount, feature, model, settings, results,
        is_pro, usage_period, hold_entry_id, expires_at, created_at)
      SELECT v_id, p_ws, p_member, p_api_key, p_amount, p_feature, p_model, p_settings, p_results,
        p_is_pro, v_period, v_entry, p_hold_expires_at, p_now
       WHERE p_kind = 'hold'
  ), member AS (
    INSERT INTO member_usage (membership_id, period_start, workspace_id, used)
      VALUES (p_member, v_period, p_ws, p_amount)
      ON CONFLICT (membership_id, period_start, workspace_id) DO UPDATE SET used = member_usage.used + excluded.used
  ), key_usage AS (
    INSERT INTO api_key_usage (api_key_id, period_start, workspace_id, used)
      SELECT p_api_key, v_period, p_ws, p_amount WHERE p_api_key IS NOT NULL
      ON CONFLICT (api_key_id, period_start, workspace_id) DO UPDATE SET used = api_key_usage.used + excluded.used
  )
  UPDATE credit_accounts
     SET balance = v_balance,
         held = held + CASE WHEN p_kind = 'hold' THEN p_amount ELSE 0 END,
         lifetime_spent = lifetime_spent + CASE WHEN p_kind = 'spend' THEN p_amount ELSE 0 END,
         lifetime_expired = lifetime_expired + v_expired, updated_at = p_now
   WHERE workspace_id = p_ws;
  RETURN v_result;
END $$;
