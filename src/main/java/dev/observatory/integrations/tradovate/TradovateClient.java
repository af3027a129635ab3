package dev.observatory.integrations.tradovate;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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
 * Tradovate's REST API (PROVIDERS.md §3). Every successful {@code accesstokenrequest} opens a new
 * session and auth is limited to about ten a minute, so the access token is cached in memory (never
 * stored) and renewed ({@code renewaccesstoken}, same session) in its last 15 minutes; a new one is
 * requested only when none is valid. Failures hide inside HTTP 200: {@code errorText} is a refused
 * login, a {@code p-ticket} a penalty to wait out and resend with (unless {@code p-captcha}, which
 * a server cannot solve). 423 and 429 are lock-outs: never retried.
 */
@Component
public class TradovateClient implements IntegrationVerifier {

	static final String URL_TEMPLATE = "https://{env}.tradovateapi.com/v1";

	/** Renew this long before expiry, as Tradovate's docs advise. */
	static final Duration RENEW_BEFORE = Duration.ofMinutes(15);

	/** Penalty rounds one token request may wait out before it gives up. */
	static final int MAX_PENALTIES = 3;

	private static final String NAME = "Tradovate";

	private final ProviderClients clients;

	private final TokenCache<AccessToken> token = new TokenCache<>((retired) -> retired.value().retire());

	TradovateClient(ProviderClients clients) {
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
		return ProviderKey.TRADOVATE;
	}

	@Override
	public List<Diagnostic> verify() {
		return ProviderClients.verdict(() -> {
			ProviderHttp http = http();
			AccessToken access = token(http, "tradovate.verify");
			List<Account> accounts = accountsWithRelogin(http, access, "tradovate.verify");
			if (accounts.isEmpty()) {
				throw ProviderCallException.finalFailure(DiagnosticCode.ENTITLEMENT_MISSING,
						NAME + " at " + http.host() + " accepted the login but lists no account to trade");
			}
			return NAME + " at " + http.host() + " accepted the login; " + accounts.size() + " account(s); live trading "
					+ (access.hasLive() ? "entitled" : "not entitled");
		});
	}

	/** The user's accounts ({@code GET /account/list}) with the cached token. */
	public List<Account> accounts() {
		ProviderHttp http = http();
		return accountsWithRelogin(http, token(http, "tradovate.access_token"), "tradovate.account_list");
	}

	/**
	 * A 401 on a token that has not expired means the session was dropped (the same user logged
	 * in elsewhere), not that the key is wrong: one fresh login, then the answer stands.
	 */
	private List<Account> accountsWithRelogin(ProviderHttp http, AccessToken access, String endpoint) {
		try {
			return accounts(http, access, endpoint);
		}
		catch (ProviderCallException ex) {
			if (ex.code() != DiagnosticCode.AUTH_FAILED) {
				throw ex;
			}
			return accounts(http, token(http, endpoint), endpoint);
		}
	}

	private List<Account> accounts(ProviderHttp http, AccessToken access, String endpoint) {
		return this.clients.call(http, true, () -> {
			HttpReply reply = http.exchange(endpoint,
					(rest) -> rest.get().uri("/account/list").headers((h) -> h.setBearerAuth(access.value().reveal())),
					TradovateClient::judge);
			if (reply.status() == 401) {
				this.token.forget(access);
				throw ProviderCallException.finalFailure(DiagnosticCode.AUTH_FAILED, NAME + " at " + http.host()
						+ " rejected the access token (HTTP 401); the next call requests a new one");
			}
			JsonNode body = success(http, reply).json();
			if (body.has("errorText")) {
				throw ProviderCallException.finalFailure(DiagnosticCode.ENTITLEMENT_MISSING,
						NAME + " at " + http.host() + " refused the account list (HTTP 200 with errorText)");
			}
			if (!body.isArray()) {
				throw reply.malformed("an account list that is not an array");
			}
			List<Account> accounts = new ArrayList<>();
			for (JsonNode account : body) {
				if (!account.path("id").isIntegralNumber()) {
					throw reply.malformed("an account without a numeric id");
				}
				accounts.add(new Account(account.path("id").asLong(), account.path("name").asString(""),
						account.path("active").asBoolean(true)));
			}
			return accounts;
		});
	}

