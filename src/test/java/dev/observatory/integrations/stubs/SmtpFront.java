package dev.observatory.integrations.stubs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import com.icegreen.greenmail.util.DummySSLServerSocketFactory;

/**
 * The SMTP address the application is given: it forwards to the in-process GreenMail server, or to
 * a busy server that completes the TLS handshake, greets with {@code 421} (service not available,
 * RFC 5321) and hangs up.
 */
public final class SmtpFront implements AutoCloseable {

	public enum Mode {

		FORWARD, GREET_421

	}

	private final ServerSocket listener;

	private final int targetPort;

	private final ServerSocket busy;

	private volatile Mode mode = Mode.FORWARD;

	public SmtpFront(int targetPort) throws IOException {
		this.targetPort = targetPort;
		this.listener = new ServerSocket();
		this.listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		this.busy = new DummySSLServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().start(this::accept);
		Thread.ofVirtual().start(this::greetBusy);
	}

	public int port() {
		return this.listener.getLocalPort();
	}

	public void mode(Mode mode) {
		this.mode = mode;
	}

	@Override
	public void close() throws IOException {
		this.listener.close();
		this.busy.close();
	}

	private void greetBusy() {
		while (!this.busy.isClosed()) {
			try (Socket client = this.busy.accept()) {
				OutputStream out = client.getOutputStream();
				out.write("421 4.3.2 Service not available, closing transmission channel\r\n"
					.getBytes(StandardCharsets.US_ASCII));
				out.flush();
			}
			catch (IOException ex) {
				// closed, or the client gave up on the handshake
			}
		}
	}

	private void accept() {
		while (!this.listener.isClosed()) {
			try {
				Socket client = this.listener.accept();
				int target = (this.mode == Mode.GREET_421) ? this.busy.getLocalPort() : this.targetPort;
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
				Thread.ofVirtual().start(() -> pipe(client, upstream));
				Thread.ofVirtual().start(() -> pipe(upstream, client));
			}
			catch (IOException ex) {
				// listener closed, or one connection failed: the next accept decides
			}
		}
	}

	private static void pipe(Socket from, Socket to) {
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			in.transferTo(out);
		}
		catch (IOException ex) {
			// the other side closed
		}
		finally {
			try {
				from.close();
				to.close();
			}
			catch (IOException ignored) {
				// already closed
			}
		}
	}

}
