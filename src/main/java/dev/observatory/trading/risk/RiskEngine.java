package dev.observatory.trading.risk;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.observatory.common.secrets.SecretMasker;
import dev.observatory.trading.TradingHours;
import dev.observatory.trading.TradingWindow;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Pre-trade checks for every order of every bot in this process. The engine judges from its own
 * copy of the bots' limits, which its checker keeps current: every beat reads the limits' version
 * ({@code risk_limits_epoch}, bumped in the same transaction as any change) and reloads when it
 * moved. It is connected only while the last beat is at most {@code max-beat-age} old; otherwise
 * it refuses every order (fail closed) and the system status says {@code RISK_ENGINE_DISCONNECTED}.
 * Each replica runs its own engine and judges its own runners' orders.
 */
@Component
public class RiskEngine implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RiskEngine.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final Clock clock;

	private final RiskProperties properties;

	private final Map<UUID, Deque<Instant>> approvals = new ConcurrentHashMap<>();

	private volatile @Nullable Held held;

	private volatile @Nullable String lastError;

	private volatile @Nullable ScheduledExecutorService checker;

	RiskEngine(JdbcClient jdbc, Clock clock, RiskProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
	}

	/** One beat of the checker: re-reads the version, reloads the limits if it moved. */
	void beat() {
		try {
			long version = this.jdbc.sql("SELECT version FROM risk_limits_epoch").query(Long.class).single();
			Held current = this.held;
			Held next = (current != null && current.version() == version) ? current : load();
			this.held = next.beatAt(this.clock.instant());
			this.lastError = null;
		}
		catch (RuntimeException ex) {
			this.lastError = SecretMasker.describe(ex, 200);
			log.warn("Risk engine beat failed: {}", this.lastError);
		}
	}

	/** The version and the limits in one statement, so the copy is exactly that version's. */
	private Held load() {
		Map<UUID, BotRisk> bots = new HashMap<>();
		long[] version = { -1 };
		this.jdbc.sql("""
				SELECT e.version, b.id, b.mode, b.is_trading_enabled, b.reduce_only, b.session_mode,
				    b.risk_limits::text AS risk_limits, b.trading_window::text AS trading_window, a.tier
				FROM risk_limits_epoch e LEFT JOIN bots b ON true LEFT JOIN v_bot_autonomy a ON a.bot_id = b.id""")
			.query((rs) -> {
			version[0] = rs.getLong("version");
			UUID id = rs.getObject("id", UUID.class);
			if (id != null) {
				String window = rs.getString("trading_window");
				boolean live = "LIVE".equals(rs.getString("mode"));
				// The tier is enforced here: a LIMITED_AUTONOMY LIVE bot trades on scaled position and order limits.
				BigDecimal scale = (live && "LIMITED_AUTONOMY".equals(rs.getString("tier")))
						? this.properties.limitedAutonomyLiveScale() : BigDecimal.ONE;
				bots.put(id, new BotRisk(RiskLimits.of(JSON.readValue(rs.getString("risk_limits"), Map.class)),
						rs.getString("mode"), rs.getBoolean("is_trading_enabled"), rs.getBoolean("reduce_only"),
						"ALWAYS".equals(rs.getString("session_mode")) && !live,
						TradingWindow.fromMap((window != null) ? JSON.readValue(window, Map.class) : null), scale));
			}
		});
		return new Held(version[0], Map.copyOf(bots), this.clock.instant());
	}

	/** Whether the engine vouches for orders now, and if not, why. */
	public Connection connection() {
		Held current = this.held;
		String error = this.lastError;
		if (current == null) {
			return new Connection(false, null, null,
					"The risk engine has not loaded the limits yet" + ((error != null) ? ": " + error : ""));
		}
		Duration age = Duration.between(current.beatAt(), this.clock.instant());
		if (age.compareTo(this.properties.maxBeatAge()) > 0) {
			return new Connection(false, current.version(), current.beatAt(), "The risk engine's checker last beat "
					+ age.toMillis() + " ms ago (limit " + this.properties.maxBeatAge().toMillis() + " ms)"
					+ ((error != null) ? ": " + error : ((this.checker == null) ? ": the checker is stopped" : "")));
		}
		return new Connection(true, current.version(), current.beatAt(), null);
	}

	/** Judges one order; an approval counts toward the bot's orders per minute. */
	public Optional<RiskDenial> check(OrderRequest order) {
		Connection connection = connection();
		Held current = this.held;
		if (!connection.connected() || current == null) {
			return deny(RiskDenial.Code.RISK_ENGINE_DISCONNECTED, String.valueOf(connection.reason()));
		}
		BotRisk bot = current.bots().get(order.botId());
		if (bot == null) {
			return deny(RiskDenial.Code.NO_LIMITS, "The risk engine holds no limits for this bot yet");
		}
		if ("LIVE".equals(bot.mode()) && !bot.tradingEnabled()) {
			return deny(RiskDenial.Code.LIVE_TRADING_DISABLED, "LIVE trading is not enabled for this bot");
		}
		Optional<String> closed = TradingHours.closedReason(order.instrument(), bot.ignoreExchange(), bot.window(),
				order.at());
		if (closed.isPresent()) {
			return deny(RiskDenial.Code.OUTSIDE_SESSION, closed.get());
		}
		RiskLimits limits = bot.limits();
		BigDecimal scale = bot.scale();
		BigDecimal maxQuantity = limits.maxOrderQuantity().multiply(scale);
		if (order.quantity().compareTo(maxQuantity) > 0) {
			return deny(RiskDenial.Code.MAX_ORDER_QUANTITY, "Order quantity " + order.quantity().toPlainString()
					+ " is above max_order_qty " + plain(maxQuantity) + scaled(scale));
		}
		BigDecimal collar = order.instrument().tickSize().multiply(BigDecimal.valueOf(limits.priceCollarTicks()));
		if (order.price().subtract(order.lastPrice()).abs().compareTo(collar) > 0) {
			return deny(RiskDenial.Code.PRICE_COLLAR, "Order price " + order.price().toPlainString() + " is more than "
					+ limits.priceCollarTicks() + " ticks from the last price " + order.lastPrice().toPlainString());
		}
		if (order.entry()) {
			Optional<RiskDenial> entry = checkEntry(order, bot, limits, scale);
			if (entry.isPresent()) {
				return entry;
			}
		}
		return approveWithinRate(order.botId(), limits.maxOrdersPerMinute(), order.at());
	}

	private Optional<RiskDenial> checkEntry(OrderRequest order, BotRisk bot, RiskLimits limits, BigDecimal scale) {
		if (bot.reduceOnly()) {
			return deny(RiskDenial.Code.REDUCE_ONLY, "The bot is in reduce-only: entries are refused, exits pass");
		}
		BigDecimal after = order.positionQuantity().add(order.buy() ? order.quantity() : order.quantity().negate());
		BigDecimal maxPosition = limits.maxPosition().multiply(scale);
		if (after.abs().compareTo(maxPosition) > 0) {
			return deny(RiskDenial.Code.MAX_POSITION, "Position would be " + after.toPlainString() + ", beyond max_position "
					+ plain(maxPosition) + scaled(scale));
		}
		if (order.dailyPnl().negate().compareTo(limits.maxDailyLoss()) >= 0) {
			return deny(RiskDenial.Code.MAX_DAILY_LOSS, "Daily P&L " + order.dailyPnl().toPlainString()
					+ " has reached max_daily_loss " + limits.maxDailyLoss().toPlainString());
		}
		return Optional.empty();
	}

	private Optional<RiskDenial> approveWithinRate(UUID bot, int perMinute, Instant at) {
		Deque<Instant> recent = this.approvals.computeIfAbsent(bot, (id) -> new ArrayDeque<>());
		synchronized (recent) {
			while (!recent.isEmpty() && !recent.peekFirst().isAfter(at.minus(Duration.ofMinutes(1)))) {
				recent.pollFirst();
			}
			if (recent.size() >= perMinute) {
				return deny(RiskDenial.Code.MAX_ORDERS_PER_MINUTE,
						recent.size() + " orders in the last minute: max_orders_per_minute is " + perMinute);
			}
			recent.addLast(at);
		}
		return Optional.empty();
	}

	private static Optional<RiskDenial> deny(RiskDenial.Code code, String message) {
		return Optional.of(new RiskDenial(code, message));
	}

	private static String plain(BigDecimal value) {
		return value.stripTrailingZeros().toPlainString();
	}

	private static String scaled(BigDecimal scale) {
		return (scale.compareTo(BigDecimal.ONE) == 0) ? ""
				: " (the bot's limit scaled by " + plain(scale) + " for its LIMITED_AUTONOMY tier)";
	}

	@Override
	public synchronized void start() {
		if (this.checker == null) {
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
					Thread.ofPlatform().name("risk-checker").daemon().factory());
			long period = this.properties.beatInterval().toMillis();
			executor.scheduleWithFixedDelay(this::beat, 0, period, TimeUnit.MILLISECONDS);
			this.checker = executor;
		}
	}

	/** Stops the checker: within {@code max-beat-age} the engine is disconnected and refuses every order. */
	@Override
	public synchronized void stop() {
		ScheduledExecutorService executor = this.checker;
		if (executor != null) {
			executor.shutdownNow();
			this.checker = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.checker != null;
	}

	/**
	 * @param version the limits' version the engine holds, or null before the first load
	 * @param beatAt the checker's last beat
	 * @param reason why it is not connected, or null
	 */
	public record Connection(boolean connected, @Nullable Long version, @Nullable Instant beatAt,
			@Nullable String reason) {
	}

	/**
	 * @param scale the factor the bot's autonomy tier puts on its position and order limits (1 for none)
	 */
	private record BotRisk(RiskLimits limits, String mode, boolean tradingEnabled, boolean reduceOnly,
			boolean ignoreExchange, @Nullable TradingWindow window, BigDecimal scale) {
	}

	private record Held(long version, Map<UUID, BotRisk> bots, Instant beatAt) {

		Held beatAt(Instant at) {
			return new Held(this.version, this.bots, at);
		}

	}

}
