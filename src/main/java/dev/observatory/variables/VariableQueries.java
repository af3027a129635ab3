package dev.observatory.variables;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.observatory.bots.BotMode;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** What the access roll-ups say: the catalog's state, a bot's variables, a provider's top variables. */
@Service
public class VariableQueries {

	private final JdbcClient jdbc;

	private final Duration staleAfter;

	VariableQueries(JdbcClient jdbc, VariableAccessLog log) {
		this.jdbc = jdbc;
		this.staleAfter = log.staleAfter();
	}

	/**
	 * The catalog with what was measured in the window: a variable is FRESH when a bot read a value
	 * produced within {@code stale-after} of now, STALE when the freshest value read is older, and
	 * UNAVAILABLE when no bot read it in the window.
	 */
	public List<CatalogEntry> catalog(Instant now, Duration window) {
		Map<String, Measured> measured = new HashMap<>();
		this.jdbc.sql("""
				SELECT variable, max(last_value_at) AS last_updated_at, array_agg(DISTINCT bot_id) AS bots,
				    array_agg(DISTINCT provider) AS providers
				FROM variable_access_minute WHERE minute >= :since GROUP BY variable""")
			.param("since", Timestamp.from(now.minus(window)))
			.query((rs) -> {
				Timestamp updated = rs.getTimestamp("last_updated_at");
				measured.put(rs.getString("variable"), new Measured((updated != null) ? updated.toInstant() : null,
						Arrays.stream((Object[]) rs.getArray("bots").getArray()).map(String::valueOf).sorted().toList(),
						Arrays.stream((Object[]) rs.getArray("providers").getArray()).map(String::valueOf).sorted().toList()));
			});
		return Arrays.stream(Variable.values()).map((variable) -> {
			Measured m = measured.get(variable.key());
			VariableBook.State state = (m == null || m.lastUpdatedAt() == null) ? VariableBook.State.UNAVAILABLE
					: Duration.between(m.lastUpdatedAt(), now).compareTo(this.staleAfter) > 0 ? VariableBook.State.STALE
							: VariableBook.State.FRESH;
			return new CatalogEntry(variable.key(), variable.category().name(), variable.source().name(),
					variable.description(), state.name(), (m != null) ? m.lastUpdatedAt() : null,
					(m != null) ? m.bots() : List.of(), (m != null) ? m.providers() : List.of());
		}).toList();
	}

	/** The variables {@code bot} read in the window, per variable and provider, most read first. */
	public List<BotVariable> ofBot(UUID bot, Instant now, Duration window) {
		return this.jdbc.sql("""
				SELECT variable, provider, sum(reads) AS reads, max(last_read_at) AS last_read_at,
				    max(last_value_at) AS last_value_at, min(mode) AS mode
				FROM variable_access_minute WHERE bot_id = :bot AND minute >= :since
				GROUP BY variable, provider ORDER BY sum(reads) DESC, variable, provider""")
			.param("bot", bot)
			.param("since", Timestamp.from(now.minus(window)))
			.query((rs, i) -> {
				String mode = rs.getString("mode");
				Timestamp value = rs.getTimestamp("last_value_at");
				return new BotVariable(rs.getString("variable"), rs.getString("provider"), rs.getLong("reads"),
						rs.getTimestamp("last_read_at").toInstant(), (value != null) ? value.toInstant() : null, mode,
						BotMode.labelOf(mode));
			})
			.list();
	}

	/** The variables read from {@code provider}'s data in the window, most read first. */
	public List<ProviderVariable> topOfProvider(String provider, Instant now, Duration window, int limit) {
		return this.jdbc.sql("""
				SELECT variable, sum(reads) AS reads, count(DISTINCT bot_id) AS bots, max(last_read_at) AS last_read_at
				FROM variable_access_minute WHERE provider = :provider AND minute >= :since
				GROUP BY variable ORDER BY sum(reads) DESC, variable LIMIT :limit""")
			.param("provider", provider)
			.param("since", Timestamp.from(now.minus(window)))
			.param("limit", limit)
			.query((rs, i) -> new ProviderVariable(rs.getString("variable"), rs.getLong("reads"), rs.getLong("bots"),
					rs.getTimestamp("last_read_at").toInstant()))
			.list();
	}

	private record Measured(@Nullable Instant lastUpdatedAt, List<String> bots, List<String> providers) {
	}

	public record CatalogEntry(String name, String category, String sourceIntegration, String description, String state,
			@Nullable Instant lastUpdatedAt, List<String> usedByBotIds, List<String> dataSources) {
	}

	public record BotVariable(String variable, String dataSource, long reads, Instant lastReadAt,
			@Nullable Instant lastValueAt, String mode, String label) {
	}

	public record ProviderVariable(String variable, long reads, long bots, Instant lastReadAt) {
	}

}
