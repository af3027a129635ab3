-- The bot fleet (DESIGN.md §3-§4): broker accounts, bots, the runner instances that run them, the
-- jobs inside an instance, the FSM log of all three, and the autonomy events later loops write.
-- Later issues add columns only through new migrations.

CREATE TABLE accounts (
    id          uuid        PRIMARY KEY,
    broker      text        NOT NULL CHECK (broker IN ('sim', 'paper', 'tradovate', 'ironbeam')),
    external_id text        NOT NULL,
    name        text        NOT NULL,
    mode        text        NOT NULL CHECK (mode IN ('SIM', 'PAPER', 'LIVE')),
    created_at  timestamptz NOT NULL,
    UNIQUE (broker, external_id)
);

CREATE TABLE bots (
    id                   uuid        PRIMARY KEY,
    name                 text        NOT NULL UNIQUE,
    mode                 text        NOT NULL CHECK (mode IN ('SIM', 'PAPER', 'LIVE')),
    is_trading_enabled   boolean     NOT NULL DEFAULT false,
    instruments          text[]      NOT NULL CHECK (cardinality(instruments) > 0),
    data_provider        text        NOT NULL,
    fallback_provider    text,
    account_id           uuid        REFERENCES accounts (id),
    strategy_key         text        NOT NULL,
    strategy_params      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    risk_limits          jsonb       NOT NULL DEFAULT '{}'::jsonb,
    ai_provider          text        CHECK (ai_provider IN ('openai', 'anthropic')),
    session_mode         text        NOT NULL DEFAULT 'EXCHANGE' CHECK (session_mode IN ('EXCHANGE', 'ALWAYS')),
    kill_action          text        NOT NULL DEFAULT 'CANCEL' CHECK (kill_action IN ('REDUCE_ONLY', 'CANCEL', 'FLATTEN')),
    breaker_max_failures integer     NOT NULL DEFAULT 3 CHECK (breaker_max_failures > 0),
    breaker_window       interval    NOT NULL DEFAULT interval '30 minutes',
    breaker_cool_down    interval,
    desired_state        text        NOT NULL DEFAULT 'STOPPED' CHECK (desired_state IN ('RUNNING', 'STOPPED')),
    state                text        NOT NULL DEFAULT 'STOPPED'
                                     CHECK (state IN ('STOPPED', 'STARTING', 'RUNNING', 'DEGRADED', 'BLOCKED', 'KILLED')),
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    -- A LIVE bot trades real money: it needs a broker account and the exchange's calendar.
    CONSTRAINT bots_live_needs_account CHECK (mode <> 'LIVE' OR account_id IS NOT NULL),
    CONSTRAINT bots_live_follows_sessions CHECK (mode <> 'LIVE' OR session_mode = 'EXCHANGE')
);

CREATE TABLE runner_instances (
    id                uuid        PRIMARY KEY,
    bot_id            uuid        NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    host_id           text,
    state             text        NOT NULL
                                  CHECK (state IN ('PENDING', 'RUNNING', 'STOPPED', 'CRASHED', 'TIMED_OUT', 'TERMINATED')),
    created_at        timestamptz NOT NULL,
    started_at        timestamptz,
    last_heartbeat_at timestamptz,
    last_iteration_at timestamptz,
    ended_at          timestamptz,
    exit_reason       text,
    failure_summary   text
);

-- Hosts claim the oldest PENDING instances (FOR UPDATE SKIP LOCKED); the timeout worker scans RUNNING ones.
CREATE INDEX runner_instances_pending_idx ON runner_instances (created_at) WHERE state = 'PENDING';
CREATE INDEX runner_instances_running_idx ON runner_instances (host_id) WHERE state = 'RUNNING';
CREATE INDEX runner_instances_bot_idx ON runner_instances (bot_id, created_at DESC);

CREATE TABLE job_runs (
    id           uuid        PRIMARY KEY,
    kind         text        NOT NULL,
    bot_id       uuid        NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    instance_id  uuid        REFERENCES runner_instances (id) ON DELETE CASCADE,
    state        text        NOT NULL
                             CHECK (state IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMEOUT', 'CANCELLED', 'KILLED')),
    heartbeat_at timestamptz,
    reason_code  text,
    created_at   timestamptz NOT NULL,
    started_at   timestamptz,
    ended_at     timestamptz
);

CREATE INDEX job_runs_bot_idx ON job_runs (bot_id, created_at DESC);
CREATE INDEX job_runs_instance_idx ON job_runs (instance_id);

-- The FSM log of bots, instances and jobs; kept when a bot is deleted (no foreign keys).
CREATE TABLE job_run_events (
    id          uuid        PRIMARY KEY,
    entity      text        NOT NULL CHECK (entity IN ('BOT', 'INSTANCE', 'JOB')),
    entity_id   uuid        NOT NULL,
    bot_id      uuid        NOT NULL,
    from_state  text        NOT NULL,
    to_state    text        NOT NULL,
    reason_code text        NOT NULL,
    actor       text        NOT NULL CHECK (actor IN ('SYSTEM', 'SUPERVISOR', 'TIMEOUT_WORKER', 'RUNNER') OR actor LIKE 'USER:%'),
    trace_id    text        NOT NULL,
    at          timestamptz NOT NULL
);

CREATE INDEX job_run_events_bot_idx ON job_run_events (bot_id, at DESC, id DESC);
CREATE INDEX job_run_events_entity_idx ON job_run_events (entity_id, at);

CREATE TABLE autonomy_events (
    id       uuid        PRIMARY KEY,
    bot_id   uuid        NOT NULL,
    kind     text        NOT NULL,
    cause    text        NOT NULL,
    details  jsonb       NOT NULL DEFAULT '{}'::jsonb,
    trace_id text        NOT NULL,
    at       timestamptz NOT NULL
);

CREATE INDEX autonomy_events_bot_idx ON autonomy_events (bot_id, at DESC, id DESC);
