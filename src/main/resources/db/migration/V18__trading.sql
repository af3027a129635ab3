-- The trading runtime (issue 7): a bot's trading window, the risk engine's view of the limits, and
-- what execution leaves behind — orders, fills, positions and the trade log. Every row carries the
-- bot's mode and data source (DESIGN.md §11), so a paper fill on simulated data cannot pass for real.

ALTER TABLE bots ADD COLUMN trading_window jsonb;

-- The risk engine holds a copy of every bot's limits. It is only "connected" while that copy is the
-- current one, so any change to what it checks bumps this version in the same transaction.
CREATE TABLE risk_limits_epoch (
    id         boolean     PRIMARY KEY DEFAULT true CHECK (id),
    version    bigint      NOT NULL,
    changed_at timestamptz NOT NULL
);

INSERT INTO risk_limits_epoch (id, version, changed_at) VALUES (true, 1, now());

CREATE FUNCTION risk_limits_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE risk_limits_epoch SET version = version + 1, changed_at = clock_timestamp();
    RETURN NULL;
END
$$;

CREATE TRIGGER bots_risk_limits_changed
    AFTER INSERT OR DELETE OR UPDATE OF risk_limits, mode, is_trading_enabled, reduce_only, session_mode, trading_window ON bots
    FOR EACH STATEMENT EXECUTE FUNCTION risk_limits_changed();

CREATE TABLE orders (
    id              uuid        PRIMARY KEY,
    bot_id          uuid        NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    -- Idempotency: a retried placement carries the same id, and a venue that saw it once does not
    -- take it twice.
    client_order_id text        NOT NULL UNIQUE,
    instance_id     uuid,
    symbol          text        NOT NULL,
    side            text        NOT NULL CHECK (side IN ('BUY', 'SELL')),
    quantity        numeric     NOT NULL CHECK (quantity > 0),
    order_type      text        NOT NULL CHECK (order_type IN ('MARKET', 'LIMIT')),
    limit_price     numeric,
    intent          text        NOT NULL CHECK (intent IN ('ENTER', 'EXIT')),
    status          text        NOT NULL CHECK (status IN ('WORKING', 'FILLED', 'CANCELLED', 'REJECTED')),
    venue           text        NOT NULL CHECK (venue IN ('paper', 'tradovate', 'ironbeam')),
    venue_order_id  text,
    status_reason   text,
    mode            text        NOT NULL CHECK (mode IN ('SIM', 'PAPER', 'LIVE')),
    data_source     text        NOT NULL,
    trace_id        text        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

CREATE INDEX orders_bot_idx ON orders (bot_id, created_at DESC, id DESC);
CREATE INDEX orders_working_idx ON orders (bot_id) WHERE status = 'WORKING';

CREATE TABLE fills (
    id          uuid        PRIMARY KEY,
    order_id    uuid        NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    bot_id      uuid        NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    symbol      text        NOT NULL,
    side        text        NOT NULL CHECK (side IN ('BUY', 'SELL')),
    quantity    numeric     NOT NULL CHECK (quantity > 0),
    price       numeric     NOT NULL,
    -- A paper fill is made up by the paper venue from a market update; a broker fill is real.
    simulated   boolean     NOT NULL,
    venue       text        NOT NULL,
    mode        text        NOT NULL CHECK (mode IN ('SIM', 'PAPER', 'LIVE')),
    data_source text        NOT NULL,
    trace_id    text        NOT NULL,
    filled_at   timestamptz NOT NULL
);

CREATE INDEX fills_bot_idx ON fills (bot_id, filled_at DESC);

CREATE TABLE positions (
    bot_id        uuid        NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    symbol        text        NOT NULL,
    quantity      numeric     NOT NULL,
    average_price numeric     NOT NULL,
    realized_pnl  numeric     NOT NULL DEFAULT 0,
    mode          text        NOT NULL CHECK (mode IN ('SIM', 'PAPER', 'LIVE')),
    data_source   text        NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (bot_id, symbol)
);

CREATE TABLE trade_log (
    id             uuid        PRIMARY KEY,
    bot_id         uuid        NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    symbol         text        NOT NULL,
    direction      text        NOT NULL CHECK (direction IN ('LONG', 'SHORT')),
    quantity       numeric     NOT NULL CHECK (quantity > 0),
    status         text        NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    entry_order_id uuid        NOT NULL,
    entry_time     timestamptz NOT NULL,
    entry_price    numeric     NOT NULL,
    exit_order_id  uuid,
    exit_time      timestamptz,
    exit_price     numeric,
    -- In money: points times the instrument's point value times the quantity.
    realized_pnl   numeric,
    mode           text        NOT NULL CHECK (mode IN ('SIM', 'PAPER', 'LIVE')),
    data_source    text        NOT NULL,
    trace_id       text        NOT NULL,
    CONSTRAINT trade_log_closed_has_exit CHECK (status = 'OPEN' OR (exit_time IS NOT NULL AND exit_price IS NOT NULL))
);

CREATE INDEX trade_log_bot_idx ON trade_log (bot_id, entry_time DESC);
CREATE UNIQUE INDEX trade_log_one_open_idx ON trade_log (bot_id, symbol) WHERE status = 'OPEN';
CREATE INDEX trade_log_closed_idx ON trade_log (bot_id, exit_time) WHERE status = 'CLOSED';
