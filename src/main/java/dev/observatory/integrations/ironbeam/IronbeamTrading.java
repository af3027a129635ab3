package dev.observatory.integrations.ironbeam;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import dev.observatory.common.secrets.Secret;
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
 * Ironbeam's trading calls (PROVIDERS.md §4, provisional), with the cached token of
 * {@link IronbeamClient}. Documented there: place ({@code POST /order/{accountId}/place}) and cancel
 * ({@code DELETE /order/{accountId}/cancel/{orderId}}). UNCONFIRMED, and marked so in
 * docs/integrations.md (taken from the unofficial clients' API extract): the enum encodings
 * ({@code orderType "1"} = market, {@code duration "0"} = day), the positions call
 * ({@code GET /account/{accountId}/positions}: {@code exchSym}, {@code quantity}, {@code side}), and
 * the orders call ({@code GET /order/{accountId}/ANY}: {@code orderId}, {@code status},
 * {@code fillQuantity}, {@code fillPrice}, {@code orderError}). Ironbeam documents no client order id,
 * so orders and cancels are never retried: one that timed out may have been executed.
 */
@Component
public class IronbeamTrading {

	private static final String NAME = "Ironbeam";

	private final IronbeamClient client;

	private final ProviderClients clients;

	IronbeamTrading(IronbeamClient client, ProviderClients clients) {
		this.client = client;
		this.clients = clients;
	}

	/** The trader's account ids. */
	public List<String> accounts() {
		return this.client.accounts();
	}

	/** The account's open positions, signed ({@code SHORT} negative). */
	public List<Position> positions(String accountId) {
		return authorized("ironbeam.positions", true, (http, token) -> http.exchange("ironbeam.positions",
				(rest) -> rest.get().uri("/account/{accountId}/positions", accountId).headers((h) -> h.setBearerAuth(token.reveal())),
				IronbeamTrading::judge), (http, body) -> {
					if (!body.path("positions").isArray()) {
						throw malformed(http, "a positions answer without positions");
					}
					List<Position> positions = new ArrayList<>();
					for (JsonNode position : body.path("positions")) {
						if (!position.path("exchSym").isString() || !position.path("quantity").isNumber()) {
							throw malformed(http, "a position without exchSym and quantity");
						}
						BigDecimal quantity = position.path("quantity").decimalValue();
						positions.add(new Position(position.path("exchSym").asString(),
								"SHORT".equals(position.path("side").asString("")) ? quantity.abs().negate() : quantity));
					}
					return positions;
				});
	}

	/**
	 * Places a day market order.
	 *
	 * @param exchSym Ironbeam's symbol, {@code XCME:MES.Z26}
	 * @return Ironbeam's order id
	 * @throws ProviderCallException {@code UNEXPECTED_RESPONSE} with Ironbeam's words when it refuses the order
	 */
	public String placeMarketOrder(String accountId, String exchSym, boolean buy, long quantity) {
		Map<String, Object> order = new LinkedHashMap<>();
		order.put("exchSym", exchSym);
		order.put("side", buy ? "BUY" : "SELL");
		order.put("quantity", quantity);
		order.put("orderType", "1");
		order.put("duration", "0");
		order.put("waitForOrderId", true);
		return authorized("ironbeam.place_order", false, (http, token) -> http.exchange("ironbeam.place_order",
				(rest) -> rest.post()
					.uri("/order/{accountId}/place", accountId)
					.headers((h) -> h.setBearerAuth(token.reveal()))
					.contentType(MediaType.APPLICATION_JSON)
					.body(order),
				IronbeamTrading::judge), (http, body) -> {
					String orderId = body.path("orderId").asString("");
					if (orderId.isBlank()) {
						throw malformed(http, "an order answer without orderId");
					}
					return orderId;
				});
	}

	public void cancelOrder(String accountId, String orderId) {
		authorized("ironbeam.cancel_order", false, (http, token) -> http.exchange("ironbeam.cancel_order",
				(rest) -> rest.delete()
					.uri("/order/{accountId}/cancel/{orderId}", accountId, orderId)
					.headers((h) -> h.setBearerAuth(token.reveal())),
				IronbeamTrading::judge), (http, body) -> Boolean.TRUE);
	}

	/** Every order of the account Ironbeam reports now, with its fills so far. */
	public List<Order> orders(String accountId) {
		return authorized("ironbeam.orders", true, (http, token) -> http.exchange("ironbeam.orders",
				(rest) -> rest.get().uri("/order/{accountId}/ANY", accountId).headers((h) -> h.setBearerAuth(token.reveal())),
				IronbeamTrading::judge), (http, body) -> {
					List<Order> orders = new ArrayList<>();
					for (JsonNode order : body.path("orders")) {
						orders.add(new Order(order.path("orderId").asString(""), order.path("status").asString(""),
								order.path("fillQuantity").isNumber() ? order.path("fillQuantity").decimalValue() : BigDecimal.ZERO,
								order.path("fillPrice").isNumber() ? order.path("fillPrice").decimalValue() : null,
								order.path("orderError").path("errorText").asString(null)));
					}
					return orders;
				});
	}

	/**
	 * One call with the cached token; a 401 may be an expired token (its lifetime is unconfirmed): one
	 * fresh login, then the answer stands. The body must say {@code status: OK}.
	 */
	private <T> T authorized(String endpoint, boolean retryable, BiFunction<ProviderHttp, Secret, HttpReply> call,
			BiFunction<ProviderHttp, JsonNode, T> read) {
		ProviderHttp http = this.client.http();
		Secret token = this.client.token(http, endpoint);
		HttpReply reply = this.clients.call(http, retryable, () -> call.apply(http, token));
		if (reply.status() == 401) {
			this.client.forget(token);
			Secret fresh = this.client.token(http, endpoint);
			reply = this.clients.call(http, retryable, () -> call.apply(http, fresh));
		}
		JsonNode body = IronbeamClient.success(http, reply).json();
		if ("ERROR".equalsIgnoreCase(body.path("status").asString(""))) {
			throw ProviderCallException.finalFailure(DiagnosticCode.UNEXPECTED_RESPONSE, NAME + " at " + http.host()
					+ " refused " + endpoint + ": " + body.path("message").asString(body.path("error1").asString("no reason given")));
		}
		return read.apply(http, IronbeamClient.statusOk(http, reply, DiagnosticCode.UNEXPECTED_RESPONSE));
	}

	private static ProviderCallException malformed(ProviderHttp http, String what) {
		return ProviderCallException.finalFailure(DiagnosticCode.UNEXPECTED_RESPONSE, NAME + " at " + http.host() + " sent " + what);
	}

	/** A refusal inside an HTTP 200 is a failed call, and is recorded as one. */
	private static @Nullable UsageStatus judge(HttpReply reply) {
		return (reply.status() == 200 && "ERROR".equalsIgnoreCase(reply.jsonOrMissing().path("status").asString("")))
				? UsageStatus.CLIENT_ERROR : null;
	}

	/** @param quantity signed contracts */
	public record Position(String exchSym, BigDecimal quantity) {
	}

	/**
	 * @param status Ironbeam's order status ({@code NEW}, {@code PARTIALLY_FILLED}, {@code FILLED}, {@code REJECTED}…)
	 * @param fillPrice the average fill price, when filled at all
	 */
	public record Order(String orderId, String status, BigDecimal fillQuantity, @Nullable BigDecimal fillPrice,
			@Nullable String errorText) {
	}

}
