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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A bare RFC 6455 server for the providers' WebSocket stubs: the HTTP upgrade, masked client text
 * frames in, unmasked text frames out, and a connection the stub can drop without a close frame, as a
 * lost network would. What is said over it is the stub's {@link Handler}.
 */
final class LocalWebSocketServer implements AutoCloseable {

	private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

	private final ServerSocket server;

	private final Handler handler;

	private final List<Connection> connections = new CopyOnWriteArrayList<>();

	LocalWebSocketServer(String name, Handler handler) {
		this.handler = handler;
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread.ofPlatform().daemon().name(name).start(this::acceptLoop);
	}

	String url(String path) {
		return "ws://127.0.0.1:" + this.server.getLocalPort() + path;
	}

	List<Connection> connections() {
		return List.copyOf(this.connections);
	}

	/** Closes every connection from the server side without a close frame. */
	void dropAll() {
		for (Connection connection : this.connections) {
			connection.close();
		}
		this.connections.clear();
	}

	@Override
	public void close() throws IOException {
		dropAll();
		this.server.close();
	}

	private void acceptLoop() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				Thread.ofPlatform().daemon().name("websocket-stub-client").start(() -> serve(socket));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket) {
		Connection connection = new Connection(socket);
		try (socket) {
			InputStream in = new BufferedInputStream(socket.getInputStream());
			if (!handshake(in, socket.getOutputStream())) {
				return;
			}
			this.connections.add(connection);
			this.handler.onOpen(connection);
			DataInputStream data = new DataInputStream(in);
			for (String frame = readFrame(data); frame != null; frame = readFrame(data)) {
				this.handler.onText(connection, frame);
			}
		}
		catch (IOException ex) {
			// the client, or dropAll(), closed it
		}
		finally {
			this.connections.remove(connection);
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

	/** One client message (masked, as RFC 6455 requires of clients); null when the client closes. */
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

	/** What a stub says on a connection. */
	interface Handler {

		void onOpen(Connection connection);

		void onText(Connection connection, String text);

	}

	/** One client; {@link #flags} hold what the stub's protocol remembers of it (authorized, subscribed…). */
	static final class Connection {

		private final Socket socket;

		final Map<String, Boolean> flags = new ConcurrentHashMap<>();

		Connection(Socket socket) {
			this.socket = socket;
		}

		boolean is(String flag) {
			return this.flags.getOrDefault(flag, false);
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
