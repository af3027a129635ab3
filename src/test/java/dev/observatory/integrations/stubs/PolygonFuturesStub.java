package dev.observatory.integrations.stubs;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for Polygon's (Massive's) beta futures stream (PROVIDERS.md §2): it greets with
 * {@code status: connected}, answers {@code {"action":"auth"}} with {@code auth_success} for the stub
 * key ({@code auth_failed} otherwise) and {@code {"action":"subscribe"}} with {@code success}, and
 * pushes the minute aggregates a test asks for to the subscribed sessions (their fields are
 * UNCONFIRMED, as in the client). A stub: nothing here proves anything about the real stream.
 */
public final class PolygonFuturesStub implements AutoCloseable, LocalWebSocketServer.Handler {

	private static final String SUBSCRIBED = "subscribed";

	private final LocalWebSocketServer server = new LocalWebSocketServer("polygon-futures-stub", this);

	private final String key;

	private final List<String> subscriptions = new CopyOnWriteArrayList<>();

	public PolygonFuturesStub(String key) {
		this.key = key;
	}

	public String url() {
		return this.server.url("/futures");
	}

	/** What the clients subscribed to ({@code AM.MESZ6}). */
	public List<String> subscriptions() {
		return List.copyOf(this.subscriptions);
	}

	/** Pushes one minute aggregate to every subscribed session. */
	public void minute(String symbol, String close, long volume, long startMillis) {
		String frame = """
				[{"ev":"AM","sym":"%s","v":%d,"o":%s,"c":%s,"h":%s,"l":%s,"s":%d,"e":%d}]""".formatted(symbol, volume, close,
				close, close, close, startMillis, startMillis + 60_000);
		this.server.connections().stream().filter((client) -> client.is(SUBSCRIBED)).forEach((client) -> client.send(frame));
	}

	public void reset() {
		this.server.dropAll();
		this.subscriptions.clear();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

	@Override
	public void onOpen(LocalWebSocketServer.Connection client) {
		client.send("[{\"ev\":\"status\",\"status\":\"connected\",\"message\":\"Connected Successfully\"}]");
	}

	@Override
	public void onText(LocalWebSocketServer.Connection client, String text) {
		if (text.equals("{\"action\":\"auth\",\"params\":\"" + this.key + "\"}")) {
			client.flags.put("authenticated", true);
			client.send("[{\"ev\":\"status\",\"status\":\"auth_success\",\"message\":\"authenticated\"}]");
		}
		else if (text.startsWith("{\"action\":\"auth\"")) {
			client.send("[{\"ev\":\"status\",\"status\":\"auth_failed\",\"message\":\"authentication failed\"}]");
		}
		else if (text.startsWith("{\"action\":\"subscribe\"") && client.is("authenticated")) {
			String params = text.replaceAll(".*\"params\":\"([^\"]*)\".*", "$1");
			this.subscriptions.add(params);
			client.flags.put(SUBSCRIBED, true);
			client.send("[{\"ev\":\"status\",\"status\":\"success\",\"message\":\"subscribed to: " + params + "\"}]");
		}
	}

}
