package dev.observatory.integrations.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.function.Function;

import javax.net.ssl.SSLException;

import dev.observatory.integrations.DiagnosticCode;
import dev.observatory.telemetry.OutboundClients;
import dev.observatory.telemetry.ProviderKey;
import dev.observatory.telemetry.UsageStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * One provider's HTTP endpoint: every request goes through the recorded outbound path, is read
 * whole and bounded, and every way it can fail becomes a {@link ProviderCallException} whose
 * message names the provider and the host only (for Discord the URL path is the secret, so no
 * path is ever named).
 */
public final class ProviderHttp {

	/** A provider's answer is read up to this size; verify and control calls answer far less. */
	public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

	private final ProviderKey provider;

	private final String providerName;

	private final String host;

	private final RestClient client;

	private final Clock clock;

	ProviderHttp(ProviderKey provider, String providerName, URI baseUrl, RestClient client, Clock clock) {
		this.provider = provider;
		this.providerName = providerName;
		this.host = hostOf(baseUrl);
		this.client = client;
		this.clock = clock;
	}

	public ProviderKey provider() {
		return this.provider;
	}

	public String providerName() {
		return this.providerName;
	}

	/** Scheme-less {@code host[:port]}: what a diagnostic may name. */
	public String host() {
		return this.host;
	}

	public Clock clock() {
		return this.clock;
	}

	/** Sends one request named {@code endpoint} in its usage event; the HTTP status decides its outcome. */
	public HttpReply exchange(String endpoint, Function<RestClient, RestClient.RequestHeadersSpec<?>> request) {
		return exchange(endpoint, request, null);
	}

	/**
	 * Sends one request; {@code judge} may name the usage outcome from the reply when the status
	 * does not tell (a failure inside an HTTP 200), or return null to keep the status's verdict.
	 */
	public HttpReply exchange(String endpoint, Function<RestClient, RestClient.RequestHeadersSpec<?>> request,
			@Nullable Function<HttpReply, @Nullable UsageStatus> judge) {
		try {
			return request.apply(this.client)
				.attribute(OutboundClients.ENDPOINT, endpoint)
				.exchange((clientRequest, response) -> {
					byte[] body;
					try {
						body = readBounded(response.getBody());
					}
					catch (IOException ex) {
						// The headers came, the body did not: the call failed, whatever its status said.
						OutboundClients.markOutcome(clientRequest, UsageStatus.fromFailure(ex));
						throw ex;
					}
					HttpReply reply = new HttpReply(this.providerName, this.host, response.getStatusCode().value(),
							HttpHeaders.readOnlyHttpHeaders(response.getHeaders()), body);
					if (body.length > MAX_BODY_BYTES) {
						OutboundClients.markOutcome(clientRequest, UsageStatus.SERVER_ERROR);
						throw reply.malformed("a body over " + (MAX_BODY_BYTES >> 20) + " MB");
					}
					UsageStatus outcome = (judge != null) ? judge.apply(reply) : null;
					if (outcome == null && reply.isSuccess() && declaresJson(reply) && reply.jsonOrMissing().isMissingNode()) {
						// A success status with a body no client here can read: the provider misbehaved.
						outcome = UsageStatus.SERVER_ERROR;
					}
					if (outcome != null) {
						OutboundClients.markOutcome(clientRequest, outcome);
					}
					return reply;
				}, true);
		}
		catch (ResourceAccessException ex) {
			throw ioFailure(ex);
		}
		catch (IllegalArgumentException ex) {
			// The JDK refuses a header or URL it cannot send (a key with a line break, say); its
			// message quotes the value, so only the fact is reported.
			throw ProviderCallException.finalFailure(DiagnosticCode.INTEGRATION_CONFIG_INVALID, this.providerName
					+ ": a configured key or URL holds characters HTTP cannot carry (check for spaces or line breaks)");
		}
	}

	/** A JSON body, or one whose type was not given: JSON-lines and binary bodies are judged by their client. */
	private static boolean declaresJson(HttpReply reply) {
		String type = reply.header(HttpHeaders.CONTENT_TYPE);
		if (type == null) {
			return true;
		}
		String mime = type.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
		return mime.equals("application/json") || mime.endsWith("+json");
	}

	/**
	 * The default judgement of a non-2xx reply, as PROVIDERS.md's retry rules put it: 401 a bad
	 * key, 402/403 a missing plan or permission, 408/504 a timeout, 429 a rate limit (with its
	 * Retry-After), other 5xx an unavailable provider (all transient), any other status unexpected.
	 */
	public ProviderCallException failure(HttpReply reply) {
		int status = reply.status();
		String at = this.providerName + " at " + this.host;
		return switch (status) {
			case 401 -> ProviderCallException.finalFailure(DiagnosticCode.AUTH_FAILED,
					at + " rejected the credentials (HTTP 401)");
			case 402, 403 -> ProviderCallException.finalFailure(DiagnosticCode.ENTITLEMENT_MISSING,
					at + " refused access: the account lacks the plan or permission for this call (HTTP " + status + ")");
			case 408, 504 -> ProviderCallException.transientFailure(DiagnosticCode.TIMEOUT,
					at + " timed out on its side (HTTP " + status + ")", reply.retryAfter(this.clock));
			case 429 -> rateLimited(reply, at + " is rate limiting this key (HTTP 429)");
			default -> (status >= 500)
					? ProviderCallException.transientFailure(DiagnosticCode.PROVIDER_UNREACHABLE,
							at + " is unavailable (HTTP " + status + ")", reply.retryAfter(this.clock))
					: ProviderCallException.finalFailure(DiagnosticCode.UNEXPECTED_RESPONSE,
							at + " answered HTTP " + status + ", which this client does not expect here");
		};
	}

	/** A rate limit, with how long the provider asked us to wait when it said. */
	public ProviderCallException rateLimited(HttpReply reply, String message) {
		java.time.Duration wait = reply.retryAfter(this.clock);
		String suffix = (wait != null) ? "; it asked for a wait of " + Math.max(1, wait.toSeconds()) + " s" : "";
		return ProviderCallException.transientFailure(DiagnosticCode.RATE_LIMITED, message + suffix, wait);
	}

	private ProviderCallException ioFailure(ResourceAccessException ex) {
		String at = this.providerName + " at " + this.host;
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
				return ProviderCallException.transientFailure(DiagnosticCode.TIMEOUT,
						at + " did not answer in time (" + cause.getClass().getSimpleName() + ")", null);
			}
			if (cause instanceof SSLException) {
				return ProviderCallException.finalFailure(DiagnosticCode.TLS_ERROR,
						at + " failed the TLS handshake (" + cause.getClass().getSimpleName()
								+ "): check the URL's scheme and the server's certificate");
			}
			if (cause instanceof UnknownHostException) {
				return ProviderCallException.transientFailure(DiagnosticCode.PROVIDER_UNREACHABLE,
						at + " could not be found (unknown host)", null);
			}
		}
		Throwable root = (ex.getCause() != null) ? ex.getCause() : ex;
		return ProviderCallException.transientFailure(DiagnosticCode.PROVIDER_UNREACHABLE,
				at + " could not be reached (" + root.getClass().getSimpleName() + ")", null);
	}

	private static byte[] readBounded(InputStream body) throws IOException {
		// One byte more than allowed, so an over-long body is detected rather than silently cut.
		return body.readNBytes(MAX_BODY_BYTES + 1);
	}

	private static String hostOf(URI uri) {
		String host = (uri.getHost() != null) ? uri.getHost() : "unknown host";
		return (uri.getPort() > 0) ? host + ":" + uri.getPort() : host;
	}

}
