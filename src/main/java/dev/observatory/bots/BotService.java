package dev.observatory.bots;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.observatory.audit.AuditLog;
import dev.observatory.common.error.ApiException;
import dev.observatory.common.time.Ids;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creating, reading, editing and deleting bots. A bot is only stored valid: a known strategy with
 * parameters inside their bounds (defaults filled in), a LIVE bot with a LIVE account and the
 * exchange's calendar. Anything that makes or changes a LIVE bot needs an ADMIN.
 */
@Service
public class BotService {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern SYMBOL = Pattern.compile("[A-Z][A-Z0-9.]{0,15}");

	private static final Set<String> DATA_PROVIDERS = Set.of("sim", "databento", "polygon");

	private static final Set<String> RISK_KEYS = Set.of("max_position", "max_order_qty", "max_daily_loss",
			"max_orders_per_minute", "price_collar_ticks");

	/** The fields a bot is made of; a PATCH may carry any of them, and nothing else. */
	private static final Set<String> FIELDS = Set.of("name", "mode", "is_trading_enabled", "instruments",
			"data_provider", "fallback_provider", "account_id", "strategy_key", "strategy_params", "risk_limits",
			"ai_provider", "session_mode", "kill_action", "breaker_max_failures", "breaker_window_minutes",
			"breaker_cool_down_minutes", "trading_window");

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final AccountService accounts;

	private final LiveChanges live;

	private final AuditLog audit;

	private final Clock clock;

	private final MarketRules market;

	private final ObjectProvider<AutonomyPermit> permit;

	BotService(JdbcClient jdbc, TransactionTemplate transactions, AccountService accounts, LiveChanges live,
			AuditLog audit, Clock clock, MarketRules market, ObjectProvider<AutonomyPermit> permit) {
		this.market = market;
		// Asked when used: the verdict behind it reads the fleet this class writes.
		this.permit = permit;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.accounts = accounts;
		this.live = live;
		this.audit = audit;
		this.clock = clock;
	}

	/** Creates a STOPPED bot from a JSON object of {@link #FIELDS}. */
	public Bot create(JsonNode body) {
		Spec spec = validate(body, null);
		if (spec.mode() == BotMode.LIVE) {
			this.live.requireAdmin("CREATE_BOT", spec.name());
		}
		UUID id = Ids.newId();
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		write(() -> this.transactions.executeWithoutResult((status) -> {
			this.jdbc.sql("""
					INSERT INTO bots (id, name, mode, is_trading_enabled, instruments, data_provider, fallback_provider,
					    account_id, strategy_key, strategy_params, risk_limits, ai_provider, session_mode, kill_action,
					    breaker_max_failures, breaker_window, breaker_cool_down, trading_window, created_at, updated_at)
					VALUES (:id, :name, :mode, :enabled, :instruments, :data, :fallback, :account, :strategy,
					    CAST(:params AS jsonb), CAST(:risk AS jsonb), :ai, :session, :kill, :maxFailures,
					    make_interval(mins => :window), make_interval(mins => CAST(:coolDown AS integer)),
					    CAST(:tradingWindow AS jsonb), :now, :now)""")
				.paramSource(spec.parameters(id, now))
				.update();
			this.audit.record("CREATE_BOT", id.toString(), AuditLog.Outcome.SUCCESS, Map.of("mode", spec.mode().name()));
		}), spec.name());
		return get(id);
	}

