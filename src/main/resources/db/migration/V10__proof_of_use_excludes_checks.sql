-- Proof of use counts use, not connection checks: a Verify's own calls (`<provider>.verify`) prove a
-- key works, and the re-verify loop makes them every 10 minutes, so counting them would show every
-- configured provider as "used" whether anything uses it or not. They stay in the events, the
-- roll-ups and the error rates; only this view (and integration_usage_last_used) leave them out.
CREATE OR REPLACE VIEW v_usage_24h AS
WITH w AS (SELECT date_trunc('minute', now() - interval '24 hours') AS start,
                  date_trunc('hour', now() - interval '24 hours') + interval '1 hour' AS first_whole_hour),
parts AS (
    SELECT h.provider, h.calls, h.ok_count, h.last_used_at FROM integration_usage_hour h, w
    WHERE h.bucket_start >= w.first_whole_hour AND h.endpoint_name NOT LIKE '%.verify'
    UNION ALL
    SELECT m.provider, m.calls, m.ok_count, m.last_used_at FROM integration_usage_minute m, w
    WHERE m.bucket_start >= w.start AND m.bucket_start < w.first_whole_hour AND m.endpoint_name NOT LIKE '%.verify')
SELECT provider, sum(calls) AS calls_24h, sum(calls - ok_count) AS errors_24h, max(last_used_at) AS last_used_at
FROM parts
GROUP BY provider;
