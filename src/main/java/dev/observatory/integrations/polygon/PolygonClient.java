package dev.observatory.integrations.polygon;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import dev.observatory.common.secrets.EnvVar;
import dev.observatory.common.secrets.Secret;
import dev.observatory.integrations.Diagnostic;
import dev.observatory.integrations.DiagnosticCode;
import dev.observatory.integrations.IntegrationVerifier;
import dev.observatory.integrations.client.HttpReply;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.client.ProviderClients;
import dev.observatory.integrations.client.ProviderHttp;
import dev.observatory.telemetry.ProviderKey;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * Polygon.io, now Massive (PROVIDERS.md §2): the key goes in {@code Authorization: Bearer}, never
 * in the query. Verify proves the key ({@code /v1/marketstatus/now}) and then the entitlement the
 * bots need (the last trade of {@code observatory.integrations.polygon-entitlement-ticker}).
 * Error wording is unconfirmed, so failures are judged on the status code and the {@code status}
 * field only.
 */
@Component
public class PolygonClient implements IntegrationVerifier {

	static final String DEFAULT_BASE_URL = "https://api.massive.com";

	private static final String NAME = "Polygon.io (Massive)";

	private final ProviderClients clients;

	PolygonClient(ProviderClients clients) {
		this.clients = clients;
	}

	@Override
	public ProviderKey provider() {
		return ProviderKey.POLYGON;
	}

	@Override
	public List<Diagnostic> verify() {
		return ProviderClients.verdict(() -> {
			ProviderHttp http = http();
			Secret key = key();
			this.clients.call(http, true, () -> {
				HttpReply reply = http.exchange("polygon.verify",
						(rest) -> rest.get().uri("/v1/marketstatus/now").headers((h) -> h.setBearerAuth(key.reveal())));
				return requireObject(http, reply);
			});
			String ticker = this.clients.properties().polygonEntitlementTicker();
			LastTrade trade = lastTrade(http, key, ticker, "polygon.verify");
			return NAME + " at " + http.host() + " accepted the key and serves the last trade of " + trade.ticker();
		});
	}

	/** The most recent trade of a stock ticker ({@code GET /v2/last/trade/{ticker}}). */
	public LastTrade lastTrade(String ticker) {
		return lastTrade(http(), key(), ticker, "polygon.last_trade");
	}

	private LastTrade lastTrade(ProviderHttp http, Secret key, String ticker, String endpoint) {
		return this.clients.call(http, true, () -> {
			HttpReply reply = http.exchange(endpoint,
					(rest) -> rest.get().uri("/v2/last/trade/{ticker}", ticker).headers((h) -> h.setBearerAuth(key.reveal())));
			JsonNode body = requireObject(http, reply);
			JsonNode results = body.path("results");
			if (!results.path("p").isNumber() || !results.path("t").isNumber()) {
				throw reply.malformed("a last trade without price or time");
			}
			long sipNanos = results.path("t").asLong();
			return new LastTrade(results.path("T").asString(ticker), results.path("p").decimalValue(),
					results.path("s").asLong(), Instant.ofEpochSecond(0, sipNanos), body.path("status").asString(""));
		});
	}

	/**
	 * One-minute aggregates of a stock ticker from {@code from} on, oldest first
	 * ({@code GET /v2/aggs/ticker/{ticker}/range/1/minute/{from}/{to}}, millisecond bounds, at most
	 * 5,000 bars; {@code next_url} is not followed: a warm-up asks for far fewer).
	 */
	public List<Aggregate> minuteAggregates(String ticker, Instant from, Instant to) {
		ProviderHttp http = http();
		Secret key = key();
		return this.clients.call(http, true, () -> {
			HttpReply reply = http.exchange("polygon.aggregates", (rest) -> rest.get()
				.uri("/v2/aggs/ticker/{ticker}/range/1/minute/{from}/{to}?adjusted=true&sort=asc&limit=5000", ticker,
						from.toEpochMilli(), to.toEpochMilli())
				.headers((h) -> h.setBearerAuth(key.reveal())));
			JsonNode body = requireObject(http, reply);
			List<Aggregate> bars = new java.util.ArrayList<>();
			for (JsonNode bar : body.path("results")) {
				if (!bar.path("o").isNumber() || !bar.path("c").isNumber() || !bar.path("t").isNumber()) {
					throw reply.malformed("an aggregate without o, c or t");
				}
				bars.add(new Aggregate(Instant.ofEpochMilli(bar.path("t").asLong()), bar.path("o").decimalValue(),
						bar.path("h").decimalValue(), bar.path("l").decimalValue(), bar.path("c").decimalValue(),
						bar.path("v").asLong()));
			}
			return bars;
		});
	}

	private static JsonNode requireObject(ProviderHttp http, HttpReply reply) {
		if (!reply.isSuccess()) {
			throw failure(http, reply);
		}
		JsonNode body = reply.json();
		if (!body.isObject()) {
			throw reply.malformed("JSON that is not an object");
		}
		return body;
	}

	/** 400/401 without a usable key, 403 {@code NOT_AUTHORIZED} without the plan, else the defaults. */
	static ProviderCallException failure(ProviderHttp http, HttpReply reply) {
		String at = NAME + " at " + http.host();
		if (reply.status() == 400 || reply.status() == 401) {
			return ProviderCallException.finalFailure(DiagnosticCode.AUTH_FAILED,
					at + " did not accept the API key (HTTP " + reply.status() + ")");
		}
		if (reply.status() == 403) {
			String status = reply.jsonOrMissing().path("status").asString("");
			return ProviderCallException.finalFailure(DiagnosticCode.ENTITLEMENT_MISSING,
					at + " says the plan does not include this data (HTTP 403" + ("NOT_AUTHORIZED".equals(status)
							? " NOT_AUTHORIZED" : "") + ")");
		}
		return http.failure(reply);
	}

	private ProviderHttp http() {
		URI base = this.clients.baseUrl(EnvVar.POLYGON_BASE_URL, DEFAULT_BASE_URL);
		return this.clients.http(ProviderKey.POLYGON, NAME, base);
	}

	/** {@code POLYGON_API_KEY}, or the new name {@code MASSIVE_API_KEY}. */
	private Secret key() {
		return key(this.clients);
	}

	/** The key for every Polygon client of this package (REST and the futures stream alike). */
	static Secret key(ProviderClients clients) {
		return clients.env()
			.secret(EnvVar.POLYGON_API_KEY)
			.or(() -> clients.env().secret(EnvVar.MASSIVE_API_KEY))
			.orElseGet(() -> clients.secret(EnvVar.POLYGON_API_KEY));
	}

	/**
	 * @param ticker the ticker
	 * @param price the trade price
	 * @param size the trade size
	 * @param time the SIP timestamp
	 * @param status the feed status ({@code OK}, or {@code DELAYED} on delayed plans)
	 */
	public record LastTrade(String ticker, java.math.BigDecimal price, long size, Instant time, String status) {
	}

	/** @param start the bar's start ({@code t}) */
	public record Aggregate(Instant start, java.math.BigDecimal open, java.math.BigDecimal high, java.math.BigDecimal low,
			java.math.BigDecimal close, long volume) {
	}

}
