package dev.observatory.integrations.tradovate;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.observatory.common.secrets.EnvVar;
import dev.observatory.integrations.DiagnosticCode;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.client.ProviderClients;
import dev.observatory.integrations.client.TextMessageListener;
import dev.observatory.telemetry.OutboundClients;
import dev.observatory.telemetry.ProviderKey;
import dev.observatory.telemetry.UsageRecorder;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Tradovate's user-data WebSocket (PROVIDERS.md §3, "WebSocket protocol"), where the broker reports
 * fills and order changes. Documented: the {@code o} open frame, {@code authorize\n0\n\n<token>}
 * answered {@code a[{"s":200,"i":0}]}, requests as {@code <endpoint>\n<id>\n<query>\n<body>},
 * {@code user/syncrequest}, pushed {@code a[{"e":"props","d":…}]} events, {@code h} heartbeats, the
 * client's {@code []} every 2.5 s and {@code c} on close. UNCONFIRMED, and marked so in
 * docs/integrations.md: the sync request's body ({@code {"users":[userId]}}), the props event's
 * {@code entityType}/{@code eventType}/{@code entity} fields, a fill's {@code id}, {@code orderId},
 * {@code qty}, {@code price} and {@code timestamp}, and an order's {@code ordStatus} values.
 * <p>
 * Opening a session (connect, authorize, sync) is one usage event, {@code tradovate.user_sync}, with
 * the calling bot. The session is alive while the socket is open and the server spoke within
 * {@link #SILENCE}: a venue that cannot see fills must not send orders.
 */
@Component
public class TradovateUserSync {

	static final Duration CLIENT_HEARTBEAT = Duration.ofMillis(2500);

	/** No frame at all (data or heartbeat) for this long: the session is taken as lost. */
	static final Duration SILENCE = Duration.ofSeconds(10);

	static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

	/** How long after the socket opens the authorization waits for the server's {@code o}. */
	static final Duration OPEN_FRAME_GRACE = Duration.ofSeconds(2);


	private static final Logger log = LoggerFactory.getLogger(TradovateUserSync.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String NAME = "Tradovate";

	private final TradovateClient client;

	private final ProviderClients clients;

	private final UsageRecorder usage;

	private final OutboundClients outbound;

	private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
			Thread.ofPlatform().daemon().name("tradovate-heartbeat").factory());

	TradovateUserSync(TradovateClient client, ProviderClients clients, UsageRecorder usage, OutboundClients outbound) {
		this.client = client;
		this.clients = clients;
		this.usage = usage;
		this.outbound = outbound;
	}

	/**
	 * Connects, authorizes with the cached access token and subscribes to the user's entities.
	 *
	 * @param events receives each fill and each order that ended at the broker, on the socket's thread
	 * @throws ProviderCallException when the socket cannot be opened, the token is refused or the sync is not answered
	 */
	public Session open(Consumer<Event> events) {
		URI url = url();
		try {
			return this.usage.call(ProviderKey.TRADOVATE, "tradovate.user_sync", Map.of("host", url.getHost()),
					() -> connect(url, events));
		}
		catch (ProviderCallException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw ProviderCallException.transientFailure(DiagnosticCode.PROVIDER_UNREACHABLE,
					NAME + "'s user-sync socket at " + url.getHost() + " could not be opened: " + ex.getClass().getSimpleName(),
					null);
		}
	}

	private Session connect(URI url, Consumer<Event> events) throws Exception {
		TradovateClient.AccessToken token = this.client.token(this.client.http(), "tradovate.access_token");
		Session session = new Session(token, events);
		WebSocket socket = this.outbound.webSocket()
			.buildAsync(url, session)
			.get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		try {
			session.synced.get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			socket.abort();
			throw (ex.getCause() instanceof ProviderCallException failure) ? failure : ex;
		}
		catch (TimeoutException ex) {
			socket.abort();
			throw ProviderCallException.transientFailure(DiagnosticCode.TIMEOUT,
					NAME + "'s user-sync socket did not answer the authorization and sync within "
							+ OPEN_TIMEOUT.toSeconds() + " s", null);
		}
		session.heartbeat = this.heartbeats.scheduleAtFixedRate(session::beat, CLIENT_HEARTBEAT.toMillis(),
				CLIENT_HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
		return session;
	}

	/** {@code TRADOVATE_WEBSOCKET_URL}, else the REST base with {@code ws(s)} and {@code /websocket}. */
	URI url() {
		String override = this.clients.env().plain(EnvVar.TRADOVATE_WEBSOCKET_URL).orElse(null);
		if (override != null) {
			URI uri = URI.create(override.trim());
			if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
				throw ProviderCallException.finalFailure(DiagnosticCode.INTEGRATION_CONFIG_INVALID,
						"TRADOVATE_WEBSOCKET_URL must be a ws:// or wss:// URL");
			}
			return uri;
		}
		URI rest = this.client.restBase();
		String scheme = "https".equals(rest.getScheme()) ? "wss" : "ws";
		return URI.create(scheme + "://" + rest.getRawAuthority() + rest.getRawPath().replaceAll("/$", "") + "/websocket");
	}

	@PreDestroy
	void stop() {
		this.heartbeats.shutdownNow();
	}

	/** What the broker reported. */
	public sealed interface Event permits Fill, OrderEnded {

		long orderId();

	}

	/** One execution of an order: {@code qty} contracts at {@code price}. */
	public record Fill(long fillId, long orderId, long qty, BigDecimal price, Instant at) implements Event {
	}

	/** An order the broker ended without (further) fills: {@code Rejected}, {@code Canceled} or {@code Expired}. */
	public record OrderEnded(long orderId, String ordStatus, @Nullable String reason) implements Event {
	}

	/** One open socket; {@link #close()} it when the run ends. */
	public final class Session extends TextMessageListener implements AutoCloseable {

		private final TradovateClient.AccessToken token;

		private final Consumer<Event> events;

		private final CompletableFuture<Void> synced = new CompletableFuture<>();

		private volatile @Nullable ScheduledFuture<?> heartbeat;

		private volatile boolean closed;

		private final java.util.concurrent.atomic.AtomicBoolean authorizing = new java.util.concurrent.atomic.AtomicBoolean();

		private volatile Instant lastFrame;

		Session(TradovateClient.AccessToken token, Consumer<Event> events) {
			super(NAME + "'s user-sync socket");
			this.token = token;
			this.events = events;
			this.lastFrame = TradovateUserSync.this.clients.clock().instant();
		}

		/** Open, and the server spoke (a heartbeat at least) within {@link #SILENCE}. */
		public boolean alive() {
			return !this.closed && this.synced.isDone() && !this.synced.isCompletedExceptionally()
					&& this.lastFrame.isAfter(TradovateUserSync.this.clients.clock().instant().minus(SILENCE));
		}

		@Override
		public void close() {
			this.closed = true;
			ScheduledFuture<?> beat = this.heartbeat;
			if (beat != null) {
				beat.cancel(false);
			}
			sendClose("run ended");
		}

		/**
		 * The server opens with {@code o}; should that frame not come within {@link #OPEN_FRAME_GRACE},
		 * the authorization is sent anyway rather than waiting out the whole open timeout.
		 */
		@Override
		protected void opened(WebSocket webSocket) {
			TradovateUserSync.this.heartbeats.schedule(() -> {
				if (authorize(webSocket)) {
					log.warn("{} sent no 'o' within {} ms of opening; authorizing without it", NAME + "'s user-sync socket",
							OPEN_FRAME_GRACE.toMillis());
				}
			}, OPEN_FRAME_GRACE.toMillis(), TimeUnit.MILLISECONDS);
		}

		/** Sends the authorization once; true when this call sent it. */
		private boolean authorize(WebSocket webSocket) {
			if (!this.closed && this.authorizing.compareAndSet(false, true)) {
				webSocket.sendText("authorize\n0\n\n" + this.token.value().reveal(), true);
				return true;
			}
			return false;
		}

		@Override
		protected void message(WebSocket webSocket, String frame) {
			// Any frame, a heartbeat included, shows the server is there.
			this.lastFrame = TradovateUserSync.this.clients.clock().instant();
			frame(webSocket, frame);
		}

		@Override
		protected void ended(String why) {
			lost(why);
		}

		private void lost(String why) {
			this.closed = true;
			ScheduledFuture<?> beat = this.heartbeat;
			if (beat != null) {
				beat.cancel(false);
			}
			this.synced.completeExceptionally(
					ProviderCallException.transientFailure(DiagnosticCode.PROVIDER_UNREACHABLE, why, null));
		}

		void beat() {
			WebSocket open = socket();
			if (open != null && !this.closed) {
				open.sendText("[]", true).exceptionally((ex) -> {
					lost(NAME + "'s user-sync heartbeat could not be sent");
					return null;
				});
			}
		}

		private void frame(WebSocket webSocket, String frame) {
			if (frame.equals("o")) {
				authorize(webSocket);
				return;
			}
			if (frame.startsWith("c")) {
				lost(NAME + " closed the user-sync session");
				return;
			}
			if (!frame.startsWith("a")) {
				return; // "h": the server's heartbeat; lastFrame is all it updates
			}
			for (JsonNode message : JSON.readTree(frame.substring(1))) {
				if (message.has("i")) {
					answer(webSocket, message);
				}
				else if ("props".equals(message.path("e").asString(""))) {
					props(message.path("d"));
				}
			}
		}

		private void answer(WebSocket webSocket, JsonNode message) {
			int status = message.path("s").asInt(0);
			long id = message.path("i").asLong(-1);
			if (id == 0) {
				if (status != 200) {
					this.synced.completeExceptionally(ProviderCallException.finalFailure(DiagnosticCode.AUTH_FAILED,
							NAME + "'s user-sync socket refused the access token (s=" + status + ")"));
					return;
				}
				webSocket.sendText("user/syncrequest\n1\n\n{\"users\":[" + this.token.userId() + "]}", true);
			}
			else if (id == 1) {
				if (status == 200) {
					this.synced.complete(null);
				}
				else {
					this.synced.completeExceptionally(ProviderCallException.finalFailure(DiagnosticCode.UNEXPECTED_RESPONSE,
							NAME + "'s user-sync socket refused the sync request (s=" + status + ")"));
				}
			}
		}

		private void props(JsonNode data) {
			String type = data.path("entityType").asString("");
			JsonNode entity = data.path("entity");
			if (type.equals("fill") && "Created".equals(data.path("eventType").asString(""))) {
				this.events.accept(new Fill(entity.path("id").asLong(), entity.path("orderId").asLong(),
						entity.path("qty").asLong(), entity.path("price").decimalValue(), time(entity.path("timestamp"))));
			}
			else if (type.equals("order")) {
				String status = entity.path("ordStatus").asString("");
				if (status.equals("Rejected") || status.equals("Canceled") || status.equals("Expired")) {
					this.events.accept(new OrderEnded(entity.path("id").asLong(), status,
							entity.path("rejectReason").asString(null)));
				}
			}
		}

		private Instant time(JsonNode value) {
			try {
				return OffsetDateTime.parse(value.asString("")).toInstant();
			}
			catch (DateTimeParseException ex) {
				return TradovateUserSync.this.clients.clock().instant();
			}
		}

	}

}
