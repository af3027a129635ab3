package dev.observatory.variables;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Opens the books bots read their variables through, and writes their access roll-ups. */
@Service
public class VariableAccessLog implements VariableBook.Sink {

	private final JdbcClient jdbc;

	private final Duration staleAfter;

	private final Duration flushInterval;

	VariableAccessLog(JdbcClient jdbc, @Value("${observatory.variables.stale-after:2m}") Duration staleAfter,
			@Value("${observatory.variables.flush-interval:10s}") Duration flushInterval) {
		this.jdbc = jdbc;
		this.staleAfter = staleAfter;
		this.flushInterval = flushInterval;
	}

	/** A book for one run of {@code bot}; {@code mode} labels every access row it writes. */
	public VariableBook open(UUID bot, String mode) {
		return new VariableBook(bot, mode, this.staleAfter, this.flushInterval, this);
	}

	/** How old a value may be and still count as FRESH. */
	Duration staleAfter() {
		return this.staleAfter;
	}

	/** Adds one flush's counts to the minute's rows: one statement, whatever the number of variables. */
	@Override
	public void add(UUID bot, String mode, Instant minute, List<VariableBook.Row> rows) {
		int n = rows.size();
		String[] variables = new String[n];
		String[] providers = new String[n];
		Long[] reads = new Long[n];
		Timestamp[] lastRead = new Timestamp[n];
		Timestamp[] lastValue = new Timestamp[n];
		for (int i = 0; i < n; i++) {
			VariableBook.Row row = rows.get(i);
			variables[i] = row.variable();
			providers[i] = row.provider();
			reads[i] = row.reads();
			lastRead[i] = Timestamp.from(row.lastReadAt());
			lastValue[i] = (row.lastValueAt() != null) ? Timestamp.from(row.lastValueAt()) : null;
		}
		this.jdbc.sql("""
				INSERT INTO variable_access_minute AS v (bot_id, variable, provider, minute, reads, last_read_at,
				    last_value_at, mode)
				SELECT :bot, r.variable, r.provider, :minute, r.reads, r.last_read_at, r.last_value_at, :mode
				FROM unnest(CAST(:variables AS text[]), CAST(:providers AS text[]), CAST(:reads AS bigint[]),
				    CAST(:lastRead AS timestamptz[]), CAST(:lastValue AS timestamptz[]))
				    AS r (variable, provider, reads, last_read_at, last_value_at)
				ON CONFLICT (bot_id, variable, provider, minute) DO UPDATE SET
				    reads = v.reads + excluded.reads,
				    last_read_at = greatest(v.last_read_at, excluded.last_read_at),
				    last_value_at = greatest(v.last_value_at, excluded.last_value_at)""")
			.param("bot", bot)
			.param("minute", Timestamp.from(minute))
			.param("mode", mode)
			.param("variables", variables)
			.param("providers", providers)
			.param("reads", reads)
			.param("lastRead", lastRead)
			.param("lastValue", lastValue)
			.update();
	}

}
