-- Which provider each running bot's market data comes from right now (the trading module's market
-- data router): PRIMARY, FALLBACK or MISSING. The status reads it through v_bot_feeds.

CREATE TABLE feed_routes (
    bot_id          uuid        PRIMARY KEY REFERENCES bots (id) ON DELETE CASCADE,
    route           text        NOT NULL CHECK (route IN ('PRIMARY', 'FALLBACK', 'MISSING')),
    active_provider text,
    reason          text        NOT NULL,
    since           timestamptz NOT NULL
);

-- Only bots meant to run count: a stopped bot's last route is history, not a condition.
CREATE VIEW v_bot_feeds AS
SELECT f.bot_id, b.name AS bot_name, f.route, f.active_provider, b.data_provider AS primary_provider, f.reason, f.since
FROM feed_routes f JOIN bots b ON b.id = f.bot_id
WHERE b.desired_state = 'RUNNING';
