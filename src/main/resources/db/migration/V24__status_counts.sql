-- The verdict reads fleet-wide figures on every computation (target: 5 ms with 10,000 bots). Grouping
-- the bots on each read does not fit in that, so the figures are kept as they change:
--
-- * counts of bots per state/mode and of scored bots per tier: each change appends a delta row (an
--   insert never waits on another transaction, so FSM transitions are not serialised on a counter
--   row), and a compaction folds the deltas into fleet_counts now and then. A reader sums both, in
--   its own snapshot, so it sees exactly the committed rows;
-- * indexes that let the other reads stop early: bots needing a provider (an EXISTS per provider),
--   unwell bots by name, scored bots that name blockers.

CREATE TABLE fleet_counts (
    kind text   NOT NULL CHECK (kind IN ('bot', 'tier')),
    key  text   NOT NULL,
    n    bigint NOT NULL,
    PRIMARY KEY (kind, key)
);

CREATE TABLE fleet_count_deltas (
    id    bigserial PRIMARY KEY,
    kind  text    NOT NULL CHECK (kind IN ('bot', 'tier')),
    key   text    NOT NULL,
    delta integer NOT NULL
);

-- A bot's key is "STATE/MODE".
CREATE FUNCTION bots_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO fleet_count_deltas (kind, key, delta) VALUES ('bot', OLD.state || '/' || OLD.mode, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO fleet_count_deltas (kind, key, delta) VALUES ('bot', NEW.state || '/' || NEW.mode, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER bots_counted_insert_delete AFTER INSERT OR DELETE ON bots
    FOR EACH ROW EXECUTE FUNCTION bots_counted();
CREATE TRIGGER bots_counted_update AFTER UPDATE OF state, mode ON bots
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.mode IS DISTINCT FROM NEW.mode)
    EXECUTE FUNCTION bots_counted();

CREATE FUNCTION bot_autonomy_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO fleet_count_deltas (kind, key, delta) VALUES ('tier', OLD.tier, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO fleet_count_deltas (kind, key, delta) VALUES ('tier', NEW.tier, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER bot_autonomy_counted_insert_delete AFTER INSERT OR DELETE ON bot_autonomy
    FOR EACH ROW EXECUTE FUNCTION bot_autonomy_counted();
CREATE TRIGGER bot_autonomy_counted_update AFTER UPDATE OF tier ON bot_autonomy
    FOR EACH ROW WHEN (OLD.tier IS DISTINCT FROM NEW.tier)
    EXECUTE FUNCTION bot_autonomy_counted();

-- TRUNCATE fires no row trigger: it starts the kind's counts over.
CREATE FUNCTION fleet_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM fleet_counts WHERE kind = TG_ARGV[0];
    DELETE FROM fleet_count_deltas WHERE kind = TG_ARGV[0];
    RETURN NULL;
END $$;

CREATE TRIGGER bots_truncated AFTER TRUNCATE ON bots
    FOR EACH STATEMENT EXECUTE FUNCTION fleet_counts_truncated('bot');
CREATE TRIGGER bot_autonomy_truncated AFTER TRUNCATE ON bot_autonomy
    FOR EACH STATEMENT EXECUTE FUNCTION fleet_counts_truncated('tier');

-- Folds the committed deltas into the counts. Safe to run concurrently: a delta is deleted (and so
-- added) by one compaction only, and additions commute.
CREATE FUNCTION fleet_counts_compact() RETURNS bigint LANGUAGE sql AS $$
    WITH moved AS (
        DELETE FROM fleet_count_deltas RETURNING kind, key, delta
    ), summed AS (
        SELECT kind, key, sum(delta) AS d, count(*) AS rows FROM moved GROUP BY kind, key
    ), applied AS (
        -- A data-modifying WITH runs whether or not it is read.
        INSERT INTO fleet_counts (kind, key, n) SELECT kind, key, d FROM summed
        ON CONFLICT (kind, key) DO UPDATE SET n = fleet_counts.n + EXCLUDED.n
    )
    SELECT coalesce(sum(rows), 0)::bigint FROM summed;
$$;

INSERT INTO fleet_counts (kind, key, n) SELECT 'bot', state || '/' || mode, count(*) FROM bots GROUP BY 2;
INSERT INTO fleet_counts (kind, key, n) SELECT 'tier', tier, count(*) FROM bot_autonomy GROUP BY 2;

CREATE INDEX bots_running_data_provider_idx ON bots (data_provider)
    WHERE desired_state = 'RUNNING' AND mode IN ('PAPER', 'LIVE');
CREATE INDEX bots_running_ai_provider_idx ON bots (ai_provider)
    WHERE desired_state = 'RUNNING' AND ai_provider IS NOT NULL;
CREATE INDEX bots_running_live_account_idx ON bots (account_id)
    WHERE desired_state = 'RUNNING' AND mode = 'LIVE';
CREATE INDEX bots_unwell_name_idx ON bots (name) WHERE state IN ('DEGRADED', 'BLOCKED', 'KILLED');
CREATE INDEX bot_autonomy_blocked_idx ON bot_autonomy (bot_id) WHERE blockers <> '[]'::jsonb;

