package dev.observatory.integrations.ironbeam;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.observatory.common.secrets.EnvVar;
import dev.observatory.common.secrets.Secret;
import dev.observatory.integrations.Diagnostic;
import dev.observatory.integrations.DiagnosticCode;
import dev.observatory.integrations.IntegrationVerifier;
import dev.observatory.integrations.client.HttpReply;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.client.ProviderClients;
import dev.observatory.integrations.client.ProviderHttp;
import dev.observatory.integrations.client.TokenCache;
import dev.observatory.telemetry.ProviderKey;
import dev.observatory.telemetry.UsageStatus;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Ironbeam's REST API (PROVIDERS.md §4, provisional: the official docs could not be read, so this
 * follows the unofficial clients that agree with each other). {@code POST /auth} gives a bearer
 * token whose lifetime is unknown: it is cached in memory and replaced once when a call answers
 * 401. A 200 may still carry {@code status: ERROR}, so the field is always checked.
 */
@Component
public class IronbeamClient implements IntegrationVerifier {

	static final String URL_TEMPLATE = "https://{env}.ironbeamapi.com/v2";

	private static final String NAME = "Ironbeam";

	private final ProviderClients clients;

	private final TokenCache<Secret> token = new TokenCache<>(Secret::retire);

	IronbeamClient(ProviderClients clients) {
		this.clients = clients;
	}

	/**
	 * Forgets the cached token, so the next call logs in afresh (after a kill, or to prove the
	 * login itself again). The broker's session simply expires.
	 */
	public void signOut() {
		this.token.clear();
	}

	@Override
	public ProviderKey provider() {
		return ProviderKey.IRONBEAM;
	}

	@Override
	public List<Diagnostic> verify() {
		return ProviderClients.verdict(() -> {
			ProviderHttp http = http();
			List<String> accounts = accounts(http, "ironbeam.verify");
			if (accounts.isEmpty()) {
				throw ProviderCallException.finalFailure(DiagnosticCode.ENTITLEMENT_MISSING,
						NAME + " at " + http.host() + " accepted the login but lists no account");
			}
			return NAME + " at " + http.host() + " accepted the login; " + accounts.size() + " account(s)";
		});
	}

	/** The trader's account ids ({@code GET /account/getAllAccounts}). */
	public List<String> accounts() {
		return accounts(http(), "ironbeam.accounts");
	}

	private List<String> accounts(ProviderHttp http, String endpoint) {
		Secret first = token(http, endpoint);
		try {
			return getAccounts(http, first, endpoint);
		}
		catch (ProviderCallException ex) {
			if (ex.code() != DiagnosticCode.AUTH_FAILED) {
				throw ex;
			}
			// The token may simply have expired (its lifetime is unconfirmed): one fresh login.
			this.token.forget(first);
			return getAccounts(http, token(http, endpoint), endpoint);
		}
	}

	/** Drops a token the server rejected, so the next call logs in afresh. */
	void forget(Secret rejected) {
		this.token.forget(rejected);
	}

	private List<String> getAccounts(ProviderHttp http, Secret bearer, String endpoint) {
		return this.clients.call(http, true, () -> {
			HttpReply reply = http.exchange(endpoint, (rest) -> rest.get()
				.uri("/account/getAllAccounts")
				.headers((h) -> h.setBearerAuth(bearer.reveal())), IronbeamClient::judge);
			JsonNode body = statusOk(http, success(http, reply), DiagnosticCode.UNEXPECTED_RESPONSE);
			if (!body.path("accounts").isArray()) {
				throw reply.malformed("an answer without accounts");
			}
			List<String> accounts = new ArrayList<>();
			body.path("accounts").forEach((account) -> accounts.add(account.asString("")));
			return accounts;
		});
	}

	Secret token(ProviderHttp http, String endpoint) {
		return this.token.obtain((current) -> (current != null) ? current
				: this.clients.call(http, false, () -> login(http, endpoint)));
	}

	private Secret login(ProviderHttp http, String endpoint) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("username", this.clients.plain(EnvVar.IRONBEAM_USERNAME));
		body.put("password", this.clients.secret(EnvVar.IRONBEAM_PASSWORD).reveal());
		body.put("apiKey", this.clients.secret(EnvVar.IRONBEAM_API_KEY).reveal());
		HttpReply reply = http.exchange(endpoint,
				(rest) -> rest.post().uri("/auth").contentType(MediaType.APPLICATION_JSON).body(body), IronbeamClient::judge);
		JsonNode json = statusOk(http, success(http, reply), DiagnosticCode.AUTH_FAILED);
		if (!json.path("token").isString() || json.path("token").asString().isBlank()) {
			throw reply.malformed("a login answer without token");
		}
		return Secret.derivedFrom(EnvVar.IRONBEAM_API_KEY, json.path("token").asString());
	}

	/** The body, if its {@code status} is {@code OK}; {@code ERROR} inside a 200 is {@code onError}. */
	static JsonNode statusOk(ProviderHttp http, HttpReply reply, DiagnosticCode onError) {
		JsonNode json = reply.json();
		String status = json.path("status").asString("");
		if ("OK".equalsIgnoreCase(status)) {
			return json;
		}
		if ("ERROR".equalsIgnoreCase(status)) {
			throw ProviderCallException.finalFailure(onError, NAME + " at " + http.host() + " answered status ERROR"
					+ " inside an HTTP 200" + ((onError == DiagnosticCode.AUTH_FAILED)
							? ": check the user name, password and API key" : ""));
		}
		throw reply.malformed("an answer without status OK");
	}

	static HttpReply success(ProviderHttp http, HttpReply reply) {
		if (reply.isSuccess()) {
			return reply;
		}
		if (reply.status() == 429) {
			// 429 nests its error: {"result":{"error1":"Excessive calls…"},"statusCode":429}
			throw http.rateLimited(reply, NAME + " at " + http.host() + " is rate limiting this login (HTTP 429)");
		}
		throw http.failure(reply);
	}

	static @Nullable UsageStatus judge(HttpReply reply) {
		return (reply.status() == 200 && "ERROR".equalsIgnoreCase(reply.jsonOrMissing().path("status").asString("")))
				? UsageStatus.AUTH_FAILED : null;
	}

	ProviderHttp http() {
		URI base = this.clients.environmentUrl(EnvVar.IRONBEAM_ENV, EnvVar.IRONBEAM_BASE_URL, URL_TEMPLATE);
		return this.clients.http(ProviderKey.IRONBEAM, NAME, base);
	}

}
