package dev.observatory.alerts;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import dev.observatory.common.secrets.SecretMasker;
import dev.observatory.common.time.Ids;
import dev.observatory.integrations.IntegrationCatalog;
import dev.observatory.integrations.IntegrationConfiguration;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.discord.DiscordWebhookClient;
import dev.observatory.integrations.smtp.SmtpClient;
import dev.observatory.telemetry.ProviderKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Delivers an alert to every configured channel, each through its instrumented client (so every
 * delivery is a usage event), and records each outcome in {@code alert_deliveries}. A condition
 * already alerted within the reminder interval is not sent again. Rate limits are waited out
 * (Discord's {@code Retry-After}, capped) and other transient failures retried; final failures
 * (a deleted webhook, bad credentials) are not. A failure after retries is recorded, which the
 * verdict reads as {@code ALERTS_FAILING}: never lost silently.
 */
@Service
class AlertSender {

	private static final Logger log = LoggerFactory.getLogger(AlertSender.class);

	private static final int ATTEMPTS = 3;

	private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

	private final DiscordWebhookClient discord;

	private final SmtpClient smtp;

	private final IntegrationConfiguration configuration;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Duration reminderInterval;

	AlertSender(DiscordWebhookClient discord, SmtpClient smtp, IntegrationConfiguration configuration, JdbcClient jdbc,
			Clock clock, @Value("${observatory.alerts.reminder-interval:30m}") Duration reminderInterval) {
		this.discord = discord;
		this.smtp = smtp;
		this.configuration = configuration;
		this.jdbc = jdbc;
		this.clock = clock;
		this.reminderInterval = reminderInterval;
	}

	/** The channels configured now: {@code discord}, {@code smtp}. */
	List<String> channels() {
		List<String> channels = new ArrayList<>();
		for (ProviderKey key : List.of(ProviderKey.DISCORD, ProviderKey.SMTP)) {
			if (IntegrationCatalog.find(key).map(this.configuration::isConfigured).orElse(false)) {
				channels.add(key.key());
			}
		}
		return channels;
	}

	/**
	 * Sends to every configured channel.
	 *
	 * @param deduplicate skip a channel that already got this key within the reminder interval
	 * @return one delivery per channel tried
	 */
	List<Delivery> send(Alert alert, boolean deduplicate) {
		List<Delivery> deliveries = new ArrayList<>();
		for (String channel : channels()) {
			if (deduplicate && sentRecently(alert.key(), channel)) {
				continue;
			}
			deliveries.add(deliver(alert, channel));
		}
		return deliveries;
	}

	private Delivery deliver(Alert alert, String channel) {
		String error = null;
		int attempt = 0;
		while (attempt < ATTEMPTS) {
			attempt++;
			try {
				if (channel.equals("discord")) {
					this.discord.postEmbed(alert.title(), alert.text(), alert.color(), "trace " + alert.traceId());
				}
				else {
					this.smtp.send("[Observatory] " + alert.title(), alert.text() + "\n\ntrace_id: " + alert.traceId());
				}
				error = null;
				break;
			}
			catch (ProviderCallException ex) {
				error = ex.code() + ": " + SecretMasker.mask(String.valueOf(ex.getMessage()));
				if (!ex.isTransient() || attempt == ATTEMPTS) {
					break;
				}
				pause(ex.retryAfter(), attempt);
			}
			catch (RuntimeException ex) {
				error = ex.getClass().getSimpleName();
				break;
			}
		}
		String outcome = (error == null) ? "SENT" : "FAILED";
		if (error != null) {
			log.warn("Alert {} ({}) not delivered to {} after {} attempt(s): {}", alert.kind(), alert.key(), channel, attempt,
					error);
		}
		String safeError = (error != null && error.length() > 300) ? error.substring(0, 300) : error;
		this.jdbc.sql("""
				INSERT INTO alert_deliveries (id, kind, alert_key, channel, outcome, attempts, error, trace_id, at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(Ids.newId(), alert.kind(), alert.key(), channel, outcome, attempt, safeError, alert.traceId(),
					Timestamp.from(this.clock.instant().truncatedTo(ChronoUnit.MICROS)))
			.update();
		return new Delivery(channel, outcome, attempt, safeError);
	}

	private boolean sentRecently(String key, String channel) {
		return this.jdbc.sql("""
				SELECT count(*) FROM alert_deliveries WHERE alert_key = ? AND channel = ? AND outcome = 'SENT' AND at > ?""")
			.params(key, channel, Timestamp.from(this.clock.instant().minus(this.reminderInterval)))
			.query(Long.class)
			.single() > 0;
	}

	private static void pause(@Nullable Duration retryAfter, int attempt) {
		Duration wait = (retryAfter != null) ? retryAfter : Duration.ofSeconds(attempt);
		try {
			Thread.sleep(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * @param channel {@code discord} or {@code smtp}
	 * @param outcome SENT or FAILED
	 * @param attempts how many tries
	 * @param error the last failure, safe to show, or null
	 */
	record Delivery(String channel, String outcome, int attempts, @Nullable String error) {
	}

}
