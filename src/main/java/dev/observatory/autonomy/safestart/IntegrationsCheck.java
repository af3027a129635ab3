package dev.observatory.autonomy.safestart;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.observatory.bots.AccountService;
import dev.observatory.bots.BotMode;
import dev.observatory.bots.BotService;
import dev.observatory.bots.SafeStartCheck;
import dev.observatory.bots.SafeStartCode;
import dev.observatory.common.secrets.EnvVar;
import dev.observatory.integrations.IntegrationCatalog;
import dev.observatory.integrations.IntegrationConfiguration;
import dev.observatory.integrations.IntegrationStatus;
import dev.observatory.telemetry.ProviderKey;

import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The providers a bot needs, judged from the integrations status (configured, and connected: a
 * passed verify younger than its TTL). Its data provider (PAPER and LIVE), its AI provider, and for a
 * LIVE bot its account's broker: not configured → {@code INTEGRATION_KEY_MISSING} naming the
 * variables; data provider not connected → {@code DATA_UNAVAILABLE}; broker not connected →
 * {@code BROKER_UNAVAILABLE}. The broker's positions are reconciled by the execution venue's own check.
 */
@Component
@Order(30)
class IntegrationsCheck implements SafeStartCheck {

	private final IntegrationStatus status;

	private final IntegrationConfiguration configuration;

	private final AccountService accounts;

	IntegrationsCheck(IntegrationStatus status, IntegrationConfiguration configuration, AccountService accounts) {
		this.status = status;
		this.configuration = configuration;
		this.accounts = accounts;
	}

	@Override
	public Optional<Denial> check(BotService.Bot bot, Initiator initiator) {
		Optional<ProviderKey> data = (bot.mode() == BotMode.SIM) ? Optional.empty() : ProviderKey.parse(bot.dataProvider());
		Optional<ProviderKey> ai = Optional.ofNullable(bot.aiProvider()).flatMap(ProviderKey::parse);
		if (!bot.dependsOnIntegrations()) {
			return Optional.empty();
		}
		Optional<ProviderKey> broker;
		Map<String, IntegrationStatus.View> views;
		try {
			broker = (bot.mode() == BotMode.LIVE && bot.accountId() != null)
					? this.accounts.find(bot.accountId()).flatMap((account) -> ProviderKey.parse(account.broker()))
					: Optional.empty();
			views = this.status.all()
				.stream()
				.collect(Collectors.toMap(IntegrationStatus.View::provider, Function.identity()));
		}
		catch (DataAccessException ex) {
			// The start needs these parts and cannot vouch for them: refuse, and say which part failed.
			return Optional.of(new Denial(SafeStartCode.DEPENDENCY_UNAVAILABLE,
					"The integrations status or the accounts cannot be read (" + ex.getClass().getSimpleName()
							+ "): bot " + bot.name() + " depends on them",
					"Retry when GET /api/system/status no longer reports STATUS_PART_UNAVAILABLE"));
		}
		for (ProviderKey needed : List.of(data, ai, broker).stream().flatMap(Optional::stream).toList()) {
			List<String> missing = IntegrationCatalog.find(needed)
				.map((integration) -> this.configuration.missingVariables(integration).stream().map(EnvVar::name).toList())
				.orElse(List.of());
			if (!missing.isEmpty()) {
				return Optional.of(new Denial(SafeStartCode.INTEGRATION_KEY_MISSING,
						String.join(", ", missing) + " missing: bot " + bot.name() + " needs " + needed.key(),
						"Set " + String.join(", ", missing) + " in the environment (Replit Secrets) and restart"));
			}
		}
		if (data.isPresent() && !connected(views, data.get())) {
			return Optional.of(new Denial(SafeStartCode.DATA_UNAVAILABLE, data.get().key() + " is not connected: "
					+ problem(views, data.get()), "Verify " + data.get().key() + " (POST /api/integrations/verify) and fix what it reports"));
		}
		if (broker.isPresent()) {
			if (!connected(views, broker.get())) {
				return Optional.of(new Denial(SafeStartCode.BROKER_UNAVAILABLE, broker.get().key() + " is not connected: "
						+ problem(views, broker.get()), "Verify " + broker.get().key() + " and fix what it reports"));
			}
		}
		return Optional.empty();
	}

	private static boolean connected(Map<String, IntegrationStatus.View> views, ProviderKey key) {
		IntegrationStatus.View view = views.get(key.key());
		return view != null && view.connected();
	}

	private static String problem(Map<String, IntegrationStatus.View> views, ProviderKey key) {
		IntegrationStatus.View view = views.get(key.key());
		return (view == null || view.errorCode() == null) ? "not verified" : view.errorCode() + " (" + view.message() + ")";
	}

}
