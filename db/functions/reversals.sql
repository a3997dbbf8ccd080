-- Money that goes back (issue 18): a refunded or lost-disputed payment's credits taken back, the
-- workspace debt for what was already spent, and the dispute hold on what is left.
-- Live SQL: applied by db/migrate.ts after the migrations on every migrate. Change it here, never in a
-- migration (docs/ARCHITECTURE.md, "SQL functions").
--
-- The rules, each written once:
--   take back   cp_post_take_back: from what is left of the payment's lots (never below zero), in the
--               order given; what is missing becomes debt. Every credit asked for is taken or owed:
--               a purchase_refund entry's amount is -taken and its `owed` is the rest.
--   debt        credit_accounts.debt = the sum of the entries' `owed`. cp_grant (grant.sql) pays it off
--               first; cp_debit_refusal (debit.sql) refuses spends and holds while it is above zero.
--   disputes    cp_dispute_hold moves what is left of the lots out of amount_remaining into
--               amount_disputed (a dispute_hold entry: out of the balance, visibly in
--               credit_accounts.disputed); cp_dispute_close gives it back (dispute_release) and, when
--               the dispute is lost, takes the dispute's credits back: the held ones first, then what
--               else is left of the lots, then debt.
--
-- Events out of order. Both dispute functions find the dispute's earlier entries by its reference
-- (the dispute id, dp_…) whatever key they came with: a hold that finds the dispute already closed
-- does nothing, a second hold or close answers the first one's result (a close with another outcome
-- or share is an idempotency_conflict). A close with no hold before it just has nothing to release.
-- So created/closed may arrive in any order and any number of times and apply once.

-- The first step of every reversal: cp_lock_and_replay, then the lots p_lots names, without repeats, in
-- the order first named (`lots`), and the account's debt and disputed credits. `answer` is what to
-- return at once, if anything: workspace_not_found, a replay or conflict, or lot_not_found when one of
-- the lots is not the workspace's.
CREATE OR REPLACE FUNCTION cp_lock_for_reversal(p_ws uuid, p_lots uuid[], p_key text, p_hash text,
  OUT balance bigint, OUT debt bigint, OUT disputed bigint, OUT lots uuid[], OUT answer jsonb)
LANGUAGE plpgsql AS $$
DECLARE
  v_start record;
  v_missing uuid[];
BEGIN
  v_start := cp_lock_and_replay(p_ws, p_key, p_hash);
  answer := v_start.answer;
  IF answer IS NOT NULL THEN
    RETURN;
  END IF;
  SELECT a.balance, a.debt, a.disputed INTO balance, debt, disputed FROM credit_accounts a WHERE a.workspace_id = p_ws;
  SELECT coalesce(array_agg(u.id ORDER BY u.pos), '{}') INTO lots
    FROM (SELECT x.id, min(x.pos) AS pos FROM unnest(p_lots) WITH ORDINALITY AS x(id, pos) GROUP BY x.id) u
    JOIN credit_lots l ON l.id = u.id AND l.workspace_id = p_ws;
  SELECT array_agg(DISTINCT x) INTO v_missing FROM unnest(p_lots) AS x WHERE x IS NULL OR NOT x = ANY(lots);
  IF v_missing IS NOT NULL THEN
    answer := cp_refusal('lot_not_found', jsonb_build_object('lotIds', to_jsonb(v_missing)));
  END IF;
END $$;

