-- Roll-up rows are updated in place by almost every batch (calls, errors, last_used_at: no indexed
-- column). Free space on each page lets PostgreSQL make those heap-only (HOT) updates, which touch
-- no index, and keeps the tables from bloating. Measured on the benchmark's batches: the bot roll-ups
-- went from 47 to 42 ms per 5,000 events (docs/performance.md).
ALTER TABLE integration_usage_minute SET (fillfactor = 70);
ALTER TABLE integration_usage_hour SET (fillfactor = 70);
ALTER TABLE integration_usage_bot_minute SET (fillfactor = 70);
ALTER TABLE integration_usage_bot_hour SET (fillfactor = 70);
ALTER TABLE integration_usage_last_used SET (fillfactor = 70);
