-- Proof that a bot's strategy read its profit variables (the variables module): reads rolled up per
-- bot x variable x provider x minute by the reading process, never a row per read.

CREATE TABLE variable_access_minute (
    bot_id        uuid        NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    variable      text        NOT NULL,
    -- Where the value read came from: a data provider key, 'sim', or 'execution' for positions and P&L.
    provider      text        NOT NULL,
    minute        timestamptz NOT NULL CHECK (minute = date_trunc('minute', minute)),
    reads         bigint      NOT NULL CHECK (reads > 0),
    last_read_at  timestamptz NOT NULL,
    -- When the freshest value read in that minute was produced.
    last_value_at timestamptz,
    mode          text        NOT NULL CHECK (mode IN ('SIM', 'PAPER', 'LIVE')),
    PRIMARY KEY (bot_id, variable, provider, minute)
);

CREATE INDEX variable_access_minute_minute_idx ON variable_access_minute (minute);
CREATE INDEX variable_access_minute_provider_idx ON variable_access_minute (provider, minute);
