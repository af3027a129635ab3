package dev.observatory.autonomy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.observatory.bots.AccountService;
import dev.observatory.bots.FsmActor;
import dev.observatory.common.locks.LoopTicks;
import dev.observatory.common.secrets.SecretMasker;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.telemetry.CallingContext;
import dev.observatory.trading.execution.BrokerVenues;
import dev.observatory.trading.execution.PositionReconciliation;
import dev.observatory.trading.risk.RiskLimits;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The LIVE bots' kill triggers, checked every {@code interval} (5 s), not at the supervisor's pace:
 * a position beyond its limit, today's loss beyond its limit, orders working without a live runner,
 * the broker's position differing from ours, market data missing while a position is open. A breach
 * that holds for {@code consecutive-checks} checks in a row acts by the bot's kill action:
 * {@code REDUCE_ONLY} first puts the bot in reduce-only and escalates to a kill if the breach still
 * holds as many checks later; {@code CANCEL} and {@code FLATTEN} kill it ({@link KillSwitch}).
 * Streaks are kept by the replica running the monitor; a hand-over starts them again.
 */
@Component
class InvariantMonitor {

	static final String LOOP = "invariant-monitor";

	private final JdbcClient jdbc;

	private final KillSwitch kills;

	private final PositionReconciliation reconciliation;

	private final AccountService accounts;

	private final LoopTicks ticks;

	private final InvariantProperties properties;

	/** Per bot, per invariant: checks in a row it has been breached. */
	private final Map<UUID, Map<String, Integer>> streaks = new ConcurrentHashMap<>();

	InvariantMonitor(JdbcClient jdbc, KillSwitch kills, PositionReconciliation reconciliation, AccountService accounts,
			LoopTicks ticks, InvariantProperties properties) {
		this.jdbc = jdbc;
		this.kills = kills;
		this.reconciliation = reconciliation;
		this.accounts = accounts;
		this.ticks = ticks;
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${observatory.autonomy.invariants.interval:5s}",
			initialDelayString = "${observatory.autonomy.invariants.initial-delay:5s}")
	@SchedulerLock(name = LOOP, lockAtMostFor = "PT1M")
	void scheduled() {
		if (this.properties.enabled()) {
			tick();
		}
	}

	LoopTicks.Tick tick() {
		return this.ticks.run(LOOP, this::pass);
	}

	Map<String, Object> pass() {
		List<Live> bots = this.jdbc.sql("""
				SELECT b.id, b.name, b.account_id, b.kill_action, b.reduce_only,
				       coalesce((b.risk_limits->>'max_position')::numeric, :maxPosition) AS max_position,
				       coalesce((b.risk_limits->>'max_daily_loss')::numeric, :maxDailyLoss) AS max_daily_loss,
				       e.max_abs_position, e.realized_today, e.working_orders, e.data_route,
				       EXISTS (SELECT 1 FROM runner_instances ri WHERE ri.bot_id = b.id AND ri.state = 'RUNNING') AS has_runner
				FROM bots b JOIN v_bot_exposure e ON e.bot_id = b.id
				WHERE b.mode = 'LIVE' AND b.state <> 'KILLED'
				  AND (b.desired_state = 'RUNNING' OR b.state IN ('STARTING', 'RUNNING', 'DEGRADED'))""")
			.param("maxPosition", RiskLimits.DEFAULTS.maxPosition())
			.param("maxDailyLoss", RiskLimits.DEFAULTS.maxDailyLoss())
			.query((rs, i) -> new Live(rs.getObject("id", UUID.class), rs.getString("name"),
					rs.getObject("account_id", UUID.class), rs.getString("kill_action"), rs.getBoolean("reduce_only"),
					rs.getBigDecimal("max_position"), rs.getBigDecimal("max_daily_loss"), rs.getBigDecimal("max_abs_position"),
					rs.getBigDecimal("realized_today"), rs.getLong("working_orders"), rs.getString("data_route"),
					rs.getBoolean("has_runner")))
			.list();
		Map<UUID, Optional<String>> mismatches = new HashMap<>();
		int breached = 0;
		List<String> acted = new ArrayList<>();
		for (Live bot : bots) {
			Map<String, Map<String, Object>> found = breaches(bot, mismatches);
			Map<String, Integer> streak = this.streaks.computeIfAbsent(bot.id(), (id) -> new ConcurrentHashMap<>());
			streak.keySet().retainAll(found.keySet());
			for (Map.Entry<String, Map<String, Object>> breach : found.entrySet()) {
				breached++;
				int checks = streak.merge(breach.getKey(), 1, Integer::sum);
				Optional<String> action = act(bot, breach.getKey(), breach.getValue(), checks);
				if (action.isPresent()) {
					acted.add(bot.name() + ":" + breach.getKey() + ":" + action.get());
					if (!action.get().equals("REDUCE_ONLY")) {
						this.streaks.remove(bot.id());
						break;
					}
				}
			}
		}
		this.streaks.keySet().retainAll(bots.stream().map(Live::id).toList());
		Map<String, Object> decided = new LinkedHashMap<>();
		decided.put("live_bots", bots.size());
		decided.put("breaches", breached);
		decided.put("actions", acted);
		return decided;
	}

