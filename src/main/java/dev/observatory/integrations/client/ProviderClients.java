package dev.observatory.integrations.client;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import dev.observatory.common.secrets.Env;
import dev.observatory.common.secrets.EnvVar;
import dev.observatory.common.secrets.Secret;
import dev.observatory.integrations.Diagnostic;
import dev.observatory.integrations.DiagnosticCode;
import dev.observatory.integrations.IntegrationProperties;
import dev.observatory.telemetry.OutboundClients;
import dev.observatory.telemetry.ProviderKey;
import tools.jackson.core.JacksonException;

import org.springframework.stereotype.Component;

/**
 * What every provider client is built from: the environment (secrets stay {@code Secret}s until
 * they go into a header), the recorded HTTP path, the provider's breaker and retries, the clock.
 */
@Component
public class ProviderClients {

	private final Env env;

	private final OutboundClients outbound;

	private final ProviderResilience resilience;

	private final IntegrationProperties properties;

	private final Clock clock;

	ProviderClients(Env env, OutboundClients outbound, ProviderResilience resilience, IntegrationProperties properties,
			Clock clock) {
		this.env = env;
		this.outbound = outbound;
		this.resilience = resilience;
		this.properties = properties;
		this.clock = clock;
	}

	public Env env() {
		return this.env;
	}

	public IntegrationProperties properties() {
		return this.properties;
	}

	public Clock clock() {
		return this.clock;
	}

	/**
	 * The provider's HTTP endpoint at {@code baseUrl}; null-safe callers resolve the base URL with
	 * {@link #baseUrl} first, so a malformed override is a diagnostic, not an exception at start.
	 */
	public ProviderHttp http(ProviderKey provider, String providerName, URI baseUrl) {
		return new ProviderHttp(provider, providerName, baseUrl,
				this.outbound.restClient(provider).baseUrl(baseUrl.toString()).build(), this.clock);
	}

	/**
	 * The base URL: the non-secret override variable when set, else the provider's default. A
	 * value that is not an absolute http(s) URL is {@code INTEGRATION_CONFIG_INVALID}, named by variable.
	 */
	public URI baseUrl(EnvVar override, String defaultUrl) {
		Optional<String> configured = this.env.plain(override);
		String value = configured.orElse(defaultUrl);
		return parseHttpUrl(value, override.name());
	}

	/** Parses an http(s) URL held in a variable, naming only the variable when it is malformed. */
	public static URI parseHttpUrl(String value, String variable) {
		try {
			URI uri = URI.create(value.trim());
			if (uri.getHost() == null || !("https".equalsIgnoreCase(uri.getScheme())
					|| "http".equalsIgnoreCase(uri.getScheme()))) {
				throw new IllegalArgumentException();
			}
			return uri;
		}
		catch (IllegalArgumentException ex) {
			throw ProviderCallException.finalFailure(DiagnosticCode.INTEGRATION_CONFIG_INVALID,
					variable + " is not an absolute http(s) URL");
		}
	}

	/**
	 * The host a broker's {@code *_ENV} variable picks ({@code demo}, the default, or {@code live}),
	 * unless its {@code *_BASE_URL} override is set.
	 */
	public URI environmentUrl(EnvVar environment, EnvVar override, String template) {
		String name = this.env.plain(environment).map((value) -> value.trim().toLowerCase(java.util.Locale.ROOT))
			.orElse("demo");
		if (!name.equals("demo") && !name.equals("live")) {
			throw ProviderCallException.finalFailure(DiagnosticCode.INTEGRATION_CONFIG_INVALID,
					environment.name() + " must be demo or live");
		}
		return baseUrl(override, template.replace("{env}", name));
	}

	/** Waits as a provider's protocol demands (a penalty ticket's {@code p-time}). */
	public void pause(java.time.Duration wait) {
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw ProviderCallException.transientFailure(DiagnosticCode.TIMEOUT, "interrupted while waiting", null);
		}
	}

	/** A required secret; unset is {@code INTEGRATION_KEY_MISSING}, named by variable. */
	public Secret secret(EnvVar variable) {
		return this.env.secret(variable).orElseThrow(() -> missing(variable));
	}

	/** A required plain value; unset is {@code INTEGRATION_KEY_MISSING}, named by variable. */
	public String plain(EnvVar variable) {
		return this.env.plain(variable).orElseThrow(() -> missing(variable));
	}

	private static ProviderCallException missing(EnvVar variable) {
		return ProviderCallException.finalFailure(DiagnosticCode.INTEGRATION_KEY_MISSING, variable.name() + " missing");
	}

	/**
	 * A Verify's verdict: {@code OK} with what the check proved, or the judged failure. Only
	 * {@link ProviderCallException} is caught: anything else is a bug and must surface as one.
	 */
	public static List<Diagnostic> verdict(Supplier<String> check) {
		try {
			return List.of(new Diagnostic(DiagnosticCode.OK, check.get()));
		}
		catch (ProviderCallException ex) {
			return List.of(ex.diagnostic());
		}
	}

	/** Runs a call through the provider's breaker and, when {@code retryable}, its retries. */
	public <T> T call(ProviderHttp http, boolean retryable, Supplier<T> work) {
		return this.resilience.call(http.provider(), http.providerName(), retryable, () -> {
			try {
				return work.get();
			}
			catch (JacksonException ex) {
				// A field of the wrong type (a string where a number belongs): the answer is unreadable.
				throw ProviderCallException.finalFailure(DiagnosticCode.UNEXPECTED_RESPONSE, http.providerName() + " at "
						+ http.host() + " answered with a field of an unexpected type; the client cannot read it");
			}
		});
	}

}