	/** Applies the fields present in {@code patch}; the result is validated whole, as a new bot would be. */
	public Bot update(UUID id, JsonNode patch) {
		Bot current = get(id);
		if (!patch.isObject()) {
			FieldErrors errors = new FieldErrors();
			errors.add("body", "must be a JSON object");
			errors.throwIfAny();
		}
		Map<String, Object> merged = JSON.convertValue(toFields(current), Map.class);
		merged.putAll(JSON.convertValue(patch, Map.class));
		Spec spec = validate(JSON.valueToTree(merged), id);
		if (current.mode() == BotMode.LIVE || spec.mode() == BotMode.LIVE) {
			this.live.requireAdmin("UPDATE_BOT", id.toString());
		}
		if (spec.enabled() && !current.isTradingEnabled()) {
			this.permit.getObject().require("ENABLE_TRADING", id.toString());
		}
		if (spec.mode() == BotMode.LIVE && current.mode() != BotMode.LIVE) {
			this.permit.getObject().require("GO_LIVE", id.toString());
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		write(() -> this.transactions.executeWithoutResult((status) -> {
			this.jdbc.sql("""
					UPDATE bots SET name = :name, mode = :mode, is_trading_enabled = :enabled, instruments = :instruments,
					    data_provider = :data, fallback_provider = :fallback, account_id = :account, strategy_key = :strategy,
					    strategy_params = CAST(:params AS jsonb), risk_limits = CAST(:risk AS jsonb), ai_provider = :ai,
					    session_mode = :session, kill_action = :kill, breaker_max_failures = :maxFailures,
					    breaker_window = make_interval(mins => :window),
					    breaker_cool_down = make_interval(mins => CAST(:coolDown AS integer)),
					    trading_window = CAST(:tradingWindow AS jsonb), updated_at = :now
					WHERE id = :id""")
				.paramSource(spec.parameters(id, now))
				.update();
			this.audit.record("UPDATE_BOT", id.toString(), AuditLog.Outcome.SUCCESS,
					Map.of("fields", List.copyOf(patch.propertyNames())));
		}), spec.name());
		return get(id);
	}

	/** Deletes a bot that is stopped and meant to stay stopped; its FSM log is kept. */
	public void delete(UUID id) {
		Bot bot = get(id);
		if (bot.mode() == BotMode.LIVE) {
			this.live.requireAdmin("DELETE_BOT", id.toString());
		}
		this.transactions.executeWithoutResult((status) -> {
			int deleted = this.jdbc.sql("DELETE FROM bots WHERE id = ? AND state = 'STOPPED' AND desired_state = 'STOPPED'")
				.param(id)
				.update();
			if (deleted == 0) {
				throw new ApiException(BotErrorCode.BOT_NOT_STOPPED,
						"Bot " + id + " is " + bot.state() + " (desired " + bot.desiredState() + "): stop it before deleting it");
			}
			this.audit.record("DELETE_BOT", id.toString(), AuditLog.Outcome.SUCCESS);
		});
	}

	public Bot get(UUID id) {
		return this.jdbc.sql(SELECT + " WHERE id = ?")
			.param(id)
			.query(BotService::bot)
			.optional()
			.orElseThrow(() -> new ApiException(BotErrorCode.BOT_NOT_FOUND, "No bot " + id));
	}

	public List<Bot> all() {
		return this.jdbc.sql(SELECT + " ORDER BY name, id").query(BotService::bot).list();
	}

	private static final String SELECT = """
			SELECT id, name, mode, is_trading_enabled, instruments, data_provider, fallback_provider, account_id,
			    strategy_key, strategy_params::text AS strategy_params, risk_limits::text AS risk_limits, ai_provider,
			    session_mode, kill_action, breaker_max_failures,
			    (extract(epoch FROM breaker_window) / 60)::integer AS breaker_window_minutes,
			    (extract(epoch FROM breaker_cool_down) / 60)::integer AS breaker_cool_down_minutes,
			    desired_state, state, reduce_only, trading_window::text AS trading_window, created_at, updated_at,
			    (SELECT a.score FROM v_bot_autonomy a WHERE a.bot_id = bots.id) AS autonomy_score,
			    (SELECT a.tier FROM v_bot_autonomy a WHERE a.bot_id = bots.id) AS autonomy_tier
			FROM bots""";

	private void write(Runnable work, String name) {
		try {
			work.run();
		}
		catch (DuplicateKeyException ex) {
			throw new ApiException(BotErrorCode.BOT_NAME_TAKEN, "A bot named '" + name + "' already exists");
		}
	}

	private Spec validate(JsonNode body, @Nullable UUID self) {
		FieldErrors errors = new FieldErrors();
		if (!body.isObject()) {
			errors.add("body", "must be a JSON object");
			errors.throwIfAny();
		}
		for (String field : body.propertyNames()) {
			if (!FIELDS.contains(field) && !Bot.READ_ONLY.contains(field)) {
				errors.add(field, "is not a bot field");
			}
		}
		String name = text(body, "name");
		if (name == null || name.isBlank() || name.length() > 80) {
			errors.add("name", "is required, at most 80 characters");
		}
		BotMode mode = enumValue(body, "mode", BotMode.class, null, errors);
		if (mode == null && !body.has("mode")) {
			errors.add("mode", "is required: SIM, PAPER or LIVE");
		}
		List<String> instruments = new ArrayList<>();
		JsonNode list = body.path("instruments");
		if (!list.isArray() || list.isEmpty() || list.size() > 10) {
			errors.add("instruments", "must list 1 to 10 symbols");
		}
		else {
			for (JsonNode symbol : list) {
				if (!symbol.isString() || !SYMBOL.matcher(symbol.asString()).matches()) {
					errors.add("instruments", "symbols are upper-case letters, digits and dots, e.g. MES or ES.FUT");
				}
				else {
					instruments.add(symbol.asString());
				}
			}
		}
		String data = text(body, "data_provider");
		boolean dataValid = data != null && DATA_PROVIDERS.contains(data);
		if (!dataValid) {
			errors.add("data_provider", "must be one of " + DATA_PROVIDERS);
		}
		String fallback = text(body, "fallback_provider");
		boolean fallbackValid = fallback == null || (DATA_PROVIDERS.contains(fallback) && !fallback.equals(data));
		if (!fallbackValid) {
			errors.add("fallback_provider", "must be another of " + DATA_PROVIDERS + ", or null");
		}
		if (mode == BotMode.LIVE && ("sim".equals(data) || "sim".equals(fallback))) {
			errors.add("data_provider", "a LIVE bot trades on real market data, never simulated data");
		}
		@Nullable Map<String, Object> tradingWindow = null;
		if (mode != null) {
			MarketRules.Checked market = this.market.check(mode, instruments, dataValid ? data : null,
					fallbackValid ? fallback : null, body.path("trading_window"));
			market.problems().forEach(errors::add);
			tradingWindow = market.tradingWindow();
		}
		UUID account = accountOf(body, mode, errors);
		String strategy = text(body, "strategy_key");
		Map<String, Object> params = Map.of();
		if (strategy == null) {
			errors.add("strategy_key", "is required; known: " + StrategyCatalog.keys());
		}
		else {
			params = StrategyCatalog.validate(strategy, body.path("strategy_params"), errors).orElse(Map.of());
		}
		Map<String, Object> risk = riskLimits(body.path("risk_limits"), errors);
		String ai = text(body, "ai_provider");
		if (ai != null && !ai.equals("openai") && !ai.equals("anthropic")) {
			errors.add("ai_provider", "must be openai, anthropic or null");
		}
		SessionMode session = enumValue(body, "session_mode", SessionMode.class, SessionMode.EXCHANGE, errors);
		if (mode == BotMode.LIVE && session == SessionMode.ALWAYS) {
			errors.add("session_mode", "ALWAYS is for SIM and PAPER bots; a LIVE bot follows the exchange's sessions");
		}
		KillAction kill = enumValue(body, "kill_action", KillAction.class, KillAction.CANCEL, errors);
		int maxFailures = intValue(body, "breaker_max_failures", 3, 1, 100, errors);
		int window = intValue(body, "breaker_window_minutes", 30, 1, 24 * 60, errors);
		Integer coolDown = body.path("breaker_cool_down_minutes").isNull() || body.path("breaker_cool_down_minutes").isMissingNode()
				? null : intValue(body, "breaker_cool_down_minutes", 0, 1, 24 * 60, errors);
		boolean enabled = body.path("is_trading_enabled").asBoolean(false);
		if (body.has("is_trading_enabled") && !body.path("is_trading_enabled").isBoolean()) {
			errors.add("is_trading_enabled", "must be true or false");
		}
		errors.throwIfAny();
		return new Spec(name.trim(), mode, enabled, instruments, data, fallback, account, strategy, params, risk, ai,
				session, kill, maxFailures, window, coolDown, tradingWindow);
	}

	private @Nullable UUID accountOf(JsonNode body, @Nullable BotMode mode, FieldErrors errors) {
		String raw = text(body, "account_id");
		if (raw == null) {
			if (mode == BotMode.LIVE) {
				errors.add("account_id", "a LIVE bot needs a LIVE broker account");
			}
			return null;
		}
		UUID id;
		try {
			id = UUID.fromString(raw);
		}
		catch (IllegalArgumentException ex) {
			errors.add("account_id", "must be an account id (UUID)");
			return null;
		}
		var account = this.accounts.find(id);
		if (account.isEmpty()) {
			errors.add("account_id", "no such account");
		}
		else if (mode != null && account.get().mode() != mode) {
			errors.add("account_id", "a " + mode + " bot needs a " + mode + " account; this one is " + account.get().mode());
		}
		return id;
	}

	private static Map<String, Object> riskLimits(JsonNode limits, FieldErrors errors) {
		if (limits.isMissingNode() || limits.isNull()) {
			return Map.of();
		}
		if (!limits.isObject()) {
			errors.add("risk_limits", "must be an object");
			return Map.of();
		}
		Map<String, Object> valid = new java.util.LinkedHashMap<>();
		for (String key : limits.propertyNames()) {
			JsonNode value = limits.path(key);
			if (!RISK_KEYS.contains(key)) {
				errors.add("risk_limits." + key, "unknown limit; known: " + RISK_KEYS);
			}
			else if (!value.isNumber() || value.asDouble() <= 0) {
				errors.add("risk_limits." + key, "must be a positive number");
			}
			else {
				valid.put(key, value.numberValue());
			}
		}
		return valid;
	}

	private static @Nullable String text(JsonNode body, String field) {
		JsonNode value = body.path(field);
		return (value.isString() && !value.asString().isBlank()) ? value.asString().trim() : null;
	}

	private static <E extends Enum<E>> @Nullable E enumValue(JsonNode body, String field, Class<E> type,
			@Nullable E fallback, FieldErrors errors) {
		JsonNode value = body.path(field);
		if (value.isMissingNode() || value.isNull()) {
			return fallback;
		}
		try {
			return Enum.valueOf(type, value.asString(""));
		}
		catch (IllegalArgumentException ex) {
			errors.add(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
			return fallback;
		}
	}

	private static int intValue(JsonNode body, String field, int fallback, int min, int max, FieldErrors errors) {
		JsonNode value = body.path(field);
		if (value.isMissingNode() || value.isNull()) {
			return fallback;
		}
		if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
			errors.add(field, "must be a whole number from " + min + " to " + max);
			return fallback;
		}
		return value.asInt();
	}

	private static Map<String, Object> toFields(Bot bot) {
		Map<String, Object> fields = new java.util.LinkedHashMap<>();
		fields.put("name", bot.name());
		fields.put("mode", bot.mode().name());
		fields.put("is_trading_enabled", bot.isTradingEnabled());
		fields.put("instruments", bot.instruments());
		fields.put("data_provider", bot.dataProvider());
		fields.put("fallback_provider", bot.fallbackProvider());
		fields.put("account_id", (bot.accountId() != null) ? bot.accountId().toString() : null);
		fields.put("strategy_key", bot.strategyKey());
		fields.put("strategy_params", bot.strategyParams());
		fields.put("risk_limits", bot.riskLimits());
		fields.put("ai_provider", bot.aiProvider());
		fields.put("session_mode", bot.sessionMode().name());
		fields.put("kill_action", bot.killAction().name());
		fields.put("breaker_max_failures", bot.breakerMaxFailures());
		fields.put("breaker_window_minutes", bot.breakerWindowMinutes());
		fields.put("breaker_cool_down_minutes", bot.breakerCoolDownMinutes());
		fields.put("trading_window", bot.tradingWindow());
		return fields;
	}

	private static Bot bot(ResultSet rs, int row) throws SQLException {
		Array instruments = rs.getArray("instruments");
		Integer coolDown = (Integer) rs.getObject("breaker_cool_down_minutes");
		return new Bot(rs.getObject("id", UUID.class), rs.getString("name"), BotMode.valueOf(rs.getString("mode")),
				rs.getBoolean("is_trading_enabled"), List.of((String[]) instruments.getArray()),
				rs.getString("data_provider"), rs.getString("fallback_provider"), rs.getObject("account_id", UUID.class),
				rs.getString("strategy_key"), JSON.readValue(rs.getString("strategy_params"), Map.class),
				JSON.readValue(rs.getString("risk_limits"), Map.class), rs.getString("ai_provider"),
				SessionMode.valueOf(rs.getString("session_mode")), KillAction.valueOf(rs.getString("kill_action")),
				rs.getInt("breaker_max_failures"), rs.getInt("breaker_window_minutes"), coolDown,
				rs.getString("desired_state"), rs.getString("state"), rs.getBoolean("reduce_only"),
				(rs.getString("trading_window") != null) ? JSON.readValue(rs.getString("trading_window"), Map.class) : null,
				rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("updated_at").toInstant(), (Integer) rs.getObject("autonomy_score"),
				rs.getString("autonomy_tier"));
	}

	/** When a bot may trade: the exchange's sessions, or always (SIM and PAPER only: demos and tests). */
	public enum SessionMode {

		EXCHANGE, ALWAYS

	}

	/** What a kill does to open orders and positions. */
	public enum KillAction {

		REDUCE_ONLY, CANCEL, FLATTEN

	}

	private record Spec(String name, BotMode mode, boolean enabled, List<String> instruments, String data,
			@Nullable String fallback, @Nullable UUID account, String strategy, Map<String, Object> params,
			Map<String, Object> risk, @Nullable String ai, SessionMode session, KillAction kill, int maxFailures,
			int window, @Nullable Integer coolDown, @Nullable Map<String, Object> tradingWindow) {

		Map<String, Object> parameters(UUID id, Instant now) {
			Map<String, Object> values = new java.util.HashMap<>();
			values.put("id", id);
			values.put("name", this.name);
			values.put("mode", this.mode.name());
			values.put("enabled", this.enabled);
			values.put("instruments", this.instruments.toArray(String[]::new));
			values.put("data", this.data);
			values.put("fallback", this.fallback);
			values.put("account", this.account);
			values.put("strategy", this.strategy);
			values.put("params", JSON.writeValueAsString(this.params));
			values.put("risk", JSON.writeValueAsString(this.risk));
			values.put("ai", this.ai);
			values.put("session", this.session.name());
			values.put("kill", this.kill.name());
			values.put("maxFailures", this.maxFailures);
			values.put("window", this.window);
			values.put("coolDown", this.coolDown);
			values.put("tradingWindow", (this.tradingWindow != null) ? JSON.writeValueAsString(this.tradingWindow) : null);
			values.put("now", Timestamp.from(now));
			return values;
		}

	}

	/** A bot as the API shows it. */
	public record Bot(UUID id, String name, BotMode mode, boolean isTradingEnabled, List<String> instruments,
			String dataProvider, @Nullable String fallbackProvider, @Nullable UUID accountId, String strategyKey,
			Map<?, ?> strategyParams, Map<?, ?> riskLimits, @Nullable String aiProvider, SessionMode sessionMode,
			KillAction killAction, int breakerMaxFailures, int breakerWindowMinutes,
			@Nullable Integer breakerCoolDownMinutes, String desiredState, String state, boolean reduceOnly,
			@Nullable Map<?, ?> tradingWindow, Instant createdAt, Instant updatedAt, @Nullable Integer autonomyScore,
			@Nullable String autonomyTier) {

		/** Fields a client may send back unchanged (a GET's body edited and PATCHed) but never set. */
		static final Set<String> READ_ONLY = Set.of("id", "desired_state", "state", "reduce_only", "created_at",
				"updated_at", "autonomy_score", "autonomy_tier");

		/**
		 * Whether starting this bot needs the integrations status: its data provider (PAPER, LIVE), its AI
		 * provider, or its broker (LIVE). The safe-start gate and the pages judge it the same way.
		 */
		public boolean dependsOnIntegrations() {
			return this.mode != BotMode.SIM || this.aiProvider != null;
		}

		/** Whether starting this bot needs the accounts (a LIVE bot trades on one). */
		public boolean dependsOnAccounts() {
			return this.mode == BotMode.LIVE;
		}

	}

}
