-- The batch debit: many spends of one workspace in one statement (the metering API's batch endpoint,
-- and the spends lib/ledger/coalesce.ts gathers while the workspace is busy).
-- Live SQL: applied by db/migrate.ts after the migrations on every migrate. Change it here, never in a
-- migration (docs/ARCHITECTURE.md, "SQL functions").
--
-- Its rules are the single debit's, from debit.sql: cp_replay_answer, cp_lots_in_draw_order, cp_draw
-- and cp_debit_refusal, called for each record in turn.
--
-- Two ways to the same answer. The set-based path (one statement for the checks, one for all the
-- writes) serves the common batch: new keys, no key twice, and every record drawing from the same
-- lots (the same pro / top-up eligibility wherever it matters). It asks cp_debit_refusal about the
-- records as if all the records before each were spent (running sums of the amount drawn and of the
-- member's and the key's usage); when none is refused, that assumption holds and the answer is the
-- sequential one, with each record's draw the slice [running sum - amount, running sum) of the
-- eligible lots laid end to end in draw order (what cp_draw does one record at a time). Only the last
-- record of each kind (same member, key, feature, model, pro and amount) is asked: while amounts are
-- positive every running sum grows along the batch, so that record is the first of its kind to be
-- refused, and a non-positive amount is refused there too. Anything refused, a replay, a key used
-- twice, or mixed eligibility falls back to the record-by-record loop, which decides. Replays are found
-- by the writes themselves: the unique (key, workspace) index probes every key as its entry goes in, so
-- the set-based path does not look the keys up first; a key already in the ledger fails the statement
-- with unique_violation, everything it wrote is undone (the block's subtransaction), and the loop, which
-- does look them up, answers. The records are read out of the JSON once, into arrays.
-- tests/integration/batch-spend.test.ts compares both paths with single spends.
--
-- The function is cp_debit_records; cp_debit_batch, at the end of the file, is the same with one answer
-- a record, for what cannot take the columns below: cp_debit_group, and the instances of the previous
-- release, which a rolling deploy keeps running on these functions for a while (docs/DEPLOY.md).
--
-- The set-based path answers in columns, not in 1,000 objects: {balanceBefore, entryIds,
-- usageEventIds, splitFree, splitSubscription, splitTopUp, splitAdjustment}, an array each in record
-- order, from which the caller (lib/ledger/debit-records.ts, or cp_batch_answers here) makes each
-- record's answer with the amount and member it sent: balanceAfter is balanceBefore less the running
-- sum of the amounts. Neither path stores a spend's answer on its entry: a replay rebuilds it from the
-- entry (cp_entry_answer, ledger-helpers.sql). Building, storing, aggregating and printing 1,000
-- answers as jsonb was a quarter of the function's cost (docs/PERFORMANCE.md).

-- The records of a batch, in either of the two forms cp_debit_records takes, as rows in record order:
--   an array of records, {member, amount, isPro, feature, model, settings, results, key, hash, apiKey}
--     (the previous release's instances, cp_debit_batch, cp_debit_group, the benches);
--   the lean form lib/ledger/debit-records.ts sends, each distinct generation once:
--     {generations: [{member, amount, isPro, feature, model, settings, results, hash, apiKey}, ...],
--      of: [the generation of each record, from 0], keys: [each record's idempotency key]}.
--     A batch of 1,000 usually names a handful of generations, so it is about 41 KB of JSON instead of
--     345 KB (docs/PERFORMANCE.md). A record whose generation is not in the list is left out here, and
--     cp_debit_records refuses such a batch whole, before it writes anything.
CREATE OR REPLACE FUNCTION cp_batch_records(p_records jsonb)
RETURNS TABLE (key text, hash text, member text, amount bigint, pro boolean, feature text, model text,
               settings jsonb, results int, api_key text, n bigint)
LANGUAGE sql IMMUTABLE AS $$
  SELECT x.key, x.hash, x.member, x.amount, x.pro, x.feature, x.model, x.settings, x.results, x.api_key, x.n
    FROM ROWS FROM (jsonb_to_recordset(CASE WHEN jsonb_typeof(p_records) = 'array' THEN p_records ELSE '[]' END)
           AS (key text, hash text, member text, amount bigint, "isPro" boolean, feature text, model text,
               settings jsonb, results int, "apiKey" text))
         WITH ORDINALITY AS x(key, hash, member, amount, pro, feature, model, settings, results, api_key, n)
  UNION ALL
  SELECT k.key, g.hash, g.member, g.amount, g.pro, g.feature, g.model, g.settings, g.results, g.api_key, k.n
    FROM ROWS FROM (jsonb_array_elements_text(CASE WHEN jsonb_typeof(p_records) = 'object' THEN p_records->'keys' END),
                    jsonb_array_elements_text(CASE WHEN jsonb_typeof(p_records) = 'object' THEN p_records->'of' END))
         WITH ORDINALITY AS k(key, gen, n)
    JOIN ROWS FROM (jsonb_to_recordset(CASE WHEN jsonb_typeof(p_records) = 'object' THEN p_records->'generations' END)
           AS (hash text, member text, amount bigint, "isPro" boolean, feature text, model text, settings jsonb,
               results int, "apiKey" text))
         WITH ORDINALITY AS g(hash, member, amount, pro, feature, model, settings, results, api_key, gn)
      ON g.gn = k.gen::bigint + 1
$$;

-- A batch's records as the array of records (for the paths that take only that form), in record order.
CREATE OR REPLACE FUNCTION cp_records_array(p_records jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN jsonb_typeof(p_records) = 'array' THEN p_records ELSE (
    SELECT coalesce(jsonb_agg(jsonb_build_object('kind', 'spend', 'member', r.member, 'amount', r.amount,
             'isPro', r.pro, 'feature', r.feature, 'model', r.model, 'settings', r.settings, 'results', r.results,
             'key', r.key, 'hash', r.hash, 'expiresAt', NULL, 'apiKey', r.api_key) ORDER BY r.n), '[]')
      FROM cp_batch_records(p_records) r) END
$$;

-- cp_debit_records's answer as one answer per record, in order: the record-by-record path's array as it
-- is; the set-based path's columns (every record spent) made into each record's answer, as
-- lib/ledger/debit-records.ts makes them.
CREATE OR REPLACE FUNCTION cp_batch_answers(p_records jsonb, p_answer jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN jsonb_typeof(p_answer) = 'array' THEN p_answer ELSE (
    SELECT jsonb_agg(jsonb_build_object('ok', true, 'replayed', false,
             'usageEventId', p_answer->'usageEventIds'->i, 'entryId', p_answer->'entryIds'->i, 'amount', r.amount,
             'split', jsonb_build_object('free', p_answer->'splitFree'->i, 'subscription', p_answer->'splitSubscription'->i,
               'topUp', p_answer->'splitTopUp'->i, 'adjustment', p_answer->'splitAdjustment'->i),
             'balanceAfter', (p_answer->>'balanceBefore')::bigint - r.upto, 'membershipId', r.member) ORDER BY i)
      FROM (SELECT x.n::int - 1 AS i, (x.v->>'amount')::bigint AS amount, x.v->>'member' AS member,
                   sum((x.v->>'amount')::bigint) OVER (ORDER BY x.n) AS upto
              FROM jsonb_array_elements(p_records) WITH ORDINALITY AS x(v, n)) r) END
$$;

-- cp_debit_records's answer when some records name an API key that v_keys (the workspace's live keys of
-- the batch, by id) does not have: api_key_revoked for those, cp_debit_batch's answers for the others.
CREATE OR REPLACE FUNCTION cp_debit_batch_without_revoked(p_ws uuid, p_records jsonb, p_now timestamptz,
  p_live_keys jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_kept jsonb;
  v_answers jsonb;
BEGIN
  SELECT jsonb_agg(x.v ORDER BY x.n) INTO v_kept
    FROM jsonb_array_elements(p_records) WITH ORDINALITY AS x(v, n)
   WHERE x.v->>'apiKey' IS NULL OR p_live_keys ? lower(x.v->>'apiKey');
  v_answers := CASE WHEN v_kept IS NULL THEN '[]'::jsonb ELSE cp_debit_batch(p_ws, v_kept, p_now) END;
  -- workspace_not_found is a one-element answer for the whole batch.
  IF jsonb_array_length(v_answers) = 1 AND v_answers->0->>'code' = 'workspace_not_found' THEN
    RETURN v_answers;
  END IF;
  RETURN (SELECT jsonb_agg(CASE WHEN e.revoked THEN cp_refusal('api_key_revoked')
                                ELSE v_answers->(e.kept::int - 1) END ORDER BY e.n)
            FROM (SELECT x.n, r.revoked, count(*) FILTER (WHERE NOT r.revoked) OVER (ORDER BY x.n) AS kept
                    FROM jsonb_array_elements(p_records) WITH ORDINALITY AS x(v, n),
                         LATERAL (SELECT x.v->>'apiKey' IS NOT NULL AND NOT p_live_keys ? lower(x.v->>'apiKey')
                                    AS revoked) r) e);
END $$;

-- Spends many priced records of one workspace in one statement, each with its own idempotency key
-- and result, in order; a record sees the lots, usage and keys the ones before it left. A record is
-- {member, amount, isPro, feature, model, settings, results, key, hash, apiKey}; apiKey (the metering
-- API key that asks, or null) is cp_debit's p_api_key. The records come as an array of those or in the
-- lean form (cp_batch_records, above). The answer is a JSON array of results (one
-- workspace_not_found when the workspace does not exist), or, when the set-based path spent every
-- record, the columns described at the top of the file. The lock is taken once, the draws are planned
-- in memory, and each table is written once.
CREATE OR REPLACE FUNCTION cp_debit_records(p_ws uuid, p_records jsonb, p_now timestamptz) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_balance bigint;
  v_debt bigint;
  v_status subscription_status;
  v_tz text;
  v_period date;
  v_exp record;
  v_seen jsonb;      -- idempotency key -> {hash, result} for keys already in the ledger (cp_entry_answer)
  v_members jsonb;   -- membership id -> {limit (null: Unlimited), offset, topUp}; absent: not a member
  v_used jsonb;      -- membership id -> used this month
  v_keys jsonb;      -- API key id -> {cap, allowed}
  v_key_used jsonb;  -- API key id -> used this month
  v_batch jsonb := '{}'::jsonb;  -- repeated keys handled earlier in this batch -> {hash, result}
  v_dups text[];                 -- keys that appear more than once in this batch
  -- The records, read out of the JSON once (one pass) into arrays in record order; the statements below
  -- read these instead of walking the JSON again.
  v_record_keys text[]; b_hash text[]; b_member text[]; b_amount bigint[]; b_pro boolean[]; b_feature text[];
  b_model text[]; b_settings jsonb[]; b_results int[]; b_api_key text[];
  b_usage uuid[];  -- each record's usage event id, made together (cp_new_ids: time-ordered)
  v_n int;         -- the loop's record number
  l_ids uuid[]; l_types lot_type[]; l_rem bigint[]; l_orig bigint[];
  v_results jsonb[] := '{}';
  v_key text; v_hash text; v_member text; v_amount bigint; v_pro boolean; v_api_key text;
  v_prior jsonb; v_is_member boolean; v_limit bigint; v_used_now bigint; v_top_up boolean;
  v_key_row jsonb; v_key_used_now bigint;
  v_draw record;
  v_refusal jsonb;
  j int;
  v_entry bigint; v_usage uuid; v_result jsonb;
  v_spent bigint := 0;
  -- rows to write
  e_id bigint[] := '{}'; e_amount bigint[] := '{}'; e_after bigint[] := '{}'; e_member uuid[] := '{}';
  e_key text[] := '{}'; e_hash text[] := '{}'; e_result jsonb[] := '{}'; e_meta jsonb[] := '{}';
  a_entry bigint[] := '{}'; a_lot uuid[] := '{}'; a_seq int[] := '{}'; a_type lot_type[] := '{}'; a_amount bigint[] := '{}';
  u_id uuid[] := '{}'; u_member uuid[] := '{}'; u_feature text[] := '{}'; u_model text[] := '{}';
  u_settings jsonb[] := '{}'; u_results int[] := '{}'; u_credits bigint[] := '{}'; u_entry bigint[] := '{}';
  u_api_key uuid[] := '{}';
  -- the set-based path
  v_skips_free boolean; v_skips_other boolean;  -- whether eligibility differs between records anywhere
  v_has_free boolean; v_has_other boolean;      -- live free lots; live lots other than free and subscription
  v_total bigint; v_free bigint; v_other bigint;
  v_classes int; v_all_pass boolean;
  v_answer jsonb;
BEGIN
  SELECT a.balance, a.debt, w.subscription_status, w.time_zone INTO v_balance, v_debt, v_status, v_tz
    FROM credit_accounts a JOIN workspaces w ON w.id = a.workspace_id
   WHERE a.workspace_id = p_ws FOR UPDATE OF a;
  IF NOT FOUND THEN
    RETURN jsonb_build_array(cp_refusal('workspace_not_found'));
  END IF;
  v_period := date_trunc('month', p_now AT TIME ZONE v_tz)::date;
  -- Only keys repeated inside the batch need remembering between records; tracking just those keeps
  -- the in-batch map small (growing one jsonb object per record is quadratic).
  SELECT coalesce(array_agg(x.key ORDER BY x.n), '{}'), coalesce(array_agg(x.hash ORDER BY x.n), '{}'),
         coalesce(array_agg(x.member ORDER BY x.n), '{}'), coalesce(array_agg(x.amount ORDER BY x.n), '{}'),
         coalesce(array_agg(x.pro ORDER BY x.n), '{}'), coalesce(array_agg(x.feature ORDER BY x.n), '{}'),
         coalesce(array_agg(x.model ORDER BY x.n), '{}'), coalesce(array_agg(x.settings ORDER BY x.n), '{}'),
         coalesce(array_agg(x.results ORDER BY x.n), '{}'), coalesce(array_agg(x.api_key ORDER BY x.n), '{}')
    INTO v_record_keys, b_hash, b_member, b_amount, b_pro, b_feature, b_model, b_settings, b_results, b_api_key
    FROM cp_batch_records(p_records) x;
  -- The lean form names each record's generation by its place, and cp_batch_records leaves out a record
  -- whose generation is missing: such a batch is refused whole, before anything is written, instead of
  -- spending the rest and answering fewer records than were sent.
  IF jsonb_typeof(p_records) = 'object'
     AND cardinality(v_record_keys) IS DISTINCT FROM jsonb_array_length(p_records->'keys') THEN
    RAISE EXCEPTION 'cp_debit_records: % records sent, % with a generation the batch has',
      jsonb_array_length(p_records->'keys'), cardinality(v_record_keys);
  END IF;
  b_usage := cp_new_ids(cardinality(v_record_keys));
  SELECT coalesce(array_agg(k), '{}') INTO v_dups
    FROM (SELECT k FROM unnest(v_record_keys) k GROUP BY 1 HAVING count(*) > 1) d;

  SELECT coalesce(jsonb_object_agg(m.id::text, jsonb_build_object('limit', cp_limit_with_extra(m.monthly_limit, p_ws, m.id, v_period),
           'offset', m.limit_offset, 'offsetPeriod', m.limit_offset_period, 'topUp', m.may_use_top_up)), '{}')
    INTO v_members
    FROM memberships m
   WHERE m.workspace_id = p_ws AND m.removed_at IS NULL
     AND m.id IN (SELECT x::uuid FROM unnest(b_member) x);
  SELECT coalesce(jsonb_object_agg(u.membership_id::text, u.used), '{}') INTO v_used
    FROM member_usage u
   WHERE u.workspace_id = p_ws AND u.period_start = v_period AND u.membership_id IN (SELECT x::uuid FROM unnest(b_member) x);
  SELECT coalesce(jsonb_object_agg(k.id::text, jsonb_build_object('cap', k.monthly_credit_cap,
           'allowed', k.allowed_models)), '{}') INTO v_keys
    FROM api_keys k
   WHERE k.workspace_id = p_ws AND k.revoked_at IS NULL
     AND k.id IN (SELECT x::uuid FROM unnest(b_api_key) x);
  -- A record whose API key is gone, another workspace's or revoked is refused (api_key_revoked), as
  -- cp_debit refuses it, before anything is written or replayed: the API remembers keys for a few
  -- seconds per process, and this check under the lock is what stops a revoked key at once. The other
  -- records (group commit mixes keys) are debited as a batch of their own, their answers put back in
  -- place. Rare, so the simple way: the call again without them.
  IF EXISTS (SELECT 1 FROM unnest(b_api_key) x WHERE x IS NOT NULL AND NOT v_keys ? lower(x)) THEN
    RETURN cp_debit_batch_without_revoked(p_ws, cp_records_array(p_records), p_now, v_keys);
  END IF;
  SELECT coalesce(jsonb_object_agg(u.api_key_id::text, u.used), '{}') INTO v_key_used
    FROM api_key_usage u
   WHERE u.workspace_id = p_ws AND u.period_start = v_period
     AND u.api_key_id IN (SELECT x::uuid FROM unnest(b_api_key) x);

  -- Expire what is due first (as a single spend would), then load the live lots in draw order.
  v_exp := cp_expire_due(p_ws, p_now, v_balance);
  v_balance := v_exp.balance;
  SELECT coalesce(array_agg(id ORDER BY draw_rank), '{}'), coalesce(array_agg(type ORDER BY draw_rank), '{}'),
         coalesce(array_agg(remaining ORDER BY draw_rank), '{}')
    INTO l_ids, l_types, l_rem
    FROM cp_lots_in_draw_order(p_ws, p_now);
  l_orig := l_rem;

  -- The set-based path (see the top of the file): no key twice in the batch. Whether a key is already in
  -- the ledger is left to the unique (key, workspace) index its insert probes anyway: a replay makes the
  -- writes fail with unique_violation, they are undone, and the loop below answers.
  IF cardinality(v_dups) = 0 THEN
    SELECT coalesce(sum(rem), 0), coalesce(sum(rem) FILTER (WHERE t = 'free'), 0),
           coalesce(sum(rem) FILTER (WHERE t NOT IN ('free', 'subscription')), 0)
      INTO v_total, v_free, v_other
      FROM unnest(l_types, l_rem) AS l(t, rem);
    v_has_free := v_free > 0; v_has_other := v_other > 0;
    WITH r AS (
      SELECT e.n, e.member, e.amount, e.pro, e.feature, e.model, e.api_key,
             coalesce((v_members#>>ARRAY[e.member, 'topUp'])::boolean, true) AS top_up
        FROM unnest(b_member, b_amount, b_pro, b_feature, b_model, b_api_key)
             WITH ORDINALITY AS e(member, amount, pro, feature, model, api_key, n)
    ), s AS (
      SELECT r.*, (r.pro AND v_has_free) AS skips_free, (NOT r.top_up AND v_has_other) AS skips_other,
             coalesce(sum(r.amount) OVER (ORDER BY r.n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::bigint AS before,
             coalesce(sum(r.amount) OVER (PARTITION BY r.member ORDER BY r.n
                                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::bigint AS member_before,
             coalesce(sum(r.amount) OVER (PARTITION BY r.api_key ORDER BY r.n
                                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::bigint AS key_before
        FROM r
    ), worst AS (  -- the last record of each kind (see above), found by hashing, not sorting, the batch
      SELECT s.* FROM s
        JOIN (SELECT max(s.n) AS n FROM s GROUP BY s.member, s.api_key, s.feature, s.model, s.pro, s.amount) k
          ON k.n = s.n
    )
    SELECT (SELECT count(DISTINCT (s.skips_free, s.skips_other)) FROM s),
           (SELECT bool_and(cp_debit_refusal(v_members ? s.member, s.amount, s.pro, v_status,
             (v_members#>>ARRAY[s.member, 'limit'])::bigint,
             cp_counted_usage(coalesce((v_used->>s.member)::bigint, 0) + s.member_before,
               (v_members#>>ARRAY[s.member, 'offset'])::bigint, (v_members#>>ARRAY[s.member, 'offsetPeriod'])::date,
               v_period),
             least(s.amount, greatest(v_total - CASE WHEN s.skips_free THEN v_free ELSE 0 END
                                              - CASE WHEN s.skips_other THEN v_other ELSE 0 END - s.before, 0)),
             v_period, v_tz, v_debt, s.top_up, s.api_key::uuid,
             cp_key_allows(CASE WHEN jsonb_typeof(v_keys#>ARRAY[s.api_key, 'allowed']) = 'array'
                             THEN ARRAY(SELECT jsonb_array_elements_text(v_keys#>ARRAY[s.api_key, 'allowed'])) END,
                           s.feature, s.model),
             (v_keys#>>ARRAY[s.api_key, 'cap'])::bigint,
             CASE WHEN s.api_key IS NOT NULL THEN coalesce((v_key_used->>s.api_key)::bigint, 0) + s.key_before ELSE 0 END,
             s.feature, s.model) IS NULL) FROM worst s),
           (SELECT bool_or(s.skips_free) FROM s), (SELECT bool_or(s.skips_other) FROM s)
      INTO v_classes, v_all_pass, v_skips_free, v_skips_other;
    IF v_classes = 1 AND v_all_pass THEN
     BEGIN
      -- Every record is spent: one statement writes them all. Entry ids are taken in record order.
      WITH r AS (
        SELECT e.n, e.member, e.amount, e.feature, e.model, coalesce(e.settings, '{}'::jsonb) AS settings,
               e.results, e.key, e.hash, e.api_key::uuid AS api_key,
               nextval('ledger_entries_id_seq'::regclass) AS entry, e.usage
          FROM unnest(b_member, b_amount, b_feature, b_model, b_settings, b_results, v_record_keys, b_hash, b_api_key,
                      b_usage)
               WITH ORDINALITY AS e(member, amount, feature, model, settings, results, key, hash, api_key, usage, n)
      ), c AS (
        SELECT r.*, sum(r.amount) OVER (ORDER BY r.n)::bigint AS upto FROM r
      ), lots AS (  -- the eligible live lots in draw order, as running intervals [lo, hi)
        SELECT l.j, l.id, l.t, sum(l.rem) OVER (ORDER BY l.j)::bigint - l.rem AS lo, sum(l.rem) OVER (ORDER BY l.j)::bigint AS hi
          FROM unnest(l_ids, l_types, l_rem) WITH ORDINALITY AS l(id, t, rem, j)
         WHERE l.rem > 0 AND NOT (v_skips_free AND l.t = 'free')
           AND NOT (v_skips_other AND l.t NOT IN ('free', 'subscription'))
      ), a AS (     -- each record takes its own interval [upto - amount, upto) of them
        SELECT c.n, c.entry, lots.j, lots.id, lots.t,
               (least(lots.hi, c.upto) - greatest(lots.lo, c.upto - c.amount))::bigint AS take,
               row_number() OVER (PARTITION BY c.n ORDER BY lots.j) AS seq
          FROM c JOIN lots ON lots.lo < c.upto AND lots.hi > c.upto - c.amount
      ), sp AS (    -- each record's split by lot type (magnitudes)
        SELECT a.n, coalesce(sum(a.take) FILTER (WHERE a.t = 'free'), 0)::bigint AS free,
               coalesce(sum(a.take) FILTER (WHERE a.t = 'subscription'), 0)::bigint AS subscription,
               coalesce(sum(a.take) FILTER (WHERE a.t = 'top_up'), 0)::bigint AS top_up,
               coalesce(sum(a.take) FILTER (WHERE a.t NOT IN ('free', 'subscription', 'top_up')), 0)::bigint AS adjustment
          FROM a GROUP BY a.n
      ), per AS (
        SELECT c.*, sp.free, sp.subscription, sp.top_up, sp.adjustment
          FROM c JOIN sp ON sp.n = c.n
      ), entries AS (
        INSERT INTO ledger_entries (id, workspace_id, amount, balance_after, code, membership_id, usage_period,
            split_free, split_subscription, split_top_up, split_adjustment, idempotency_key, request_hash, result,
            metadata, created_at)
          OVERRIDING SYSTEM VALUE
          SELECT p.entry, p_ws, -p.amount, v_balance - p.upto, 'spend', p.member::uuid, v_period,
                 -p.free, -p.subscription, -p.top_up, -p.adjustment,
                 p.key, p.hash, NULL, jsonb_build_object('feature', p.feature, 'model', p.model), p_now
            FROM per p
      ), allocations AS (
        INSERT INTO ledger_allocations (entry_id, lot_id, seq, workspace_id, lot_type, amount)
          SELECT a.entry, a.id, a.seq, p_ws, a.t, -a.take FROM a
      ), lot_updates AS (
        UPDATE credit_lots cl SET amount_remaining = cl.amount_remaining - t.taken
          FROM (SELECT a.id, sum(a.take) AS taken FROM a GROUP BY a.id) t
         WHERE cl.id = t.id AND cl.workspace_id = p_ws
      ), usage AS (
        INSERT INTO usage_events (id, workspace_id, membership_id, api_key_id, feature, model, settings, results,
            credits, ledger_entry_id, created_at)
          SELECT p.usage, p_ws, p.member::uuid, p.api_key, p.feature, p.model, p.settings, p.results, p.amount,
                 p.entry, p_now
            FROM per p
      ), member_totals AS (
        INSERT INTO member_usage (membership_id, period_start, workspace_id, used)
          SELECT r.member::uuid, v_period, p_ws, sum(r.amount) FROM r GROUP BY r.member
          ON CONFLICT (membership_id, period_start, workspace_id) DO UPDATE SET used = member_usage.used + excluded.used
      ), key_totals AS (
        INSERT INTO api_key_usage (api_key_id, period_start, workspace_id, used)
          SELECT r.api_key, v_period, p_ws, sum(r.amount) FROM r WHERE r.api_key IS NOT NULL GROUP BY r.api_key
          ON CONFLICT (api_key_id, period_start, workspace_id) DO UPDATE SET used = api_key_usage.used + excluded.used
      )
      SELECT jsonb_build_object('balanceBefore', v_balance,
               'entryIds', to_jsonb(array_agg(p.entry ORDER BY p.n)), 'usageEventIds', to_jsonb(array_agg(p.usage ORDER BY p.n)),
               'splitFree', to_jsonb(array_agg(p.free ORDER BY p.n)),
               'splitSubscription', to_jsonb(array_agg(p.subscription ORDER BY p.n)),
               'splitTopUp', to_jsonb(array_agg(p.top_up ORDER BY p.n)),
               'splitAdjustment', to_jsonb(array_agg(p.adjustment ORDER BY p.n))), max(p.upto)
        INTO v_answer, v_spent FROM per p;
      UPDATE credit_accounts
         SET balance = v_balance - v_spent, lifetime_spent = lifetime_spent + v_spent,
             lifetime_expired = lifetime_expired + v_exp.expired, updated_at = p_now
       WHERE workspace_id = p_ws;
      RETURN v_answer;
     EXCEPTION WHEN unique_violation THEN
      v_spent := 0;  -- a key is already in the ledger: nothing above was written; the loop decides
     END;
    END IF;
  END IF;

  -- The keys already in the ledger: one probe of the unique (key, workspace) index per key. The
  -- workspace is compared with IS NOT DISTINCT FROM (the same, for a NOT NULL column) so that no
  -- index on workspace_id can serve the probe: for a workspace newer than the table's statistics the
  -- planner chose the workspace's index and filtered its whole history by key, once per key (seconds
  -- a call; docs/PERFORMANCE.md). One scan with the whole key array (= ANY) was tried and reverted:
  -- cheaper alone, but calls over HTTP at one client were 2.5x slower in four runs of four (a plan
  -- for 1,000 known keys reading ledger_entries sequentially, most likely; not confirmed).
  SELECT coalesce(jsonb_object_agg(e.idempotency_key, jsonb_build_object('hash', e.request_hash, 'result', e.answer)), '{}')
    INTO v_seen
    FROM (SELECT DISTINCT k FROM unnest(v_record_keys) k) keys,
         LATERAL (SELECT l.idempotency_key, l.request_hash, cp_entry_answer(l) AS answer FROM ledger_entries l
                   WHERE l.idempotency_key = keys.k AND l.workspace_id IS NOT DISTINCT FROM p_ws
                   LIMIT 1) e;

  -- Record by record: what the set-based path does not decide.
  FOR v_n IN 1..cardinality(v_record_keys)
  LOOP
    v_key := v_record_keys[v_n]; v_hash := b_hash[v_n]; v_member := b_member[v_n];
    v_amount := b_amount[v_n]; v_pro := b_pro[v_n]; v_api_key := b_api_key[v_n];
    -- Idempotency: a key already in the ledger, or earlier in this batch.
    v_prior := coalesce(v_batch->v_key, v_seen->v_key);
    IF v_prior IS NOT NULL THEN
      v_results := v_results || cp_replay_answer(v_key, v_hash, v_prior->>'hash', nullif(v_prior->'result', 'null'));
      CONTINUE;
    END IF;
    v_is_member := v_members ? v_member;
    v_limit := (v_members#>>ARRAY[v_member, 'limit'])::bigint;
    v_top_up := coalesce((v_members#>>ARRAY[v_member, 'topUp'])::boolean, true);
    v_used_now := coalesce((v_used->>v_member)::bigint, 0);
    v_key_row := CASE WHEN v_api_key IS NOT NULL THEN v_keys->v_api_key END;
    v_key_used_now := CASE WHEN v_api_key IS NOT NULL THEN coalesce((v_key_used->>v_api_key)::bigint, 0) ELSE 0 END;
    v_draw := cp_draw(l_types, l_rem, v_amount, v_pro, v_top_up);
    v_refusal := cp_debit_refusal(v_is_member, v_amount, v_pro, v_status, v_limit,
      cp_counted_usage(v_used_now, (v_members#>>ARRAY[v_member, 'offset'])::bigint,
        (v_members#>>ARRAY[v_member, 'offsetPeriod'])::date, v_period),
      v_draw.drawn, v_period, v_tz, v_debt, v_top_up, v_api_key::uuid,
      cp_key_allows(CASE WHEN jsonb_typeof(v_key_row->'allowed') = 'array'
                      THEN ARRAY(SELECT jsonb_array_elements_text(v_key_row->'allowed')) END,
                    b_feature[v_n], b_model[v_n]),
      (v_key_row->>'cap')::bigint, v_key_used_now, b_feature[v_n], b_model[v_n]);
    IF v_refusal IS NOT NULL THEN
      v_results := v_results || v_refusal;
      CONTINUE;
    END IF;
    -- Apply the draw in memory and queue the rows.
    v_entry := nextval('ledger_entries_id_seq'::regclass);
    v_usage := b_usage[v_n];
    FOR j IN 1..array_length(v_draw.lots, 1) LOOP
      l_rem[v_draw.lots[j]] := l_rem[v_draw.lots[j]] - v_draw.takes[j];
      a_entry := a_entry || v_entry; a_lot := a_lot || l_ids[v_draw.lots[j]]; a_seq := a_seq || j;
      a_type := a_type || l_types[v_draw.lots[j]]; a_amount := a_amount || -v_draw.takes[j];
    END LOOP;
    v_balance := v_balance - v_amount;
    v_spent := v_spent + v_amount;
    v_used := jsonb_set(v_used, ARRAY[v_member], to_jsonb(v_used_now + v_amount));
    IF v_api_key IS NOT NULL THEN
      v_key_used := jsonb_set(v_key_used, ARRAY[v_api_key], to_jsonb(v_key_used_now + v_amount));
    END IF;
    v_result := jsonb_build_object('ok', true, 'replayed', false, 'usageEventId', v_usage, 'entryId', v_entry,
      'amount', v_amount, 'split', v_draw.split, 'balanceAfter', v_balance, 'membershipId', v_member);
    v_results := v_results || v_result;
    IF v_key = ANY(v_dups) THEN
      v_batch := v_batch || jsonb_build_object(v_key, jsonb_build_object('hash', v_hash, 'result', v_result));
    END IF;
    e_id := e_id || v_entry; e_amount := e_amount || -v_amount; e_after := e_after || v_balance;
    e_member := e_member || v_member::uuid;
    e_key := e_key || v_key; e_hash := e_hash || v_hash; e_result := e_result || v_result;
    e_meta := e_meta || jsonb_build_object('feature', b_feature[v_n], 'model', b_model[v_n]);
    u_id := u_id || v_usage; u_member := u_member || v_member::uuid; u_feature := u_feature || b_feature[v_n];
    u_model := u_model || b_model[v_n]; u_settings := u_settings || coalesce(b_settings[v_n], '{}'::jsonb);
    u_results := u_results || b_results[v_n]; u_credits := u_credits || v_amount; u_entry := u_entry || v_entry;
    u_api_key := u_api_key || v_api_key::uuid;
  END LOOP;

  IF v_spent > 0 THEN
    -- An entry's split is its result's (magnitudes there, signed here); the result itself is not stored
    -- (cp_entry_answer rebuilds it for a replay).
    INSERT INTO ledger_entries (id, workspace_id, amount, balance_after, code, membership_id, usage_period,
        split_free, split_subscription, split_top_up, split_adjustment, idempotency_key, request_hash, result,
        metadata, created_at)
      OVERRIDING SYSTEM VALUE
      SELECT u.id, p_ws, u.amount, u.after, 'spend', u.member, v_period,
             -(u.res#>>'{split,free}')::bigint, -(u.res#>>'{split,subscription}')::bigint,
             -(u.res#>>'{split,topUp}')::bigint, -(u.res#>>'{split,adjustment}')::bigint,
             u.k, u.h, NULL, u.meta, p_now
        FROM unnest(e_id, e_amount, e_after, e_member, e_key, e_hash, e_result, e_meta)
             AS u(id, amount, after, member, k, h, res, meta);
    INSERT INTO ledger_allocations (entry_id, lot_id, seq, workspace_id, lot_type, amount)
      SELECT u.e, u.l, u.s, p_ws, u.t, u.a FROM unnest(a_entry, a_lot, a_seq, a_type, a_amount) AS u(e, l, s, t, a);
    UPDATE credit_lots c SET amount_remaining = u.rem
      FROM unnest(l_ids, l_rem, l_orig) AS u(id, rem, orig)
     WHERE c.id = u.id AND c.workspace_id = p_ws AND u.rem <> u.orig;
    INSERT INTO usage_events (id, workspace_id, membership_id, api_key_id, feature, model, settings, results, credits, ledger_entry_id, created_at)
      SELECT u.id, p_ws, u.m, u.k, u.f, u.mo, u.s, u.r, u.c, u.e, p_now
        FROM unnest(u_id, u_member, u_api_key, u_feature, u_model, u_settings, u_results, u_credits, u_entry)
             AS u(id, m, k, f, mo, s, r, c, e);
    INSERT INTO member_usage (membership_id, period_start, workspace_id, used)
      SELECT u.m, v_period, p_ws, sum(u.c) FROM unnest(u_member, u_credits) AS u(m, c) GROUP BY u.m
      ON CONFLICT (membership_id, period_start, workspace_id) DO UPDATE SET used = member_usage.used + excluded.used;
    INSERT INTO api_key_usage (api_key_id, period_start, workspace_id, used)
      SELECT u.k, v_period, p_ws, sum(u.c) FROM unnest(u_api_key, u_credits) AS u(k, c)
       WHERE u.k IS NOT NULL GROUP BY u.k
      ON CONFLICT (api_key_id, period_start, workspace_id) DO UPDATE SET used = api_key_usage.used + excluded.used;
  END IF;
  UPDATE credit_accounts
     SET balance = v_balance, lifetime_spent = lifetime_spent + v_spent,
         lifetime_expired = lifetime_expired + v_exp.expired, updated_at = p_now
   WHERE workspace_id = p_ws;
  RETURN to_jsonb(v_results);
END $$;

-- cp_debit_records with one answer a record, always (the record-by-record path's array, or the set-based
-- path's columns made into answers by cp_batch_answers): what the previous release's instances call, and
-- cp_debit_group (a group's batches are small, and its answer keeps one form).
CREATE OR REPLACE FUNCTION cp_debit_batch(p_ws uuid, p_records jsonb, p_now timestamptz) RETURNS jsonb
LANGUAGE sql AS $$
  SELECT cp_batch_answers(p_records, cp_debit_records(p_ws, p_records, p_now))
$$;
