package dev.observatory.integrations;

import static dev.observatory.common.secrets.EnvVar.ALERT_EMAIL_TO;
import static dev.observatory.common.secrets.EnvVar.ANTHROPIC_API_KEY;
import static dev.observatory.common.secrets.EnvVar.ANTHROPIC_BASE_URL;
import static dev.observatory.common.secrets.EnvVar.DATABASE_URL;
import static dev.observatory.common.secrets.EnvVar.DATABENTO_API_KEY;
import static dev.observatory.common.secrets.EnvVar.DATABENTO_BASE_URL;
import static dev.observatory.common.secrets.EnvVar.DATABENTO_LIVE_GATEWAY;
import static dev.observatory.common.secrets.EnvVar.DISCORD_WEBHOOK_URL;
import static dev.observatory.common.secrets.EnvVar.IRONBEAM_API_KEY;
import static dev.observatory.common.secrets.EnvVar.IRONBEAM_BASE_URL;
import static dev.observatory.common.secrets.EnvVar.IRONBEAM_ENV;
import static dev.observatory.common.secrets.EnvVar.IRONBEAM_PASSWORD;
import static dev.observatory.common.secrets.EnvVar.IRONBEAM_USERNAME;
import static dev.observatory.common.secrets.EnvVar.MASSIVE_API_KEY;
import static dev.observatory.common.secrets.EnvVar.OBSERVATORY_BUNDLE_BUCKET;
import static dev.observatory.common.secrets.EnvVar.OPENAI_API_KEY;
import static dev.observatory.common.secrets.EnvVar.OPENAI_BASE_URL;
import static dev.observatory.common.secrets.EnvVar.OPENAI_ORG_ID;
import static dev.observatory.common.secrets.EnvVar.OPENAI_PROJECT_ID;
import static dev.observatory.common.secrets.EnvVar.POLYGON_API_KEY;
import static dev.observatory.common.secrets.EnvVar.POLYGON_BASE_URL;
import static dev.observatory.common.secrets.EnvVar.POLYGON_FUTURES_BETA;
import static dev.observatory.common.secrets.EnvVar.POLYGON_FUTURES_SOCKET_URL;
import static dev.observatory.common.secrets.EnvVar.SMTP_FROM;
import static dev.observatory.common.secrets.EnvVar.SMTP_HOST;
import static dev.observatory.common.secrets.EnvVar.SMTP_PASSWORD;
import static dev.observatory.common.secrets.EnvVar.SMTP_PORT;
import static dev.observatory.common.secrets.EnvVar.SMTP_SECURITY;
import static dev.observatory.common.secrets.EnvVar.SMTP_USERNAME;
import static dev.observatory.common.secrets.EnvVar.SUPABASE_ANON_KEY;
import static dev.observatory.common.secrets.EnvVar.SUPABASE_JWT_SECRET;
import static dev.observatory.common.secrets.EnvVar.SUPABASE_SERVICE_ROLE_KEY;
import static dev.observatory.common.secrets.EnvVar.SUPABASE_URL;
import static dev.observatory.common.secrets.EnvVar.TRADOVATE_APP_ID;
import static dev.observatory.common.secrets.EnvVar.TRADOVATE_APP_VERSION;
import static dev.observatory.common.secrets.EnvVar.TRADOVATE_BASE_URL;
import static dev.observatory.common.secrets.EnvVar.TRADOVATE_CID;
import static dev.observatory.common.secrets.EnvVar.TRADOVATE_DEVICE_ID;
import static dev.observatory.common.secrets.EnvVar.TRADOVATE_ENV;
import static dev.observatory.common.secrets.EnvVar.TRADOVATE_PASSWORD;
import static dev.observatory.common.secrets.EnvVar.TRADOVATE_SECRET;
import static dev.observatory.common.secrets.EnvVar.TRADOVATE_USERNAME;
import static dev.observatory.common.secrets.EnvVar.TRADOVATE_WEBSOCKET_URL;
import static dev.observatory.common.secrets.EnvVar.ZAPIER_WEBHOOK_URL;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.observatory.telemetry.ProviderKey;

/**
 * The catalog of outside services, in code: the eleven providers of PROVIDERS.md, in the order the
 * Connections tab lists them. Adding a provider is its client class plus an entry here (and its key
 * in {@link ProviderKey}); a test keeps the two lists equal.
 */
public final class IntegrationCatalog {

