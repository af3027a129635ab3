package dev.observatory.integrations.databento;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.observatory.common.secrets.EnvVar;
import dev.observatory.common.secrets.Secret;
import dev.observatory.integrations.DiagnosticCode;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.client.ProviderClients;
import dev.observatory.telemetry.OutboundClients;
import dev.observatory.telemetry.ProviderKey;
import dev.observatory.telemetry.UsageRecorder;

import org.springframework.stereotype.Component;

/**
 * Databento's live gateway (PROVIDERS.md §1, "Live (raw TCP)"): a TCP connection to
 * {@code <dataset>.lsg.databento.com:13000} (or {@code DATABENTO_LIVE_GATEWAY}), CRAM authentication
 * — the key never crosses the wire, only {@code sha256(challenge|key)} and its last five characters —
 * one subscription, then a DBN stream (uncompressed) until the connection closes. Opening a session
 * is one usage event ({@code databento.live.session}) with the calling bot.
 */
@Component
public class DatabentoLiveClient {

	static final int PORT = 13000;

	private static final String CLIENT = "observatory";

	private final ProviderClients clients;

	private final OutboundClients outbound;

	private final UsageRecorder usage;

	DatabentoLiveClient(ProviderClients clients, OutboundClients outbound, UsageRecorder usage) {
		this.clients = clients;
		this.outbound = outbound;
		this.usage = usage;
	}

	/**
	 * Authenticates, subscribes and starts the session; the returned stream is the DBN stream.
	 *
	 * @param stypeIn how {@code symbol} is to be read: {@code continuous} ({@code ES.c.0}), {@code raw_symbol} ({@code SPY})
	 * @param heartbeat how often the gateway sends a heartbeat when no data flows; reads time out after twice that
	 * @throws ProviderCallException when the gateway cannot be reached (transient) or refuses the key (final)
	 */
	public LiveSession open(String dataset, String schema, String stypeIn, String symbol, Duration heartbeat) {
		Secret key = this.clients.secret(EnvVar.DATABENTO_API_KEY);
		String[] gateway = gateway(dataset);
		Map<String, Object> metadata = Map.of("dataset", dataset, "schema", schema, "symbol_count", 1);
		try {
			return this.usage.call(ProviderKey.DATABENTO, "databento.live.session", metadata, () -> {
				Socket socket = this.outbound.socket(gateway[0], Integer.parseInt(gateway[1]), heartbeat.multipliedBy(2));
				try {
					return handshake(socket, key, dataset, schema, stypeIn, symbol, heartbeat);
				}
				catch (IOException | RuntimeException ex) {
					socket.close();
					throw ex;
				}
			});
		}
		catch (ProviderCallException ex) {
			throw ex;
		}
		catch (IOException ex) {
			throw ProviderCallException.transientFailure(DiagnosticCode.PROVIDER_UNREACHABLE, "Databento's live gateway "
					+ gateway[0] + ":" + gateway[1] + " could not be reached: " + ex.getClass().getSimpleName(), null);
		}
		catch (Exception ex) {
			throw ProviderCallException.finalFailure(DiagnosticCode.UNEXPECTED_RESPONSE,
					"Databento's live session failed: " + ex.getClass().getSimpleName());
		}
	}

	private LiveSession handshake(Socket socket, Secret key, String dataset, String schema, String stypeIn,
			String symbol, Duration heartbeat) throws IOException {
		InputStream in = new BufferedInputStream(socket.getInputStream());
		OutputStream out = socket.getOutputStream();
		Map<String, String> greeting = fields(readLine(in));
		if (!greeting.containsKey("lsg_version")) {
			throw unexpected("a greeting without lsg_version");
		}
		String challenge = fields(readLine(in)).get("cram");
		if (challenge == null) {
			throw unexpected("no CRAM challenge");
		}
		String secret = key.reveal();
		String auth = sha256Hex(challenge + "|" + secret) + "-" + secret.substring(Math.max(0, secret.length() - 5));
		write(out, "auth=" + auth + "|dataset=" + dataset + "|encoding=dbn|ts_out=0|compression=none|client=" + CLIENT
				+ "|heartbeat_interval_s=" + Math.max(5, heartbeat.toSeconds()));
		Map<String, String> answer = fields(readLine(in));
		if (!"1".equals(answer.get("success"))) {
			// The gateway's words about a bad key or a missing licence; never the key, which it never saw.
			throw ProviderCallException.finalFailure(DiagnosticCode.AUTH_FAILED, "Databento's live gateway refused the"
					+ " session for " + dataset + ": " + answer.getOrDefault("error", "no reason given"));
		}
		write(out, "schema=" + schema + "|stype_in=" + stypeIn + "|symbols=" + symbol);
		write(out, "start_session=0");
		return new LiveSession(socket, in);
	}

	/** {@code DATABENTO_LIVE_GATEWAY} ({@code host:port}), else the dataset's gateway on port 13000. */
	private String[] gateway(String dataset) {
		String override = this.clients.env().plain(EnvVar.DATABENTO_LIVE_GATEWAY).orElse(null);
		if (override != null) {
			int colon = override.lastIndexOf(':');
			if (colon <= 0 || !override.substring(colon + 1).matches("\\d{1,5}")) {
				throw ProviderCallException.finalFailure(DiagnosticCode.INTEGRATION_CONFIG_INVALID,
						"DATABENTO_LIVE_GATEWAY must be host:port");
			}
			return new String[] { override.substring(0, colon), override.substring(colon + 1) };
		}
		return new String[] { dataset.toLowerCase(Locale.ROOT).replace('.', '-') + ".lsg.databento.com",
				String.valueOf(PORT) };
	}

	/** One control line, read byte by byte so nothing of the binary stream after it is consumed. */
	static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new IOException("the gateway closed the connection during the handshake");
			}
			if (line.size() > 4096) {
				throw unexpected("a control line over 4 KiB");
			}
			line.write(b);
		}
		return line.toString(StandardCharsets.UTF_8).strip();
	}

	/** {@code key=value|key=value} */
	static Map<String, String> fields(String line) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String pair : line.split("\\|")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				fields.put(pair.substring(0, eq), pair.substring(eq + 1));
			}
		}
		return fields;
	}

	static String sha256Hex(String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	private static void write(OutputStream out, String line) throws IOException {
		out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private static ProviderCallException unexpected(String what) {
		return ProviderCallException.finalFailure(DiagnosticCode.UNEXPECTED_RESPONSE,
				"Databento's live gateway sent " + what);
	}

	/** A started session: {@link #stream()} is the DBN stream (metadata, then records). */
	public static final class LiveSession implements AutoCloseable {

		private final Socket socket;

		private final InputStream stream;

		LiveSession(Socket socket, InputStream stream) {
			this.socket = socket;
			this.stream = stream;
		}

		public InputStream stream() {
			return this.stream;
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
