-- Every change of the verdict or of its sets of reasons (GET /api/system/status/history).
CREATE TABLE system_status_changes (
    id          uuid        PRIMARY KEY,
    from_status text,
    to_status   text        NOT NULL CHECK (to_status IN ('OK', 'DEGRADED', 'BLOCKED')),
    blockers    jsonb       NOT NULL DEFAULT '[]'::jsonb,
    degraded    jsonb       NOT NULL DEFAULT '[]'::jsonb,
    replica     text        NOT NULL,
    trace_id    text        NOT NULL,
    at          timestamptz NOT NULL
);

CREATE INDEX system_status_changes_at_idx ON system_status_changes (at DESC, id DESC);
