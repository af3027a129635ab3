-- Per-provider roll-ups, kept by the usage pipeline beside the per-endpoint ones, so that the verdict
-- (computed every few seconds) reads a few narrow rows per provider instead of summing every
-- endpoint's wide minute and hour rows: with 20 M events in 24 h that was 5,000 rows per computation.
-- `calls`/`errors` count every call (the error rate judges Verify calls too); the `proof_` columns
-- leave out a Verify's own calls (`<provider>.verify`), as proof of use does since V10.
CREATE TABLE integration_usage_provider_minute (
    provider           text        NOT NULL,
    bucket_start       timestamptz NOT NULL,
    calls              bigint      NOT NULL,
    errors             bigint      NOT NULL,
    proof_calls        bigint      NOT NULL,
    proof_errors       bigint      NOT NULL,
    proof_last_used_at timestamptz,
    PRIMARY KEY (provider, bucket_start)
) WITH (fillfactor = 70);

CREATE TABLE integration_usage_provider_hour (LIKE integration_usage_provider_minute INCLUDING ALL)
    WITH (fillfactor = 70);

-- The verdict reads every provider's recent buckets at once (the last 15 minutes, the ragged first hour
-- of the 24-hour window): without these a read would scan the whole retention of the primary key.
CREATE INDEX integration_usage_provider_minute_bucket_idx ON integration_usage_provider_minute (bucket_start);
CREATE INDEX integration_usage_provider_hour_bucket_idx ON integration_usage_provider_hour (bucket_start);

INSERT INTO integration_usage_provider_minute
SELECT provider, bucket_start, sum(calls), sum(calls - ok_count),
       coalesce(sum(calls) FILTER (WHERE endpoint_name NOT LIKE '%.verify'), 0),
       coalesce(sum(calls - ok_count) FILTER (WHERE endpoint_name NOT LIKE '%.verify'), 0),
       max(last_used_at) FILTER (WHERE endpoint_name NOT LIKE '%.verify')
FROM integration_usage_minute GROUP BY provider, bucket_start;

INSERT INTO integration_usage_provider_hour
SELECT provider, bucket_start, sum(calls), sum(calls - ok_count),
       coalesce(sum(calls) FILTER (WHERE endpoint_name NOT LIKE '%.verify'), 0),
       coalesce(sum(calls - ok_count) FILTER (WHERE endpoint_name NOT LIKE '%.verify'), 0),
       max(last_used_at) FILTER (WHERE endpoint_name NOT LIKE '%.verify')
FROM integration_usage_hour GROUP BY provider, bucket_start;

-- The same contract as V10's view, read from the per-provider rows: hour rows from the first whole
-- hour of the window on, minute rows for the ragged first hour; a provider only verified is not "used".
CREATE OR REPLACE VIEW v_usage_24h AS
WITH w AS (SELECT date_trunc('minute', now() - interval '24 hours') AS start,
                  date_trunc('hour', now() - interval '24 hours') + interval '1 hour' AS first_whole_hour),
parts AS (
    SELECT h.provider, h.proof_calls, h.proof_errors, h.proof_last_used_at FROM integration_usage_provider_hour h, w
    WHERE h.bucket_start >= w.first_whole_hour
    UNION ALL
    SELECT m.provider, m.proof_calls, m.proof_errors, m.proof_last_used_at FROM integration_usage_provider_minute m, w
    WHERE m.bucket_start >= w.start AND m.bucket_start < w.first_whole_hour)
SELECT provider, sum(proof_calls) AS calls_24h, sum(proof_errors) AS errors_24h, max(proof_last_used_at) AS last_used_at
FROM parts
GROUP BY provider
HAVING sum(proof_calls) > 0;
