-- Every alert delivery attempt's outcome, per channel (the alerts module). Never the message text.
CREATE TABLE alert_deliveries (
    id        uuid        PRIMARY KEY,
    kind      text        NOT NULL,
    alert_key text        NOT NULL,
    channel   text        NOT NULL CHECK (channel IN ('discord', 'smtp')),
    outcome   text        NOT NULL CHECK (outcome IN ('SENT', 'FAILED')),
    attempts  integer     NOT NULL,
    error     text,
    trace_id  text        NOT NULL,
    at        timestamptz NOT NULL
);

CREATE INDEX alert_deliveries_key_idx ON alert_deliveries (alert_key, channel, at DESC);
CREATE INDEX alert_deliveries_channel_idx ON alert_deliveries (channel, at DESC);

-- Published for the system status (ALERTS_FAILING): channels whose latest delivery in the last hour failed.
CREATE VIEW v_alert_channels_failing AS
SELECT channel, error, at
FROM (SELECT DISTINCT ON (channel) channel, outcome, error, at
      FROM alert_deliveries WHERE at > now() - interval '1 hour'
      ORDER BY channel, at DESC) latest
WHERE outcome = 'FAILED';
