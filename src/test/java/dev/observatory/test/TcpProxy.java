package dev.observatory.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a real server, for cutting the network for real: {@link #cut()} closes the
 * listening socket and every open connection (clients see resets and refused connections);
 * {@link #restore()} listens again on the same port.
 */
public final class TcpProxy implements AutoCloseable {

	private final int port;

	private final InetSocketAddress target;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket listener;

	public TcpProxy(String targetHost, int targetPort) throws IOException {
		this.target = new InetSocketAddress(targetHost, targetPort);
		this.port = ObservatoryProcess.freePort();
		restore();
	}

	public int port() {
		return this.port;
	}

	public synchronized void restore() throws IOException {
		ServerSocket server = new ServerSocket();
		server.setReuseAddress(true);
		server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
		this.listener = server;
		Thread.ofVirtual().start(() -> accept(server));
	}

	public synchronized void cut() throws IOException {
		this.listener.close();
		for (Socket socket : this.open) {
			closeQuietly(socket);
		}
		this.open.clear();
	}

	@Override
	public void close() throws IOException {
		cut();
	}

	private void accept(ServerSocket server) {
		while (!server.isClosed()) {
			try {
				Socket client = server.accept();
				Socket upstream = new Socket();
				upstream.connect(this.target, 5_000);
				this.open.add(client);
				this.open.add(upstream);
				Thread.ofVirtual().start(() -> pipe(client, upstream));
				Thread.ofVirtual().start(() -> pipe(upstream, client));
			}
			catch (IOException ex) {
				// Closed by cut(), or the target refused: the client sees its connection fail.
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// One side closed; the finally closes the other.
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			this.open.remove(from);
			this.open.remove(to);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ignored) {
			// already closed
		}
	}

}
