package dev.observatory.common.secrets;

import static dev.observatory.common.secrets.Sensitivity.MASKED;
import static dev.observatory.common.secrets.Sensitivity.PLAIN;
import static dev.observatory.common.secrets.Sensitivity.SECRET;

/**
 * Every environment variable Observatory reads, with how carefully its value must be handled.
 * Names and sensitivities follow PROVIDERS.md; {@code docs/configuration.md} lists the same set.
 * A variable that is not listed here cannot be read: adding one is a reviewed change.
 */
public enum EnvVar {

	DATABASE_URL(SECRET),

	DATABENTO_API_KEY(SECRET),
	DATABENTO_BASE_URL(PLAIN),
	DATABENTO_LIVE_GATEWAY(PLAIN),

	POLYGON_API_KEY(SECRET),
	/** The new (Massive) name of {@link #POLYGON_API_KEY}, accepted as an alias. */
	MASSIVE_API_KEY(SECRET),
	POLYGON_BASE_URL(PLAIN),
	POLYGON_FUTURES_BETA(PLAIN),
	POLYGON_FUTURES_SOCKET_URL(PLAIN),

	TRADOVATE_USERNAME(MASKED),
	TRADOVATE_PASSWORD(SECRET),
	TRADOVATE_APP_ID(PLAIN),
	TRADOVATE_APP_VERSION(PLAIN),
	TRADOVATE_CID(PLAIN),
	TRADOVATE_SECRET(SECRET),
	TRADOVATE_ENV(PLAIN),
	TRADOVATE_DEVICE_ID(PLAIN),
	TRADOVATE_BASE_URL(PLAIN),
	TRADOVATE_WEBSOCKET_URL(PLAIN),

	IRONBEAM_USERNAME(MASKED),
	IRONBEAM_PASSWORD(SECRET),
	IRONBEAM_API_KEY(SECRET),
	IRONBEAM_ENV(PLAIN),
	IRONBEAM_BASE_URL(PLAIN),

	OPENAI_API_KEY(SECRET),
	OPENAI_BASE_URL(PLAIN),
	OPENAI_ORG_ID(PLAIN),
	OPENAI_PROJECT_ID(PLAIN),

	ANTHROPIC_API_KEY(SECRET),
	ANTHROPIC_BASE_URL(PLAIN),

	DISCORD_WEBHOOK_URL(SECRET),

	SMTP_HOST(PLAIN),
	SMTP_PORT(PLAIN),
	SMTP_SECURITY(PLAIN),
	SMTP_USERNAME(MASKED),
	SMTP_PASSWORD(SECRET),
	SMTP_FROM(MASKED),
	ALERT_EMAIL_TO(MASKED),

	ZAPIER_WEBHOOK_URL(SECRET),

	SUPABASE_URL(PLAIN),
	SUPABASE_ANON_KEY(SECRET),
	SUPABASE_SERVICE_ROLE_KEY(SECRET),
	SUPABASE_JWT_SECRET(SECRET),

	OBSERVATORY_BUNDLE_BUCKET(PLAIN),
	OBSERVATORY_JWT_JWK_SET_URI(PLAIN),
	/** {@code sha256-hex:ROLE} pairs: hashes are not secrets, the tokens behind them are. */
	OBSERVATORY_API_TOKENS(PLAIN),
	OBSERVATORY_REQUIRED_INTEGRATIONS(PLAIN),

	OTEL_EXPORTER_OTLP_ENDPOINT(PLAIN);

	private final Sensitivity sensitivity;

	EnvVar(Sensitivity sensitivity) {
		this.sensitivity = sensitivity;
	}

	public Sensitivity sensitivity() {
		return this.sensitivity;
	}

	public boolean isSecret() {
		return this.sensitivity == SECRET;
	}

}
