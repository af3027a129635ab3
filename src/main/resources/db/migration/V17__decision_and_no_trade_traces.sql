-- "Why it traded" and "why it did not" (the traces module). Every row carries the bot's mode and
-- its data source, so nothing simulated can pass for real.

CREATE TABLE decision_traces (
    id                         uuid        PRIMARY KEY,
    bot_id                     uuid        NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    trade_log_id               uuid,
    decision_time              timestamptz NOT NULL,
    action                     text        NOT NULL CHECK (action IN ('ENTER', 'EXIT')),
    reasons                    jsonb       NOT NULL,
    signals_snapshot_safe_json jsonb       NOT NULL DEFAULT '{}'::jsonb,
    confidence                 numeric(5, 4) CHECK (confidence BETWEEN 0 AND 1),
    mode                       text        NOT NULL CHECK (mode IN ('SIM', 'PAPER', 'LIVE')),
    data_source                text        NOT NULL,
    source                     text        NOT NULL CHECK (source IN ('RUNTIME', 'EXTERNAL')),
    trace_id                   text        NOT NULL,
    created_at                 timestamptz NOT NULL
);

CREATE INDEX decision_traces_bot_idx ON decision_traces (bot_id, decision_time DESC, id DESC);

CREATE TABLE no_trade_traces (
    id                 uuid        PRIMARY KEY,
    bot_id             uuid        NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    decision_time      timestamptz NOT NULL,
    last_seen_at       timestamptz NOT NULL,
    occurrences        integer     NOT NULL DEFAULT 1 CHECK (occurrences > 0),
    suppression_type   text        NOT NULL CHECK (suppression_type IN ('RISK_BLOCK', 'DATA_MISSING', 'COOLDOWN',
                                       'CIRCUIT_OPEN', 'OUTSIDE_SESSION', 'SYSTEM_BLOCKED', 'LIVE_TRADING_DISABLED',
                                       'KILL_SWITCH', 'AI_VETO', 'AI_UNAVAILABLE')),
    suppression_reason text        NOT NULL,
    would_have_traded  boolean     NOT NULL,
    mode               text        NOT NULL CHECK (mode IN ('SIM', 'PAPER', 'LIVE')),
    data_source        text        NOT NULL,
    source             text        NOT NULL CHECK (source IN ('RUNTIME', 'EXTERNAL')),
    trace_id           text        NOT NULL
);

CREATE INDEX no_trade_traces_bot_idx ON no_trade_traces (bot_id, decision_time DESC, id DESC);
CREATE INDEX no_trade_traces_latest_idx ON no_trade_traces (bot_id, last_seen_at DESC);