	private static final List<Integration> ENTRIES = List.of(
			new Integration(ProviderKey.DATABENTO, IntegrationCategory.MARKET_DATA, "Databento",
					List.of(DATABENTO_API_KEY), List.of(DATABENTO_BASE_URL, DATABENTO_LIVE_GATEWAY), true, true, false,
					"https://databento.com/docs/api-historical", Map.of()),
			new Integration(ProviderKey.POLYGON, IntegrationCategory.MARKET_DATA, "Polygon.io (Massive)",
					List.of(POLYGON_API_KEY), List.of(MASSIVE_API_KEY, POLYGON_BASE_URL, POLYGON_FUTURES_BETA, POLYGON_FUTURES_SOCKET_URL), true, true,
					false, "https://massive.com/docs/rest/quickstart", Map.of(POLYGON_API_KEY, MASSIVE_API_KEY)),
			new Integration(ProviderKey.IRONBEAM, IntegrationCategory.BROKER, "Ironbeam",
					List.of(IRONBEAM_USERNAME, IRONBEAM_PASSWORD, IRONBEAM_API_KEY), List.of(IRONBEAM_ENV, IRONBEAM_BASE_URL),
					true, true, false, "https://docs.ironbeamapi.com", Map.of()),
			new Integration(ProviderKey.TRADOVATE, IntegrationCategory.BROKER, "Tradovate",
					List.of(TRADOVATE_USERNAME, TRADOVATE_PASSWORD, TRADOVATE_APP_ID, TRADOVATE_APP_VERSION, TRADOVATE_CID,
							TRADOVATE_SECRET),
					List.of(TRADOVATE_ENV, TRADOVATE_DEVICE_ID, TRADOVATE_BASE_URL, TRADOVATE_WEBSOCKET_URL), true, true, false,
					"https://partner.tradovate.com/api/rest-api-endpoints/authentication/access-token-request", Map.of()),
			new Integration(ProviderKey.OPENAI, IntegrationCategory.AI, "OpenAI", List.of(OPENAI_API_KEY),
					List.of(OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID), true, true, false,
					"https://developers.openai.com/docs/guides/error-codes", Map.of()),
			new Integration(ProviderKey.ANTHROPIC, IntegrationCategory.AI, "Anthropic", List.of(ANTHROPIC_API_KEY),
					List.of(ANTHROPIC_BASE_URL), true, true, false, "https://docs.claude.com/en/api/errors", Map.of()),
			new Integration(ProviderKey.DISCORD, IntegrationCategory.ALERTS, "Discord webhook", List.of(DISCORD_WEBHOOK_URL),
					List.of(), true, true, false, "https://docs.discord.com/developers/resources/webhook", Map.of()),
			new Integration(ProviderKey.SMTP, IntegrationCategory.ALERTS, "E-mail (SMTP)",
					List.of(SMTP_HOST, SMTP_USERNAME, SMTP_PASSWORD, ALERT_EMAIL_TO), List.of(SMTP_PORT, SMTP_SECURITY, SMTP_FROM),
					true, true, false, "https://www.rfc-editor.org/rfc/rfc6409", Map.of()),
			new Integration(ProviderKey.ZAPIER, IntegrationCategory.ALERTS, "Zapier", List.of(ZAPIER_WEBHOOK_URL), List.of(),
					false, false, true, "https://help.zapier.com/hc/en-us/articles/29972220283789", Map.of()),
			new Integration(ProviderKey.SUPABASE, IntegrationCategory.STORAGE_AUTH, "Supabase",
					List.of(SUPABASE_URL, SUPABASE_ANON_KEY),
					List.of(SUPABASE_SERVICE_ROLE_KEY, SUPABASE_JWT_SECRET, OBSERVATORY_BUNDLE_BUCKET), true, true, false,
					"https://supabase.com/docs/guides/api", Map.of()),
			new Integration(ProviderKey.POSTGRES, IntegrationCategory.STORAGE_AUTH, "PostgreSQL", List.of(),
					List.of(DATABASE_URL), true, true, false, "https://www.postgresql.org/docs/current/libpq-connect.html",
					Map.of()));

	private IntegrationCatalog() {
	}

	public static List<Integration> all() {
		return ENTRIES;
	}

	public static Optional<Integration> find(ProviderKey key) {
		return ENTRIES.stream().filter((entry) -> entry.key() == key).findFirst();
	}

}
