package dev.observatory.integrations.stubs;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Tradovate's user-data WebSocket (PROVIDERS.md §3): a bare RFC 6455 server
 * that sends {@code o}, answers {@code authorize} ({@code s=200} for the stub token, 401 otherwise)
 * and {@code user/syncrequest}, sends {@code h} every second, counts the client's {@code []}
 * heartbeats, and pushes the fill and order events a test asks for as {@code props} frames. It can
 * drop every session. A stub: nothing here proves anything about the real socket.
 */
public final class TradovateSocketStub implements AutoCloseable {

	private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

	private final ServerSocket server;

	private final String token;

	private final List<Client> clients = new CopyOnWriteArrayList<>();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger heartbeats = new AtomicInteger();

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
			Thread.ofPlatform().daemon().name("tradovate-socket-stub-h").factory());

	private volatile boolean refuseSync;

	public TradovateSocketStub(String token) {
		this.token = token;
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread.ofPlatform().daemon().name("tradovate-socket-stub").start(this::acceptLoop);
		this.ticker.scheduleAtFixedRate(() -> broadcast("h"), 1, 1, TimeUnit.SECONDS);
	}

	public String url() {
		return "ws://127.0.0.1:" + this.server.getLocalPort() + "/v1/websocket";
	}

	/** Every request frame clients sent ({@code authorize} frames with the token replaced). */
	public List<String> requests() {
		return List.copyOf(this.requests);
	}

	/** Sessions that are authorized and synced now. */
	public int syncedSessions() {
		return (int) this.clients.stream().filter((client) -> client.synced).count();
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
		for (Client client : this.clients) {
			client.close();
		}
		this.clients.clear();
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
		dropAll();
		this.server.close();
	}

	private void push(String frame) {
		for (Client client : this.clients) {
			if (client.synced) {
				client.send(frame);
			}
		}
	}

	private void broadcast(String frame) {
		for (Client client : this.clients) {
			client.send(frame);
		}
	}

	private void acceptLoop() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				Thread.ofPlatform().daemon().name("tradovate-socket-stub-client").start(() -> serve(socket));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket) {
		Client client = new Client(socket);
		try (socket) {
			InputStream in = new BufferedInputStream(socket.getInputStream());
			if (!handshake(in, socket.getOutputStream())) {
				return;
			}
			this.clients.add(client);
			client.send("o");
			DataInputStream data = new DataInputStream(in);
			for (String frame = readFrame(data); frame != null; frame = readFrame(data)) {
				answer(client, frame);
			}
		}
		catch (IOException ex) {
			// the client or dropAll() closed it
		}
		finally {
			this.clients.remove(client);
		}
	}

	private void answer(Client client, String frame) {
		if (frame.equals("[]")) {
			this.heartbeats.incrementAndGet();
			return;
		}
		String[] parts = frame.split("\n", 4);
		String endpoint = parts[0];
		String id = (parts.length > 1) ? parts[1] : "";
		String body = (parts.length > 3) ? parts[3] : "";
		if (endpoint.equals("authorize")) {
			this.requests.add("authorize\n" + id + "\n\n" + (body.equals(this.token) ? "<stub token>" : "<other token>"));
			client.send("a[{\"s\":" + (body.equals(this.token) ? 200 : 401) + ",\"i\":" + id + "}]");
			client.authorized = body.equals(this.token);
			return;
		}
		this.requests.add(frame);
		if (endpoint.equals("user/syncrequest") && client.authorized) {
			if (this.refuseSync) {
				client.send("a[{\"s\":500,\"i\":" + id + ",\"d\":\"sync refused by the stub\"}]");
				return;
			}
			client.send("a[{\"s\":200,\"i\":" + id + ",\"d\":{\"users\":[],\"accounts\":[],\"positions\":[],\"orders\":[],"
					+ "\"fills\":[]}}]");
			client.synced = true;
		}
		else {
			client.send("a[{\"s\":404,\"i\":" + id + "}]");
		}
	}

	private static boolean handshake(InputStream in, OutputStream out) throws IOException {
		String key = null;
		for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
			if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
				key = line.substring(line.indexOf(':') + 1).trim();
			}
		}
		if (key == null) {
			out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			return false;
		}
		String accept;
		try {
			accept = Base64.getEncoder()
				.encodeToString(MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
				+ "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return true;
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new IOException("closed during the handshake");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	/** One client frame (masked, as RFC 6455 requires of clients); text is returned, a close ends the session. */
	private static String readFrame(DataInputStream in) throws IOException {
		ByteArrayOutputStream message = new ByteArrayOutputStream();
		while (true) {
			int first = in.readUnsignedByte();
			int second = in.readUnsignedByte();
			int opcode = first & 0x0F;
			long length = second & 0x7F;
			if (length == 126) {
				length = in.readUnsignedShort();
			}
			else if (length == 127) {
				length = in.readLong();
			}
			byte[] mask = new byte[4];
			if ((second & 0x80) != 0) {
				in.readFully(mask);
			}
			byte[] payload = new byte[(int) length];
			in.readFully(payload);
			for (int i = 0; i < payload.length; i++) {
				payload[i] ^= mask[i % 4];
			}
			if (opcode == 0x8) {
				return null;
			}
			if (opcode == 0x9 || opcode == 0xA) {
				continue; // ping, pong
			}
			message.write(payload);
			if ((first & 0x80) != 0) {
				return message.toString(StandardCharsets.UTF_8);
			}
		}
	}

	private static final class Client {

		private final Socket socket;

		private volatile boolean authorized;

		private volatile boolean synced;

		Client(Socket socket) {
			this.socket = socket;
		}

		/** One unmasked text frame, as servers send them. */
		synchronized void send(String text) {
			byte[] payload = text.getBytes(StandardCharsets.UTF_8);
			ByteArrayOutputStream frame = new ByteArrayOutputStream();
			frame.write(0x81);
			if (payload.length < 126) {
				frame.write(payload.length);
			}
			else {
				frame.write(126);
				frame.write(payload.length >>> 8);
				frame.write(payload.length & 0xFF);
			}
			frame.writeBytes(payload);
			try {
				OutputStream out = this.socket.getOutputStream();
				out.write(frame.toByteArray());
				out.flush();
			}
			catch (IOException ex) {
				close();
			}
		}

		void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// already closed
			}
		}

	}

}
