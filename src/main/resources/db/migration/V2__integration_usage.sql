-- Proof of use: one row per provider call (or per stream batch), written by the telemetry pipeline
-- only. Partitioned by day on created_at; partitions are created ahead by PartitionMaintenance and
-- on demand by the writer, and dropped past the retention window. The key includes created_at
-- because a partitioned table's unique keys must include the partition key; the id (UUIDv7) travels
-- with the event, so a retried or replayed batch cannot double count.
CREATE TABLE integration_usage_events (
    id                 uuid        NOT NULL,
    provider           text        NOT NULL,
    endpoint_name      text        NOT NULL,
    bot_id             uuid,
    account_id         uuid,
    status             text        NOT NULL CHECK (status IN ('OK', 'CLIENT_ERROR', 'AUTH_FAILED', 'RATE_LIMITED',
                                                              'SERVER_ERROR', 'TIMEOUT', 'NETWORK_ERROR')),
    http_status        integer,
    latency_ms         integer     NOT NULL CHECK (latency_ms >= 0),
    created_at         timestamptz NOT NULL,
    trace_id           text        NOT NULL,
    metadata_safe_json jsonb       NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);

CREATE INDEX integration_usage_events_created_idx ON integration_usage_events (created_at DESC, id DESC);
CREATE INDEX integration_usage_events_provider_idx ON integration_usage_events (provider, created_at DESC);
CREATE INDEX integration_usage_events_bot_idx ON integration_usage_events (bot_id, created_at DESC) WHERE bot_id IS NOT NULL;

-- Element-wise sum of two latency histograms (fixed log buckets, see LatencyBuckets.java).
CREATE FUNCTION usage_buckets_add(a bigint[], b bigint[]) RETURNS bigint[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN a IS NULL THEN b WHEN b IS NULL THEN a ELSE
        (SELECT array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i))
    END
$$;

CREATE AGGREGATE usage_buckets_sum(bigint[]) (SFUNC = usage_buckets_add, STYPE = bigint[]);

-- Roll-ups, updated in the same transaction as the batch from the rows actually inserted. Every
-- 24-hour figure reads these, never the raw events. Minute rows serve recent windows; hour rows
-- serve the rest.
CREATE TABLE integration_usage_minute (
    provider           text        NOT NULL,
    endpoint_name      text        NOT NULL,
    bucket_start       timestamptz NOT NULL,
    calls              bigint      NOT NULL,
    ok_count           bigint      NOT NULL,
    client_error_count bigint      NOT NULL,
    auth_failed_count  bigint      NOT NULL,
    rate_limited_count bigint      NOT NULL,
    server_error_count bigint      NOT NULL,
    timeout_count      bigint      NOT NULL,
    network_error_count bigint     NOT NULL,
    latency_sum_ms     bigint      NOT NULL,
    latency_max_ms     integer     NOT NULL,
    latency_buckets    bigint[]    NOT NULL,
    last_used_at       timestamptz NOT NULL,
    PRIMARY KEY (provider, endpoint_name, bucket_start)
);

CREATE TABLE integration_usage_hour (LIKE integration_usage_minute INCLUDING ALL);

CREATE TABLE integration_usage_bot_minute (
    provider      text        NOT NULL,
    bot_id        uuid        NOT NULL,
    bucket_start  timestamptz NOT NULL,
    calls         bigint      NOT NULL,
    errors        bigint      NOT NULL,
    last_used_at  timestamptz NOT NULL,
    PRIMARY KEY (provider, bot_id, bucket_start)
);

CREATE TABLE integration_usage_bot_hour (LIKE integration_usage_bot_minute INCLUDING ALL);

CREATE INDEX integration_usage_minute_bucket_idx ON integration_usage_minute (bucket_start);
CREATE INDEX integration_usage_hour_bucket_idx ON integration_usage_hour (bucket_start);
CREATE INDEX integration_usage_bot_minute_bucket_idx ON integration_usage_bot_minute (bucket_start);
CREATE INDEX integration_usage_bot_hour_bucket_idx ON integration_usage_bot_hour (bucket_start);

-- The most recent call per provider: the proof fields of /api/integrations/status.
CREATE TABLE integration_usage_last_used (
    provider            text        PRIMARY KEY,
    last_used_at        timestamptz NOT NULL,
    last_used_by_bot_id uuid,
    last_endpoint_name  text        NOT NULL
);

-- Read-only view for modules that report across the system (status, scoring): 24-hour use per provider.
CREATE VIEW v_usage_24h AS
SELECT provider, sum(calls) AS calls_24h, sum(calls - ok_count) AS errors_24h, max(last_used_at) AS last_used_at
FROM integration_usage_minute
WHERE bucket_start >= now() - interval '24 hours'
GROUP BY provider;
