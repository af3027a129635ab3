-- Every Verify of an integration, whoever asked (a person, or the re-verify loop to come): the
-- observed state behind "connected". Diagnostics are codes and safe messages, never a key, a token,
-- a header or a response body.
CREATE TABLE integration_checks (
    id           uuid        PRIMARY KEY,
    provider     text        NOT NULL,
    checked_at   timestamptz NOT NULL,
    configured   boolean     NOT NULL,
    connected    boolean     NOT NULL,
    diagnostics  jsonb       NOT NULL,
    latency_ms   integer,
    trace_id     text        NOT NULL
);

CREATE INDEX integration_checks_provider_checked_idx ON integration_checks (provider, checked_at DESC);