	private Map<String, Map<String, Object>> breaches(Live bot, Map<UUID, Optional<String>> mismatches) {
		Map<String, Map<String, Object>> found = new LinkedHashMap<>();
		if (bot.maxAbsPosition().compareTo(bot.maxPosition()) > 0) {
			found.put("POSITION_LIMIT", Map.of("position", bot.maxAbsPosition(), "max_position", bot.maxPosition()));
		}
		if (bot.realizedToday().negate().compareTo(bot.maxDailyLoss()) >= 0) {
			found.put("DAILY_LOSS_LIMIT", Map.of("realized_today", bot.realizedToday(), "max_daily_loss", bot.maxDailyLoss()));
		}
		if (bot.workingOrders() > 0 && !bot.hasRunner()) {
			found.put("ORDERS_WITHOUT_RUNNER", Map.of("working_orders", bot.workingOrders()));
		}
		if ("MISSING".equals(bot.dataRoute()) && bot.maxAbsPosition().signum() > 0) {
			found.put("DATA_STALE_WITH_POSITION", Map.of("position", bot.maxAbsPosition()));
		}
		if (bot.accountId() != null) {
			Optional<String> mismatch = mismatches.computeIfAbsent(bot.accountId(), (account) -> mismatch(bot, account));
			mismatch.ifPresent((difference) -> found.put("BROKER_POSITION_MISMATCH", Map.of("difference", difference)));
		}
		return found;
	}

	/** A broker that cannot report positions is a breach too: a missing report is never taken as matching. */
	private Optional<String> mismatch(Live bot, UUID account) {
		Optional<AccountService.Account> found = this.accounts.find(account);
		if (found.isEmpty() || !BrokerVenues.BUILT.contains(found.get().broker())) {
			return Optional.empty();
		}
		try {
			return CallingContext.callAs(bot.id(), account, () -> this.reconciliation.mismatch(found.get()));
		}
		catch (ProviderCallException ex) {
			return Optional.of("the broker could not report positions: " + SecretMasker.describe(ex, 200));
		}
	}

	private Optional<String> act(Live bot, String invariant, Map<String, Object> observed, int checks) {
		int needed = this.properties.consecutiveChecks();
		Map<String, Object> seen = new LinkedHashMap<>(observed);
		seen.put("consecutive_checks", checks);
		if ("REDUCE_ONLY".equals(bot.killAction())) {
			if (checks == needed && !bot.reduceOnly()) {
				this.kills.reduceOnlyForInvariant(bot.id(), invariant, seen);
				return Optional.of("REDUCE_ONLY");
			}
			if (checks >= 2 * needed) {
				return Optional.ofNullable(this.kills.kill(bot.id(), invariant, seen, FsmActor.SYSTEM, null).action());
			}
			return Optional.empty();
		}
		if (checks >= needed) {
			return Optional.ofNullable(this.kills.kill(bot.id(), invariant, seen, FsmActor.SYSTEM, null).action());
		}
		return Optional.empty();
	}

	private record Live(UUID id, String name, @Nullable UUID accountId, String killAction, boolean reduceOnly,
			BigDecimal maxPosition, BigDecimal maxDailyLoss, BigDecimal maxAbsPosition, BigDecimal realizedToday,
			long workingOrders, @Nullable String dataRoute, boolean hasRunner) {
	}

}