	/** Drops a token the server rejected, so the next call logs in afresh. */
	void forget(AccessToken rejected) {
		this.token.forget(rejected);
	}

	/** The cached token while it has more than {@link #RENEW_BEFORE} left, else renewed, else a new one. */
	AccessToken token(ProviderHttp http, String endpoint) {
		return this.token.obtain((current) -> {
			Instant now = this.clients.clock().instant();
			if (current != null && current.expiresAt().isAfter(now.plus(RENEW_BEFORE))) {
				return current;
			}
			if (current != null && current.expiresAt().isAfter(now)) {
				try {
					return renew(http, current, endpoint);
				}
				catch (ProviderCallException ex) {
					if (ex.code() != DiagnosticCode.AUTH_FAILED) {
						// Renewal failed for a passing reason; the token itself is still valid.
						return current;
					}
					// The session is gone: only a new login helps.
				}
			}
			return this.clients.call(http, false, () -> request(http, endpoint));
		});
	}

	private AccessToken renew(ProviderHttp http, AccessToken current, String endpoint) {
		return this.clients.call(http, true, () -> {
			HttpReply reply = http.exchange(endpoint, (rest) -> rest.get()
				.uri("/auth/renewaccesstoken")
				.headers((h) -> h.setBearerAuth(current.value().reveal())), TradovateClient::judge);
			if (reply.status() == 401) {
				throw ProviderCallException.finalFailure(DiagnosticCode.AUTH_FAILED,
						NAME + " at " + http.host() + " would not renew the access token (HTTP 401)");
			}
			return parseToken(http, success(http, reply), current.hasLive(), current.userId());
		});
	}

	private AccessToken request(ProviderHttp http, String endpoint) {
		Map<String, Object> body = credentials();
		for (int penalty = 0;; penalty++) {
			HttpReply reply = http.exchange(endpoint, (rest) -> rest.post()
				.uri("/auth/accesstokenrequest")
				.contentType(MediaType.APPLICATION_JSON)
				.body(body), TradovateClient::judge);
			JsonNode json = success(http, reply).json();
			if (!json.has("p-ticket")) {
				return parseToken(http, reply, json.path("hasLive").asBoolean(false), 0);
			}
			String at = NAME + " at " + http.host();
			if (json.path("p-captcha").asBoolean(false)) {
				throw ProviderCallException.finalFailure(DiagnosticCode.RATE_LIMITED, at
						+ " demands a CAPTCHA (p-captcha), which a server cannot answer: wait about an hour, then verify again");
			}
			Duration wait = Duration.ofSeconds(Math.max(0, json.path("p-time").asLong(0)));
			if (penalty >= MAX_PENALTIES || wait.compareTo(this.clients.properties().retry().maxRetryAfter()) > 0) {
				throw ProviderCallException.finalFailure(DiagnosticCode.RATE_LIMITED,
						at + " imposed a penalty wait of " + wait.toSeconds() + " s (p-ticket); try again after it");
			}
			this.clients.pause(wait);
			Object previous = body.put("p-ticket",
					Secret.derivedFrom(EnvVar.TRADOVATE_SECRET, json.path("p-ticket").asString()).reveal());
			if (previous instanceof String ticket) {
				Secret.derivedFrom(EnvVar.TRADOVATE_SECRET, ticket).retire();
			}
		}
	}

