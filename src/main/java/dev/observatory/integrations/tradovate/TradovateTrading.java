package dev.observatory.integrations.tradovate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import dev.observatory.integrations.DiagnosticCode;
import dev.observatory.integrations.client.HttpReply;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.client.ProviderClients;
import dev.observatory.integrations.client.ProviderHttp;
import dev.observatory.telemetry.UsageStatus;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Tradovate's trading calls (PROVIDERS.md §3), with the cached token of {@link TradovateClient}:
 * place an order ({@code POST /order/placeorder}, documented, {@code isAutomated: true}), cancel one
 * ({@code POST /order/cancelorder}), list positions ({@code GET /position/list}) and name a
 * contract. UNCONFIRMED, and marked so in docs/integrations.md: the fields of a position
 * ({@code accountId}, {@code contractId}, {@code netPos}), {@code GET /contract/item?id=} and its
 * {@code name}, the {@code clOrdId} idempotency field, and rejections as HTTP 200 with
 * {@code failureReason}/{@code failureText}. Orders and cancels are never retried: a request that
 * timed out may have been executed.
 */
@Component
public class TradovateTrading {

	private static final String NAME = "Tradovate";

	private final TradovateClient client;

	private final ProviderClients clients;

	TradovateTrading(TradovateClient client, ProviderClients clients) {
		this.client = client;
		this.clients = clients;
	}

	/** The user's accounts (for an account's id and spec). */
	public List<TradovateClient.Account> accounts() {
		return this.client.accounts();
	}

	/** Every position of the user's accounts, flat ones included. */
	public List<Position> positions() {
		return authorized("tradovate.position_list", true, (http, token) -> http.exchange("tradovate.position_list",
				(rest) -> rest.get().uri("/position/list").headers((h) -> h.setBearerAuth(token.value().reveal())),
				TradovateClient::judge), (http, reply) -> {
					JsonNode body = reply.json();
					if (!body.isArray()) {
						throw reply.malformed("a position list that is not an array");
					}
					List<Position> positions = new ArrayList<>();
					for (JsonNode position : body) {
						if (!position.path("accountId").isIntegralNumber() || !position.path("contractId").isIntegralNumber()
								|| !position.path("netPos").isNumber()) {
							throw reply.malformed("a position without accountId, contractId and netPos");
						}
						positions.add(new Position(position.path("accountId").asLong(), position.path("contractId").asLong(),
								position.path("netPos").asLong()));
					}
					return positions;
				});
	}

	/** A contract's symbol ({@code MESZ6}) from its id. */
	public String contractName(long contractId) {
		return authorized("tradovate.contract_item", true, (http, token) -> http.exchange("tradovate.contract_item",
				(rest) -> rest.get()
					.uri((uri) -> uri.path("/contract/item").queryParam("id", contractId).build())
					.headers((h) -> h.setBearerAuth(token.value().reveal())),
				TradovateClient::judge), (http, reply) -> {
					String name = reply.json().path("name").asString("");
					if (name.isBlank()) {
						throw reply.malformed("a contract without a name");
					}
					return name;
				});
	}

	/**
	 * Places a market order.
	 *
	 * @param clientOrderId our idempotency key ({@code clOrdId}, UNCONFIRMED)
	 * @return Tradovate's order id
	 * @throws ProviderCallException {@code UNEXPECTED_RESPONSE} with Tradovate's reason when it rejects the order
	 */
	public long placeMarketOrder(String accountSpec, long accountId, boolean buy, String symbol, long quantity,
			String clientOrderId) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("accountSpec", accountSpec);
		body.put("accountId", accountId);
		body.put("clOrdId", clientOrderId);
		body.put("action", buy ? "Buy" : "Sell");
		body.put("symbol", symbol);
		body.put("orderQty", quantity);
		body.put("orderType", "Market");
		body.put("isAutomated", true);
		return authorized("tradovate.place_order", false, (http, token) -> http.exchange("tradovate.place_order",
				(rest) -> rest.post()
					.uri("/order/placeorder")
					.headers((h) -> h.setBearerAuth(token.value().reveal()))
					.contentType(MediaType.APPLICATION_JSON)
					.body(body),
				TradovateTrading::judgeOrder), (http, reply) -> {
					JsonNode json = reply.json();
					if (json.has("failureReason") || json.has("failureText")) {
						throw ProviderCallException.finalFailure(DiagnosticCode.UNEXPECTED_RESPONSE, NAME + " at " + http.host()
								+ " rejected the order: " + json.path("failureReason").asString("") + " "
								+ json.path("failureText").asString(""));
					}
					if (!json.path("orderId").isIntegralNumber()) {
						throw reply.malformed("an order answer without orderId");
					}
					return json.path("orderId").asLong();
				});
	}

	public void cancelOrder(long orderId) {
		authorized("tradovate.cancel_order", false, (http, token) -> http.exchange("tradovate.cancel_order",
				(rest) -> rest.post()
					.uri("/order/cancelorder")
					.headers((h) -> h.setBearerAuth(token.value().reveal()))
					.contentType(MediaType.APPLICATION_JSON)
					.body(Map.of("orderId", orderId)),
				TradovateTrading::judgeOrder), (http, reply) -> {
					if (reply.json().has("errorText") || reply.json().has("failureReason")) {
						throw ProviderCallException.finalFailure(DiagnosticCode.UNEXPECTED_RESPONSE,
								NAME + " at " + http.host() + " refused to cancel order " + orderId);
					}
					return Boolean.TRUE;
				});
	}

	/**
	 * One call with the cached token; a 401 on it means the session was dropped: one fresh login,
	 * then the answer stands.
	 */
	private <T> T authorized(String endpoint, boolean retryable,
			BiFunction<ProviderHttp, TradovateClient.AccessToken, HttpReply> call,
			BiFunction<ProviderHttp, HttpReply, T> read) {
		ProviderHttp http = this.client.http();
		TradovateClient.AccessToken token = this.client.token(http, endpoint);
		HttpReply reply = this.clients.call(http, retryable, () -> call.apply(http, token));
		if (reply.status() == 401) {
			this.client.forget(token);
			TradovateClient.AccessToken fresh = this.client.token(http, endpoint);
			reply = this.clients.call(http, retryable, () -> call.apply(http, fresh));
		}
		HttpReply answered = TradovateClient.success(http, reply);
		return read.apply(http, answered);
	}

	/** A rejected order inside an HTTP 200 is a failed call, and is recorded as one. */
	private static @Nullable UsageStatus judgeOrder(HttpReply reply) {
		JsonNode json = (reply.status() == 200) ? reply.jsonOrMissing() : null;
		if (json != null && (json.has("failureReason") || json.has("failureText"))) {
			return UsageStatus.CLIENT_ERROR;
		}
		return TradovateClient.judge(reply);
	}

	/**
	 * @param netPos signed contracts
	 */
	public record Position(long accountId, long contractId, long netPos) {
	}

}
