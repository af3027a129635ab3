package dev.observatory.trading.marketdata;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.observatory.bots.AutonomyEventLog;
import dev.observatory.bots.BotState;
import dev.observatory.bots.FsmActor;
import dev.observatory.bots.StateMachines;
import dev.observatory.bots.Transitions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a change of a bot's data route means: an autonomy event ({@code DATA_FALLBACK},
 * {@code DATA_MISSING}, {@code DATA_RESTORED}), the bot DEGRADED while it is not on its primary
 * (RUNNING again once it is), and the route recorded for the system status.
 */
@Service
public class FeedRoutes {

	private static final Logger log = LoggerFactory.getLogger(FeedRoutes.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final AutonomyEventLog events;

	private final Transitions transitions;

	private final Clock clock;

	FeedRoutes(JdbcClient jdbc, TransactionTemplate transactions, AutonomyEventLog events, Transitions transitions,
			Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.events = events;
		this.transitions = transitions;
		this.clock = clock;
	}

	/** The listener for one bot's feed. */
	RoutedFeed.Listener listenerFor(UUID bot) {
		return new RoutedFeed.Listener() {

			@Override
			public void routeChanged(RoutedFeed.Route from, RoutedFeed.Route to, @Nullable String fromProvider,
					@Nullable String toProvider, String why) {
				changed(bot, from, to, fromProvider, toProvider, why);
			}

			@Override
			public void closed(RoutedFeed.Route route) {
				if (route != RoutedFeed.Route.PRIMARY) {
					// Closes the interval the autonomy score counts as fallback or missing time.
					FeedRoutes.this.events.record(bot, "DATA_RUN_ENDED", "the run ended on route " + route,
							Map.of("route", route.name()));
				}
			}

		};
	}

	/** Records the route a run starts on (its primary), so the status never shows a previous run's. */
	void opened(UUID bot, String primary) {
		upsert(bot, RoutedFeed.Route.PRIMARY, primary, "run started on its primary provider");
	}

	private void changed(UUID bot, RoutedFeed.Route from, RoutedFeed.Route to, @Nullable String fromProvider,
			@Nullable String toProvider, String why) {
		String kind = switch (to) {
			case PRIMARY -> "DATA_RESTORED";
			case FALLBACK -> "DATA_FALLBACK";
			case MISSING -> "DATA_MISSING";
		};
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("from_route", from.name());
		details.put("to_route", to.name());
		details.put("from_provider", fromProvider);
		details.put("to_provider", toProvider);
		// One transaction: the event, the route and the bot's state are seen together or not at all.
		this.transactions.executeWithoutResult((status) -> {
			this.events.record(bot, kind, why, details);
			upsert(bot, to, toProvider, why);
			if (to == RoutedFeed.Route.PRIMARY) {
				move(bot, BotState.DEGRADED, BotState.RUNNING, kind);
			}
			else if (from == RoutedFeed.Route.PRIMARY) {
				move(bot, BotState.RUNNING, BotState.DEGRADED, kind);
			}
		});
	}

	private void upsert(UUID bot, RoutedFeed.Route route, @Nullable String provider, String reason) {
		this.jdbc.sql("""
				INSERT INTO feed_routes (bot_id, route, active_provider, reason, since) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (bot_id) DO UPDATE SET route = excluded.route, active_provider = excluded.active_provider,
				    reason = excluded.reason, since = excluded.since""")
			.params(bot, route.name(), provider, reason, Timestamp.from(this.clock.instant()))
			.update();
	}

	/**
	 * A bot that was stopped, killed or blocked meanwhile keeps that state: the route does not
	 * override it. The row is locked first, so the transition cannot lose a race and fail inside
	 * the transaction.
	 */
	private void move(UUID bot, BotState expected, BotState to, String reason) {
		String current = this.jdbc.sql("SELECT state FROM bots WHERE id = ? FOR UPDATE").param(bot).query(String.class)
			.optional()
			.orElse("");
		if (current.equals(expected.name())) {
			this.transitions.apply(StateMachines.BOT, bot, expected, to, reason, FsmActor.RUNNER);
		}
		else {
			log.info("Bot {} is {}, not {}: not moved to {} for {}", bot, current, expected, to, reason);
		}
	}

}
