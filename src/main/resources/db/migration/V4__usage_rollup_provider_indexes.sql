-- Summaries read one provider's roll-up rows over a time range: index exactly that. (The
-- bucket_start-only indexes of V2 cannot narrow to one provider; a bot summary walked every bot.)
CREATE INDEX integration_usage_minute_provider_bucket_idx ON integration_usage_minute (provider, bucket_start);
CREATE INDEX integration_usage_hour_provider_bucket_idx ON integration_usage_hour (provider, bucket_start);
CREATE INDEX integration_usage_bot_minute_provider_bucket_idx ON integration_usage_bot_minute (provider, bucket_start);
CREATE INDEX integration_usage_bot_hour_provider_bucket_idx ON integration_usage_bot_hour (provider, bucket_start);
DROP INDEX integration_usage_minute_bucket_idx;
DROP INDEX integration_usage_hour_bucket_idx;
DROP INDEX integration_usage_bot_minute_bucket_idx;
DROP INDEX integration_usage_bot_hour_bucket_idx;
