package dev.observatory.integrations.stubs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Databento's live gateway (PROVIDERS.md §1): it sends {@code lsg_version} and
 * a CRAM challenge, checks {@code auth=sha256(challenge|key)-<last 5>} against the stub key, reads
 * the subscription and {@code start_session}, then streams the real DBN fixture
 * {@code test_data.trades.dbn}: its metadata once, its trade records again and again. It can be
 * made silent (the connection stays open, nothing flows). A stub: nothing here proves anything
 * about the real gateway.
 */
public final class DatabentoLiveStub implements AutoCloseable {

	private final ServerSocket server;

	private final byte[] metadata;

	private final byte[] records;

	private final String key;

	private final List<String> controlLines = new CopyOnWriteArrayList<>();

	private final AtomicInteger sessions = new AtomicInteger();

	private volatile boolean silent;

	private volatile boolean closed;

	public DatabentoLiveStub(String key) {
		this.key = key;
		byte[] fixture = fixture();
		int metadataLength = 8 + ByteBuffer.wrap(fixture, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
		this.metadata = java.util.Arrays.copyOfRange(fixture, 0, metadataLength);
		this.records = java.util.Arrays.copyOfRange(fixture, metadataLength, fixture.length);
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread.ofPlatform().daemon().name("databento-live-stub").start(this::acceptLoop);
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/** Stops (true) or resumes (false) the flow of trades on every session. */
	public void silent(boolean silent) {
		this.silent = silent;
	}

	/** The control lines clients sent (auth lines as sent: they carry a hash, never the key). */
	public List<String> controlLines() {
		return List.copyOf(this.controlLines);
	}

	/** Sessions that passed authentication. */
	public int sessions() {
		return this.sessions.get();
	}

	private void acceptLoop() {
		while (!this.closed) {
			try {
				Socket socket = this.server.accept();
				Thread.ofVirtual().start(() -> serve(socket));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			String challenge = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
			write(out, "lsg_version=0.6.0\ncram=" + challenge + "\n");
			String auth = reader.readLine();
			this.controlLines.add(auth);
			String expected = sha256(challenge + "|" + this.key) + "-" + this.key.substring(this.key.length() - 5);
			if (auth == null || !auth.startsWith("auth=" + expected + "|")) {
				write(out, "success=0|error=Authentication failed.\n");
				return;
			}
			write(out, "success=1|session_id=" + this.sessions.incrementAndGet() + "\n");
			this.controlLines.add(reader.readLine());
			String start = reader.readLine();
			this.controlLines.add(start);
			if (!"start_session=0".equals(start)) {
				return;
			}
			out.write(this.metadata);
			while (!this.closed) {
				if (!this.silent) {
					out.write(this.records);
					out.flush();
				}
				Thread.sleep(100);
			}
		}
		catch (IOException | InterruptedException ex) {
			// The client went away, or the stub is closing.
		}
	}

	private static void write(OutputStream out, String text) throws IOException {
		out.write(text.getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] fixture() {
		try (InputStream in = DatabentoLiveStub.class.getResourceAsStream("/dbn/test_data.trades.dbn")) {
			return java.util.Objects.requireNonNull(in, "the DBN fixture").readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.closed = true;
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// Closing a stub.
		}
	}

}
