-- What enabled bots (desired state RUNNING) need from outside, published by the bots module for the
-- integrations status and the verdict (DESIGN.md §7): the data provider of every enabled PAPER or LIVE
-- bot, the broker of every enabled LIVE bot, the AI provider of any enabled bot. A fallback provider is
-- optional and not listed. SIM bots need nothing outside.
CREATE VIEW v_bot_required_integrations AS
SELECT b.data_provider AS provider, b.id AS bot_id
FROM bots b
WHERE b.desired_state = 'RUNNING' AND b.mode IN ('PAPER', 'LIVE') AND b.data_provider <> 'sim'
UNION ALL
SELECT a.broker, b.id
FROM bots b JOIN accounts a ON a.id = b.account_id
WHERE b.desired_state = 'RUNNING' AND b.mode = 'LIVE' AND a.broker IN ('tradovate', 'ironbeam')
UNION ALL
SELECT b.ai_provider, b.id
FROM bots b
WHERE b.desired_state = 'RUNNING' AND b.ai_provider IS NOT NULL;
