-- The scoring pass reads every bot's decisions: whether a trace is complete is computed once, when
-- it is written, instead of parsing its JSON on every pass.
ALTER TABLE decision_traces ADD COLUMN complete boolean GENERATED ALWAYS AS (
    jsonb_typeof(reasons) = 'array' AND jsonb_array_length(
        CASE WHEN jsonb_typeof(reasons) = 'array' THEN reasons ELSE '[]'::jsonb END) > 0
    AND signals_snapshot_safe_json <> '{}'::jsonb AND confidence IS NOT NULL) STORED;

-- Its drawdown walks each bot's closed trades in exit order: in index order, from the index alone.
DROP INDEX trade_log_closed_idx;
CREATE INDEX trade_log_closed_idx ON trade_log (bot_id, exit_time, id) INCLUDE (realized_pnl, mode)
    WHERE status = 'CLOSED';