-- Takes p_credits back from the lots p_lots (checked, in order): first up to p_first[i] of lot i (a lost
-- dispute's credits just released from its hold), then what is left of each lot in turn, never below
-- zero; the rest is owed. Writes the purchase_refund entry (amount -taken, owed the rest), its
-- allocations and the lots. The caller holds the account lock, has expired what was due, and writes
-- the account row (balance, debt + owed). p_result is merged into the stored result.
CREATE OR REPLACE FUNCTION cp_post_take_back(
  p_ws uuid, p_lots uuid[], p_first bigint[], p_credits bigint, p_balance bigint, p_debt bigint,
  p_reference text, p_key text, p_hash text, p_result jsonb, p_metadata jsonb, p_now timestamptz,
  OUT entry bigint, OUT taken bigint, OUT owed bigint, OUT balance bigint, OUT result jsonb)
LANGUAGE plpgsql AS $$
DECLARE
  v_rem bigint[];
  v_types lot_type[];
  v_takes bigint[];
  v_need bigint := p_credits;
  v_take bigint;
  n int := coalesce(cardinality(p_lots), 0);
  l_ids uuid[] := '{}'; l_types lot_type[] := '{}'; l_takes bigint[] := '{}';
  v_split jsonb;
BEGIN
  SELECT coalesce(array_agg(l.amount_remaining ORDER BY u.pos), '{}'), coalesce(array_agg(l.type ORDER BY u.pos), '{}')
    INTO v_rem, v_types
    FROM unnest(p_lots) WITH ORDINALITY AS u(id, pos) JOIN credit_lots l ON l.id = u.id;
  v_takes := array_fill(0::bigint, ARRAY[n]);
  FOR pass IN 1..2 LOOP
    FOR i IN 1..n LOOP
      v_take := least(v_need, v_rem[i], CASE WHEN pass = 1 THEN coalesce(p_first[i], 0) ELSE v_rem[i] END);
      v_takes[i] := v_takes[i] + v_take;
      v_rem[i] := v_rem[i] - v_take;
      v_need := v_need - v_take;
    END LOOP;
  END LOOP;
  FOR i IN 1..n LOOP
    IF v_takes[i] > 0 THEN
      l_ids := l_ids || p_lots[i]; l_types := l_types || v_types[i]; l_takes := l_takes || v_takes[i];
    END IF;
  END LOOP;
  taken := p_credits - v_need;
  owed := v_need;
  balance := p_balance - taken;
  entry := cp_next_entry_id();
  v_split := cp_split(l_types, l_takes);
  result := coalesce(p_result, '{}'::jsonb) || jsonb_build_object('ok', true, 'replayed', false,
    'entryId', entry, 'credits', p_credits, 'taken', taken, 'owed', owed, 'balanceAfter', balance,
    'debtAfter', p_debt + owed);
  INSERT INTO ledger_entries (id, workspace_id, amount, balance_after, code, reference,
      split_free, split_subscription, split_top_up, split_adjustment, owed,
      idempotency_key, request_hash, result, metadata, created_at)
    OVERRIDING SYSTEM VALUE
    VALUES (entry, p_ws, -taken, balance, 'purchase_refund', p_reference,
      -(v_split->>'free')::bigint, -(v_split->>'subscription')::bigint, -(v_split->>'topUp')::bigint,
      -(v_split->>'adjustment')::bigint, owed,
      p_key, p_hash, result, coalesce(p_metadata, '{}'::jsonb), p_now);
  INSERT INTO ledger_allocations (entry_id, lot_id, seq, workspace_id, lot_type, amount)
    SELECT entry, u.l, u.s, p_ws, u.t, -u.a FROM unnest(l_ids, l_types, l_takes) WITH ORDINALITY AS u(l, t, a, s);
  UPDATE credit_lots c SET amount_remaining = c.amount_remaining - u.a
    FROM unnest(l_ids, l_takes) AS u(l, a) WHERE c.id = u.l AND c.workspace_id = p_ws;
END $$;

-- Takes back p_credits that a payment bought (a refund: p_reason 'refund'; or 'dispute_lost'), from
-- the payment's lots p_lots, the rest becoming debt. Keyed by p_key.
CREATE OR REPLACE FUNCTION cp_take_back(p_ws uuid, p_lots uuid[], p_credits bigint, p_reason text,
  p_reference text, p_key text, p_hash text, p_metadata jsonb, p_now timestamptz) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_start record;
  v_exp record;
  v_post record;
BEGIN
  v_start := cp_lock_for_reversal(p_ws, p_lots, p_key, p_hash);
  IF v_start.answer IS NOT NULL THEN
    RETURN v_start.answer;
  END IF;
  IF p_credits IS NULL OR p_credits <= 0 THEN
    RETURN cp_refusal('invalid_amount');
  END IF;
  -- Credits whose lot has expired are gone already: what the refund asks of them is owed.
  v_exp := cp_expire_due(p_ws, p_now, v_start.balance);
  v_post := cp_post_take_back(p_ws, v_start.lots, NULL, p_credits, v_exp.balance, v_start.debt, p_reference,
    p_key, p_hash, jsonb_build_object('reason', p_reason, 'reference', p_reference),
    coalesce(p_metadata, '{}'::jsonb) || jsonb_build_object('reason', p_reason), p_now);
  UPDATE credit_accounts
     SET balance = v_post.balance, debt = debt + v_post.owed,
         lifetime_expired = lifetime_expired + v_exp.expired, updated_at = p_now
   WHERE workspace_id = p_ws;
  RETURN v_post.result;
END $$;

-- A dispute opened: what is left of the lots p_lots stops being spendable (a dispute_hold entry;
-- credit_lots.amount_disputed, credit_accounts.disputed). Keyed by p_key and by the dispute p_reference:
-- a second hold of the dispute answers the first one's result; a hold after the dispute closed holds
-- nothing. The entry is written even when nothing is left to hold: it records that the dispute opened.
CREATE OR REPLACE FUNCTION cp_dispute_hold(p_ws uuid, p_lots uuid[], p_reference text, p_key text, p_hash text,
  p_metadata jsonb, p_now timestamptz) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_start record;
  v_prior jsonb;
  v_exp record;
  v_ids uuid[]; v_types lot_type[]; v_held bigint[];
  v_total bigint;
  v_entry bigint;
  v_result jsonb;
BEGIN
  v_start := cp_lock_for_reversal(p_ws, p_lots, p_key, p_hash);
  IF v_start.answer IS NOT NULL THEN
    RETURN v_start.answer;
  END IF;
  SELECT e.result INTO v_prior FROM ledger_entries e
   WHERE e.workspace_id = p_ws AND e.code = 'dispute_hold' AND e.reference = p_reference LIMIT 1;
  IF FOUND THEN
    RETURN v_prior || jsonb_build_object('replayed', true);
  END IF;
  PERFORM 1 FROM ledger_entries e
   WHERE e.workspace_id = p_ws AND e.code IN ('dispute_release', 'purchase_refund') AND e.reference = p_reference;
  IF FOUND THEN
    -- Closed before it opened (the events crossed): there is nothing left to hold.
    RETURN jsonb_build_object('ok', true, 'replayed', false, 'entryId', NULL, 'held', 0,
      'balanceAfter', v_start.balance, 'alreadyClosed', true);
  END IF;

  v_exp := cp_expire_due(p_ws, p_now, v_start.balance);
  SELECT coalesce(array_agg(l.id ORDER BY u.pos), '{}'), coalesce(array_agg(l.type ORDER BY u.pos), '{}'),
         coalesce(array_agg(l.amount_remaining ORDER BY u.pos), '{}'), coalesce(sum(l.amount_remaining), 0)
    INTO v_ids, v_types, v_held, v_total
    FROM unnest(v_start.lots) WITH ORDINALITY AS u(id, pos) JOIN credit_lots l ON l.id = u.id
   WHERE l.amount_remaining > 0;
  v_entry := cp_next_entry_id();
  v_result := jsonb_build_object('ok', true, 'replayed', false, 'entryId', v_entry, 'held', v_total,
    'balanceAfter', v_exp.balance - v_total, 'disputedAfter', v_start.disputed + v_total);
  PERFORM cp_post(v_entry, p_ws, 'dispute_hold', -1, v_ids, v_types, v_held, v_exp.balance - v_total,
    NULL, NULL, NULL, p_reference, NULL, p_key, p_hash, v_result, p_metadata, p_now);
  UPDATE credit_lots c SET amount_disputed = c.amount_disputed + u.a
    FROM unnest(v_ids, v_held) AS u(l, a) WHERE c.id = u.l AND c.workspace_id = p_ws;
  UPDATE credit_accounts
     SET balance = v_exp.balance - v_total, disputed = disputed + v_total,
         lifetime_expired = lifetime_expired + v_exp.expired, updated_at = p_now
   WHERE workspace_id = p_ws;
  RETURN v_result;
END $$;

-- A dispute closed. Its held credits (what its dispute_hold entry moved, as far as still held) go back
-- to their lots (a dispute_release entry; a lot that expired meanwhile then expires as usual). Won:
-- that is all. Lost: p_credits are taken back, the released ones first, then what else is left of the
-- lots p_lots, the rest owed (a purchase_refund entry, the close's main entry). Keyed by p_key and by
-- p_reference: a second close of the dispute answers the first one's result, or idempotency_conflict
-- when it says something else. Works when the hold never happened.
CREATE OR REPLACE FUNCTION cp_dispute_close(p_ws uuid, p_lots uuid[], p_reference text, p_outcome text,
  p_credits bigint, p_key text, p_hash text, p_metadata jsonb, p_now timestamptz) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_start record;
  v_prior record;
  v_exp record;
  v_after_exp record;
  v_ids uuid[]; v_types lot_type[]; v_held bigint[];
  v_total bigint;
  v_release bigint;
  v_balance bigint;
  v_take_lots uuid[]; v_first bigint[];
  v_post record;
  v_owed bigint := 0;
  v_result jsonb;
  v_meta jsonb := coalesce(p_metadata, '{}'::jsonb) || jsonb_build_object('outcome', p_outcome);
BEGIN
  v_start := cp_lock_for_reversal(p_ws, p_lots, p_key, p_hash);
  IF v_start.answer IS NOT NULL THEN
    RETURN v_start.answer;
  END IF;
  IF p_outcome NOT IN ('won', 'lost') OR (p_outcome = 'lost' AND (p_credits IS NULL OR p_credits <= 0)) THEN
    RETURN cp_refusal('invalid_amount');
  END IF;
  SELECT e.request_hash, e.result INTO v_prior FROM ledger_entries e
   WHERE e.workspace_id = p_ws AND e.code IN ('dispute_release', 'purchase_refund') AND e.reference = p_reference
     AND e.result IS NOT NULL LIMIT 1;
  IF FOUND THEN
    RETURN cp_replay_answer(p_key, p_hash, v_prior.request_hash, v_prior.result);
  END IF;

  v_exp := cp_expire_due(p_ws, p_now, v_start.balance);
  SELECT coalesce(array_agg(l.id ORDER BY a.seq), '{}'), coalesce(array_agg(l.type ORDER BY a.seq), '{}'),
         coalesce(array_agg(least(-a.amount, l.amount_disputed) ORDER BY a.seq), '{}'),
         coalesce(sum(least(-a.amount, l.amount_disputed)), 0)
    INTO v_ids, v_types, v_held, v_total
    FROM ledger_entries e
    JOIN ledger_allocations a ON a.entry_id = e.id AND a.workspace_id = e.workspace_id
    JOIN credit_lots l ON l.id = a.lot_id AND l.workspace_id = a.workspace_id
   WHERE e.workspace_id = p_ws AND e.code = 'dispute_hold' AND e.reference = p_reference
     AND l.amount_disputed > 0;
  v_balance := v_exp.balance + v_total;
  v_release := cp_next_entry_id();
  IF p_outcome = 'won' THEN
    v_result := jsonb_build_object('ok', true, 'replayed', false, 'outcome', 'won', 'entryId', v_release,
      'released', v_total, 'taken', 0, 'owed', 0, 'balanceAfter', v_balance, 'debtAfter', v_start.debt);
  END IF;
  -- Out of the hold first, then into the lots (a lot's remaining + disputed never passes its grant).
  UPDATE credit_lots c SET amount_disputed = c.amount_disputed - u.a
    FROM unnest(v_ids, v_held) AS u(l, a) WHERE c.id = u.l AND c.workspace_id = p_ws;
  -- A won dispute's release is its main entry (written even when nothing was held: it records the
  -- close); a lost one's release, when there was a hold, comes before the take-back, which is its main.
  IF p_outcome = 'won' OR v_total > 0 THEN
    PERFORM cp_post(v_release, p_ws, 'dispute_release', 1, v_ids, v_types, v_held, v_balance,
      NULL, NULL, NULL, p_reference, NULL,
      CASE WHEN p_outcome = 'won' THEN p_key ELSE p_key || ':release' END, p_hash, v_result, v_meta, p_now);
  END IF;
  IF p_outcome = 'lost' THEN
    -- The held lots first, each for what it had held, then the payment's other lots.
    v_take_lots := v_ids || array(SELECT x FROM unnest(v_start.lots) WITH ORDINALITY AS u(x, pos)
                                   WHERE NOT x = ANY(v_ids) ORDER BY pos);
    v_first := v_held;
    v_post := cp_post_take_back(p_ws, v_take_lots, v_first, p_credits, v_balance, v_start.debt, p_reference,
      p_key, p_hash,
      jsonb_build_object('outcome', 'lost', 'reference', p_reference,
        'releaseEntryId', CASE WHEN v_total > 0 THEN v_release END,
        'released', v_total - least(p_credits, v_total)),
      v_meta || jsonb_build_object('reason', 'dispute_lost'), p_now);
    v_balance := v_post.balance;
    v_owed := v_post.owed;
    v_result := v_post.result;
  END IF;
  -- Released credits whose lot expired while they were held expire now.
  v_after_exp := cp_expire_due(p_ws, p_now, v_balance);
  UPDATE credit_accounts
     SET balance = v_after_exp.balance, disputed = disputed - v_total, debt = debt + v_owed,
         lifetime_expired = lifetime_expired + v_exp.expired + v_after_exp.expired, updated_at = p_now
   WHERE workspace_id = p_ws;
  RETURN v_result;
END $$;
