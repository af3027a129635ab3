-- The autonomy loops (DESIGN.md §5). Every pass of a singleton loop is recorded, so every replica
-- reports the same liveness whichever replica ran the loop; the breaker is the per-bot
-- restart-intensity limit (N failures in a window).

CREATE TABLE scheduler_ticks (
    id          uuid        PRIMARY KEY,
    loop        text        NOT NULL,
    replica     text        NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    outcome     text        NOT NULL CHECK (outcome IN ('OK', 'FAILED')),
    decided     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    error       text,
    trace_id    text        NOT NULL
);

CREATE INDEX scheduler_ticks_loop_idx ON scheduler_ticks (loop, started_at DESC);

CREATE TABLE breaker_states (
    bot_id       uuid        PRIMARY KEY REFERENCES bots (id) ON DELETE CASCADE,
    state        text        NOT NULL CHECK (state IN ('CLOSED', 'OPEN', 'HALF_OPEN')),
    failures     integer     NOT NULL DEFAULT 0,
    opened_at    timestamptz,
    half_open_at timestamptz,
    closed_at    timestamptz,
    updated_at   timestamptz NOT NULL,
    trace_id     text        NOT NULL
);

CREATE INDEX breaker_states_not_closed_idx ON breaker_states (state) WHERE state <> 'CLOSED';

-- The timeout worker looks only at RUNNING rows, by heartbeat: cheap when none is stale, whatever
-- the history's size.
CREATE INDEX job_runs_running_beat_idx ON job_runs (heartbeat_at) WHERE state = 'RUNNING';
CREATE INDEX runner_instances_running_beat_idx ON runner_instances (last_heartbeat_at) WHERE state = 'RUNNING';

-- Kills (by an invariant or by hand) and the operator's pause: a bot in reduce-only manages its exits
-- but opens nothing new.
ALTER TABLE bots ADD COLUMN reduce_only boolean NOT NULL DEFAULT false;

CREATE TABLE kill_events (
    id               uuid        PRIMARY KEY,
    bot_id           uuid        NOT NULL,
    invariant        text        NOT NULL,
    observed         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    action           text        NOT NULL CHECK (action IN ('REDUCE_ONLY', 'CANCEL', 'FLATTEN')),
    actor            text        NOT NULL,
    reason           text,
    orders_cancelled integer     NOT NULL DEFAULT 0,
    trace_id         text        NOT NULL,
    at               timestamptz NOT NULL
);

CREATE INDEX kill_events_bot_idx ON kill_events (bot_id, at DESC);