	private Map<String, Object> credentials() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", this.clients.plain(EnvVar.TRADOVATE_USERNAME));
		body.put("password", this.clients.secret(EnvVar.TRADOVATE_PASSWORD).reveal());
		body.put("appId", this.clients.plain(EnvVar.TRADOVATE_APP_ID));
		body.put("appVersion", this.clients.plain(EnvVar.TRADOVATE_APP_VERSION));
		try {
			body.put("cid", Long.parseLong(this.clients.plain(EnvVar.TRADOVATE_CID).trim()));
		}
		catch (NumberFormatException ex) {
			throw ProviderCallException.finalFailure(DiagnosticCode.INTEGRATION_CONFIG_INVALID,
					"TRADOVATE_CID must be the numeric API key id");
		}
		body.put("sec", this.clients.secret(EnvVar.TRADOVATE_SECRET).reveal());
		this.clients.env().plain(EnvVar.TRADOVATE_DEVICE_ID).ifPresent((device) -> body.put("deviceId", device));
		return body;
	}

	private static AccessToken parseToken(ProviderHttp http, HttpReply reply, boolean hasLive, long userId) {
		JsonNode json = reply.json();
		if (json.has("errorText")) {
			throw ProviderCallException.finalFailure(DiagnosticCode.AUTH_FAILED,
					NAME + " at " + http.host() + " refused the login (HTTP 200 with errorText): check the user name,"
							+ " password, app id, cid and secret");
		}
		if (!json.path("accessToken").isString() || !json.path("expirationTime").isString()) {
			throw reply.malformed("a token answer without accessToken and expirationTime");
		}
		Instant expiresAt;
		try {
			expiresAt = OffsetDateTime.parse(json.path("expirationTime").asString()).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw reply.malformed("an expirationTime that is not an ISO 8601 time");
		}
		if (json.path("mdAccessToken").isString()) {
			Secret.derivedFrom(EnvVar.TRADOVATE_SECRET, json.path("mdAccessToken").asString());
		}
		Secret value = Secret.derivedFrom(EnvVar.TRADOVATE_SECRET, json.path("accessToken").asString());
		return new AccessToken(value, expiresAt, json.path("hasLive").asBoolean(hasLive), json.path("userId").asLong(userId));
	}

	static HttpReply success(ProviderHttp http, HttpReply reply) {
		if (reply.isSuccess()) {
			return reply;
		}
		String at = NAME + " at " + http.host();
		if (reply.status() == 423) {
			throw ProviderCallException.finalFailure(DiagnosticCode.RATE_LIMITED,
					at + " warns that this user is about to be locked out (HTTP 423): stop and wait before trying again");
		}
		if (reply.status() == 429) {
			throw ProviderCallException.finalFailure(DiagnosticCode.RATE_LIMITED,
					at + " has locked this user out (HTTP 429): no retry helps; wait about an hour");
		}
		throw http.failure(reply);
	}

	/** Failures inside an HTTP 200 are recorded as what they are. */
	static @Nullable UsageStatus judge(HttpReply reply) {
		if (reply.status() != 200) {
			return null;
		}
		JsonNode json = reply.jsonOrMissing();
		if (json.has("p-ticket")) {
			return UsageStatus.RATE_LIMITED;
		}
		return json.has("errorText") ? UsageStatus.AUTH_FAILED : null;
	}

	ProviderHttp http() {
		return this.clients.http(ProviderKey.TRADOVATE, NAME, restBase());
	}

	/** {@code TRADOVATE_BASE_URL}, else the REST host of {@code TRADOVATE_ENV} (demo unless live). */
	URI restBase() {
		return this.clients.environmentUrl(EnvVar.TRADOVATE_ENV, EnvVar.TRADOVATE_BASE_URL, URL_TEMPLATE);
	}

	/**
	 * A cached access token: in memory only, masked everywhere, renewed before {@code expiresAt}.
	 *
	 * @param userId the user the token is for ({@code userId} of the token answer; 0 when it is absent)
	 */
	record AccessToken(Secret value, Instant expiresAt, boolean hasLive, long userId) {
	}

	/**
	 * @param id the account id orders name
	 * @param name the account's name (its spec)
	 * @param active whether it can trade (absent means active)
	 */
	public record Account(long id, String name, boolean active) {
	}

}
