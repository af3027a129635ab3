package dev.observatory.integrations.polygon;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.observatory.common.secrets.EnvVar;
import dev.observatory.common.secrets.Secret;
import dev.observatory.integrations.DiagnosticCode;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.client.ProviderClients;
import dev.observatory.integrations.client.TextMessageListener;
import dev.observatory.telemetry.OutboundClients;
import dev.observatory.telemetry.ProviderKey;
import dev.observatory.telemetry.UsageRecorder;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Polygon's (Massive's) beta futures stream (PROVIDERS.md §2, "Futures (beta)"): a WebSocket at
 * {@code wss://socket.massive.com/futures} (or {@code POLYGON_FUTURES_SOCKET_URL}), authenticated by
 * {@code {"action":"auth","params":"<key>"}} and {@code status: auth_success}, then one
 * {@code {"action":"subscribe","params":"AM.<ticker>"}}: per-minute aggregates. UNCONFIRMED, and
 * marked so in docs/integrations.md: the futures ticker format (the contract as {@code ESZ6} is
 * assumed), the aggregate's fields ({@code sym}, {@code o}, {@code h}, {@code l}, {@code c}, {@code v},
 * {@code s}, {@code e} as on the stocks stream) and which plans include it. Opening a session is one
 * usage event, {@code polygon.futures.session}, with the calling bot.
 */
@Component
public class PolygonFuturesStream {

	static final String DEFAULT_URL = "wss://socket.massive.com/futures";

	static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();


	private static final String NAME = "Polygon's futures stream";

	private final ProviderClients clients;

	private final UsageRecorder usage;

	private final OutboundClients outbound;

	PolygonFuturesStream(ProviderClients clients, UsageRecorder usage, OutboundClients outbound) {
		this.clients = clients;
		this.usage = usage;
		this.outbound = outbound;
	}

	/**
	 * Connects, authenticates and subscribes to the contract's minute aggregates.
	 *
	 * @throws ProviderCallException when the socket cannot be opened, the key is refused or the subscription is not confirmed
	 */
	public Session open(String contract) {
		URI url = url();
		Secret key = PolygonClient.key(this.clients);
		try {
			return this.usage.call(ProviderKey.POLYGON, "polygon.futures.session",
					Map.of("host", url.getHost(), "symbol_count", 1), () -> connect(url, key, contract));
		}
		catch (ProviderCallException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw ProviderCallException.transientFailure(DiagnosticCode.PROVIDER_UNREACHABLE,
					NAME + " at " + url.getHost() + " could not be opened: " + ex.getClass().getSimpleName(), null);
		}
	}

	private Session connect(URI url, Secret key, String contract) throws Exception {
		Session session = new Session(key, contract);
		WebSocket socket = this.outbound.webSocket()
			.buildAsync(url, session)
			.get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		try {
			session.subscribed.get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			return session;
		}
		catch (ExecutionException ex) {
			socket.abort();
			throw (ex.getCause() instanceof ProviderCallException failure) ? failure : ex;
		}
		catch (TimeoutException ex) {
			socket.abort();
			throw ProviderCallException.transientFailure(DiagnosticCode.TIMEOUT,
					NAME + " did not confirm the authentication and subscription within " + OPEN_TIMEOUT.toSeconds() + " s",
					null);
		}
	}

	private URI url() {
		String configured = this.clients.env().plain(EnvVar.POLYGON_FUTURES_SOCKET_URL).orElse(DEFAULT_URL).trim();
		URI uri = URI.create(configured);
		if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
			throw ProviderCallException.finalFailure(DiagnosticCode.INTEGRATION_CONFIG_INVALID,
					"POLYGON_FUTURES_SOCKET_URL must be a ws:// or wss:// URL");
		}
		return uri;
	}

	/** One minute aggregate of the subscribed contract. */
	public record MinuteAggregate(String symbol, BigDecimal close, long volume, Instant start) {
	}

	/** An open, subscribed socket: {@link #next} takes its aggregates in arrival order. */
	public static final class Session extends TextMessageListener implements AutoCloseable {

		private final Secret key;

		private final String contract;

		private final CompletableFuture<Void> subscribed = new CompletableFuture<>();

		private final BlockingQueue<MinuteAggregate> aggregates = new LinkedBlockingQueue<>();

		private volatile @Nullable String ended;

		Session(Secret key, String contract) {
			super(NAME);
			this.key = key;
			this.contract = contract;
		}

		/**
		 * The next aggregate, waiting up to {@code wait}; null when none came in that time.
		 *
		 * @throws ProviderCallException when the socket has closed or failed
		 */
		public @Nullable MinuteAggregate next(Duration wait) throws InterruptedException {
			MinuteAggregate next = this.aggregates.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
			String why = this.ended;
			if (next == null && why != null) {
				throw ProviderCallException.transientFailure(DiagnosticCode.PROVIDER_UNREACHABLE, why, null);
			}
			return next;
		}

		@Override
		public void close() {
			this.ended = "closed by the run";
			sendClose("run ended");
		}

		@Override
		protected void message(WebSocket webSocket, String text) {
			for (JsonNode message : JSON.readTree(text)) {
				message(webSocket, message);
			}
		}

		private void message(WebSocket webSocket, JsonNode message) {
			String event = message.path("ev").asString("");
			if (event.equals("status")) {
				String status = message.path("status").asString("");
				switch (status) {
					case "connected" -> webSocket.sendText("{\"action\":\"auth\",\"params\":\"" + this.key.reveal() + "\"}", true);
					case "auth_success" -> webSocket.sendText("{\"action\":\"subscribe\",\"params\":\"AM." + this.contract + "\"}",
							true);
					case "auth_failed" -> this.subscribed.completeExceptionally(ProviderCallException.finalFailure(
							DiagnosticCode.AUTH_FAILED, NAME + " refused the API key (auth_failed)"));
					case "success" -> this.subscribed.complete(null);
					default -> {
						if (!this.subscribed.isDone() && status.equals("error")) {
							this.subscribed.completeExceptionally(ProviderCallException.finalFailure(
									DiagnosticCode.ENTITLEMENT_MISSING, NAME + " refused the subscription to AM." + this.contract));
						}
					}
				}
			}
			else if (event.equals("AM") && message.path("c").isNumber()) {
				this.aggregates.add(new MinuteAggregate(message.path("sym").asString(this.contract),
						message.path("c").decimalValue(), message.path("v").asLong(0),
						Instant.ofEpochMilli(message.path("s").asLong(0))));
			}
		}

		@Override
		protected void ended(String why) {
			if (this.ended == null) {
				this.ended = why;
			}
			this.subscribed.completeExceptionally(ProviderCallException.transientFailure(
					DiagnosticCode.PROVIDER_UNREACHABLE, why, null));
		}

	}

}
