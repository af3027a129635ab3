package dev.observatory.integrations.stubs;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Tradovate's user-data WebSocket (PROVIDERS.md §3): it sends {@code o}, answers
 * {@code authorize} ({@code s=200} for the stub token, 401 otherwise) and {@code user/syncrequest},
 * sends {@code h} every second, counts the client's {@code []} heartbeats, and pushes the fill and
 * order events a test asks for as {@code props} frames (their fields are UNCONFIRMED, as in the
 * client). It can drop every session. A stub: nothing here proves anything about the real socket.
 */
public final class TradovateSocketStub implements AutoCloseable, LocalWebSocketServer.Handler {

	private static final String AUTHORIZED = "authorized";

	private static final String SYNCED = "synced";

	private final LocalWebSocketServer server = new LocalWebSocketServer("tradovate-socket-stub", this);

	private final String token;

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger heartbeats = new AtomicInteger();

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
			Thread.ofPlatform().daemon().name("tradovate-socket-stub-h").factory());

	private volatile boolean refuseSync;

	public TradovateSocketStub(String token) {
		this.token = token;
		this.ticker.scheduleAtFixedRate(() -> this.server.connections().forEach((client) -> client.send("h")), 1, 1,
				TimeUnit.SECONDS);
	}

	public String url() {
		return this.server.url("/v1/websocket");
	}

	/** Every request frame clients sent ({@code authorize} frames with the token replaced). */
	public List<String> requests() {
		return List.copyOf(this.requests);
	}

	/** Sessions that are authorized and synced now. */
	public int syncedSessions() {
		return (int) this.server.connections().stream().filter((client) -> client.is(SYNCED)).count();
	}

	public int clientHeartbeats() {
		return this.heartbeats.get();
	}

	/** Answers the next sync requests with s=500 (true) or s=200 (false). */
	public void refuseSync(boolean refuse) {
		this.refuseSync = refuse;
	}

	/** Pushes a fill of {@code orderId} to every synced session, in the documented props envelope. */
	public void fill(long fillId, long orderId, long qty, String price) {
		push("""
				a[{"e":"props","d":{"entityType":"fill","eventType":"Created","entity":{"id":%d,"orderId":%d,\
				"contractId":4242,"timestamp":"2026-11-30T15:00:00.000Z","tradeDate":{"year":2026,"month":11,"day":30},\
				"action":"Buy","qty":%d,"price":%s,"active":true,"finallyPaired":0}}}]""".formatted(fillId, orderId, qty, price));
	}

	/** Pushes an order's new status ({@code Rejected}, {@code Canceled}, {@code Filled}…). */
	public void orderStatus(long orderId, String ordStatus) {
		push("""
				a[{"e":"props","d":{"entityType":"order","eventType":"Updated","entity":{"id":%d,"accountId":101,\
				"contractId":4242,"timestamp":"2026-11-30T15:00:00.000Z","action":"Buy","ordStatus":"%s",\
				"admin":false}}}]""".formatted(orderId, ordStatus));
	}

	/** Closes every session from the server side without a close frame, as a dropped connection would. */
	public void dropAll() {
		this.server.dropAll();
	}

	/** Forgets the recorded requests and heartbeats, drops every session and answers syncs again. */
	public void reset() {
		dropAll();
		this.requests.clear();
		this.heartbeats.set(0);
		this.refuseSync = false;
	}

	@Override
	public void close() throws IOException {
		this.ticker.shutdownNow();
		this.server.close();
	}

	@Override
	public void onOpen(LocalWebSocketServer.Connection client) {
		client.send("o");
	}

	@Override
	public void onText(LocalWebSocketServer.Connection client, String frame) {
		if (frame.equals("[]")) {
			this.heartbeats.incrementAndGet();
			return;
		}
		String[] parts = frame.split("\n", 4);
		String endpoint = parts[0];
		String id = (parts.length > 1) ? parts[1] : "";
		String body = (parts.length > 3) ? parts[3] : "";
		if (endpoint.equals("authorize")) {
			boolean valid = body.equals(this.token);
			this.requests.add("authorize\n" + id + "\n\n" + (valid ? "<stub token>" : "<other token>"));
			client.flags.put(AUTHORIZED, valid);
			client.send("a[{\"s\":" + (valid ? 200 : 401) + ",\"i\":" + id + "}]");
			return;
		}
		this.requests.add(frame);
		if (!endpoint.equals("user/syncrequest") || !client.is(AUTHORIZED)) {
			client.send("a[{\"s\":404,\"i\":" + id + "}]");
		}
		else if (this.refuseSync) {
			client.send("a[{\"s\":500,\"i\":" + id + ",\"d\":\"sync refused by the stub\"}]");
		}
		else {
			client.flags.put(SYNCED, true);
			client.send("a[{\"s\":200,\"i\":" + id + ",\"d\":{\"users\":[],\"accounts\":[],\"positions\":[],\"orders\":[],"
					+ "\"fills\":[]}}]");
		}
	}

	private void push(String frame) {
		this.server.connections().stream().filter((client) -> client.is(SYNCED)).forEach((client) -> client.send(frame));
	}

}
