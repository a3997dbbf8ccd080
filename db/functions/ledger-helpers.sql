-- The ledger's shared helpers: refusals, replays, splits, entry ids and posting an entry.
-- Live SQL: applied by db/migrate.ts after the migrations on every migrate. Change it here, never in a
-- migration (docs/ARCHITECTURE.md, "SQL functions").
--
-- Why functions: every ledger operation is one statement, so it is one transaction and one round trip.
-- The workspace's credit_accounts row is locked first and held only while the function runs on the
-- server: no network round trip or application work happens inside the locked section.
-- Every writer locks that row before touching lots, holds or usage, so all writes to one workspace
-- are serialised in one fixed order (account, then member usage) and cannot deadlock.
-- Time is always a parameter (the app's injectable clock); now() is never used for business time.

-- A refusal as every ledger function returns it: {ok: false, code, details}.
CREATE OR REPLACE FUNCTION cp_refusal(p_code text, p_details jsonb DEFAULT '{}'::jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object('ok', false, 'code', p_code, 'details', p_details)
$$;

-- The answer to a request whose key is already in the ledger with p_stored_hash and p_stored_result:
-- the first result again (replayed) for the same request, a conflict for another one. An entry that
-- stores no result (the spend entry of a settle, keyed after its hold) conflicts too.
CREATE OR REPLACE FUNCTION cp_replay_answer(p_key text, p_hash text, p_stored_hash text, p_stored_result jsonb)
RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN p_stored_hash IS DISTINCT FROM p_hash OR p_stored_result IS NULL
              THEN cp_refusal('idempotency_conflict', jsonb_build_object('idempotencyKey', p_key))
              ELSE p_stored_result || jsonb_build_object('replayed', true) END
$$;

-- The answer an entry gives when its key is replayed: the result it stores or, for a spend, which
-- stores none (cp_debit, cp_debit_batch), its answer rebuilt from its columns and its usage event:
-- the very answer the spend first gave, field for field (tests/integration/spend-replay.test.ts). A
-- spend's answer was a tenth of what a batch of 1,000 cost the database to build, store and print
-- (docs/PERFORMANCE.md); only a replay, which is rare, pays for it now. The spend entry of a settle
-- (keyed after its hold) stores none either and is not rebuilt: it answers nothing of its own.
-- NULL for NULL (no entry).
CREATE OR REPLACE FUNCTION cp_entry_answer(e ledger_entries) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN e.result IS NULL AND e.code = 'spend' AND e.hold_id IS NULL THEN
      jsonb_build_object('ok', true, 'replayed', false,
        'usageEventId', (SELECT u.id FROM usage_events u WHERE u.ledger_entry_id = e.id AND u.workspace_id = e.workspace_id),
        'entryId', e.id, 'amount', -e.amount,
        'split', jsonb_build_object('free', -e.split_free, 'subscription', -e.split_subscription,
          'topUp', -e.split_top_up, 'adjustment', -e.split_adjustment),
        'balanceAfter', e.balance_after, 'membershipId', e.membership_id)
    ELSE e.result END
$$;

-- Ids for the rows spends add by the million (usage events, and holds): UUIDv7, time-ordered, so each
-- new id goes in at the right-hand end of its primary key's B-tree instead of on a random page of it.
-- With random (v4) ids every insert into the usage_events primary key dirties a random page of it, and
-- the more the index outgrows the cache, the more that costs: `npm run bench:growth`, two servers called
-- in turn to 1.2 million records each, gave time-ordered ids 2-17% less backend CPU a 1,000-record batch
-- in every window, and 7% less WAL (docs/PERFORMANCE.md). The first 48 bits are the server's clock in
-- milliseconds: an id's order, not a business time (nothing reads it back; business time is always the
-- app's clock, a parameter). The other 74 bits are random, as in v4. PostgreSQL 18 makes them natively
-- (uuidv7(), which also keeps one backend's ids in order within a millisecond); older servers (14+ are
-- supported) get cp_uuid_v7_portable, the same layout from gen_random_uuid().
CREATE OR REPLACE FUNCTION cp_uuid_v7_portable(p_count integer) RETURNS uuid[]
LANGUAGE sql VOLATILE AS $$
  SELECT coalesce(array_agg(encode(set_bit(set_bit(
           overlay(uuid_send(gen_random_uuid())
             PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
             FROM 1 FOR 6),
           52, 1), 53, 1), 'hex')::uuid ORDER BY i), '{}')
    FROM generate_series(1, p_count) i
$$;

-- One new id (see above): a single debit's. A function of its own, not cp_new_ids(1): a fifth of the
-- cost (about 5 µs against 20-27, with gen_random_uuid() at about 3).
CREATE OR REPLACE FUNCTION cp_new_id() RETURNS uuid
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF current_setting('server_version_num')::integer >= 180000 THEN
    RETURN uuidv7();
  END IF;
  RETURN (cp_uuid_v7_portable(1))[1];
END $$;

-- p_count new ids (see above), in order: a batch's.
CREATE OR REPLACE FUNCTION cp_new_ids(p_count integer) RETURNS uuid[]
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF current_setting('server_version_num')::integer >= 180000 THEN
    RETURN coalesce((SELECT array_agg(uuidv7() ORDER BY i) FROM generate_series(1, p_count) i), '{}');
  END IF;
  RETURN cp_uuid_v7_portable(p_count);
END $$;

-- Returns the stored result of an earlier operation with this key, a conflict when the key was
-- used for a different request, or NULL when the key is new.
--
-- One probe of the key-first unique index whatever the planner believes about the workspace.
-- Written as `workspace_id IS NOT DISTINCT FROM` so no index on workspace_id can serve it: with
-- statistics gathered while one big tenant dominated, the planner took a small workspace for empty
-- and scanned all its entries through the (workspace_id, code) index instead (30 ms a spend at
-- 44,000 entries, found by bench:analytics).
CREATE OR REPLACE FUNCTION cp_replay(p_ws uuid, p_key text, p_hash text) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_hash text;
  v_result jsonb;
BEGIN
  SELECT e.request_hash, cp_entry_answer(e) INTO v_hash, v_result
    FROM ledger_entries e WHERE e.idempotency_key = p_key AND e.workspace_id IS NOT DISTINCT FROM p_ws;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  RETURN cp_replay_answer(p_key, p_hash, v_hash, v_result);
END $$;

-- Every writer's first step: lock the workspace's credit account (the row every writer locks first,
-- so all writes to a workspace are serialised) and look the idempotency key up. `answer` is what to
-- return at once, if anything: workspace_not_found, or the replay of (or conflict with) an earlier
-- request with the key. Otherwise `balance` is the account's balance.
CREATE OR REPLACE FUNCTION cp_lock_and_replay(p_ws uuid, p_key text, p_hash text,
  OUT balance bigint, OUT answer jsonb) LANGUAGE plpgsql AS $$
BEGIN
  SELECT a.balance INTO balance FROM credit_accounts a WHERE a.workspace_id = p_ws FOR UPDATE;
  IF NOT FOUND THEN
    answer := cp_refusal('workspace_not_found');
  ELSE
    answer := cp_replay(p_ws, p_key, p_hash);
  END IF;
END $$;

-- How a draw splits across lot types, as the API reports it (magnitudes).
CREATE OR REPLACE FUNCTION cp_split(p_types lot_type[], p_amounts bigint[]) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object(
           'free', coalesce(sum(a) FILTER (WHERE t = 'free'), 0),
           'subscription', coalesce(sum(a) FILTER (WHERE t = 'subscription'), 0),
           'topUp', coalesce(sum(a) FILTER (WHERE t = 'top_up'), 0),
           'adjustment', coalesce(sum(a) FILTER (WHERE t = 'adjustment'), 0))
    FROM unnest(p_types, p_amounts) AS u(t, a)
$$;

-- The next ledger entry id, straight from its sequence (ids are taken before the rows are written).
CREATE OR REPLACE FUNCTION cp_next_entry_id() RETURNS bigint LANGUAGE sql AS $$
  SELECT nextval('ledger_entries_id_seq'::regclass)
$$;

-- Writes one entry with its allocations and moves the lots by the same amounts.
-- p_amounts are magnitudes; p_sign says which way they move (+1 into lots, -1 out of lots).
CREATE OR REPLACE FUNCTION cp_post(
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
