-- What a bot has at stake now (the trading module's view, read by the autonomy module's invariant
-- monitor): its largest position, today's realised P&L (UTC day), its working orders and its data
-- route.
CREATE VIEW v_bot_exposure AS
SELECT b.id AS bot_id,
       coalesce((SELECT max(abs(p.quantity)) FROM positions p WHERE p.bot_id = b.id), 0) AS max_abs_position,
       coalesce((SELECT sum(t.realized_pnl) FROM trade_log t
                 WHERE t.bot_id = b.id AND t.status = 'CLOSED'
                   AND t.exit_time >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'), 0) AS realized_today,
       (SELECT count(*) FROM orders o WHERE o.bot_id = b.id AND o.status = 'WORKING') AS working_orders,
       (SELECT f.route FROM feed_routes f WHERE f.bot_id = b.id) AS data_route
FROM bots b;
