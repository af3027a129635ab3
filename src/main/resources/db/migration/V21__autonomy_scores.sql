-- The autonomy score (the scoring module): every pass's result per bot, kept as history, and the
-- current score and tier per bot, which the bots list, the status and the risk engine read.

CREATE TABLE autonomy_scores (
    id          uuid        PRIMARY KEY,
    bot_id      uuid        NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    computed_at timestamptz NOT NULL,
    score       integer     NOT NULL CHECK (score BETWEEN 0 AND 100),
    tier        text        NOT NULL CHECK (tier IN ('LOCKED', 'SUPERVISED', 'LIMITED_AUTONOMY', 'FULL_AUTONOMY')),
    breakdown   jsonb       NOT NULL,
    blockers    jsonb       NOT NULL DEFAULT '[]'::jsonb,
    trace_id    text        NOT NULL
);

CREATE INDEX autonomy_scores_bot_idx ON autonomy_scores (bot_id, computed_at DESC, id DESC);

CREATE TABLE bot_autonomy (
    bot_id      uuid        PRIMARY KEY REFERENCES bots (id) ON DELETE CASCADE,
    score       integer     NOT NULL,
    tier        text        NOT NULL,
    blockers    jsonb       NOT NULL DEFAULT '[]'::jsonb,
    computed_at timestamptz NOT NULL
);

-- The risk engine scales a LIMITED_AUTONOMY LIVE bot's limits: a tier change is a change of what it checks.
CREATE TRIGGER bot_autonomy_tier_changed
    AFTER INSERT OR DELETE OR UPDATE OF tier ON bot_autonomy
    FOR EACH STATEMENT EXECUTE FUNCTION risk_limits_changed();

CREATE VIEW v_bot_autonomy AS
SELECT a.bot_id, b.name AS bot_name, a.score, a.tier, a.blockers, a.computed_at
FROM bot_autonomy a JOIN bots b ON b.id = a.bot_id;
