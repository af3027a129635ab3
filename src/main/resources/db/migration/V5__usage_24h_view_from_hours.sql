-- The 24-hour use per provider, read like the summaries: hour rows from the first whole hour of the
-- window on (the current hour's row holds every call up to now) and minute rows for the ragged
-- first hour only, instead of 1,440 minute rows per endpoint.
CREATE OR REPLACE VIEW v_usage_24h AS
WITH w AS (SELECT date_trunc('minute', now() - interval '24 hours') AS start,
                  date_trunc('hour', now() - interval '24 hours') + interval '1 hour' AS first_whole_hour),
parts AS (
    SELECT h.provider, h.calls, h.ok_count, h.last_used_at FROM integration_usage_hour h, w
    WHERE h.bucket_start >= w.first_whole_hour
    UNION ALL
    SELECT m.provider, m.calls, m.ok_count, m.last_used_at FROM integration_usage_minute m, w
    WHERE m.bucket_start >= w.start AND m.bucket_start < w.first_whole_hour)
SELECT provider, sum(calls) AS calls_24h, sum(calls - ok_count) AS errors_24h, max(last_used_at) AS last_used_at
FROM parts
GROUP BY provider;
