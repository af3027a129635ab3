package dev.observatory.telemetry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * The factory every outbound HTTP client comes from (an ArchUnit rule holds this). A provider's
 * client records each call as a usage event; name the call with the {@link #ENDPOINT} request
 * attribute ({@code .attribute(OutboundClients.ENDPOINT, "polygon.last_trade")}) and add
 * allow-listed facts with {@link #METADATA}. Every client has bounded connect and read timeouts and
 * follows no redirects, so a silent or misdirecting peer becomes a recorded error, not a stuck thread.
 */
@Component
public class OutboundClients {

	/** Request attribute: the stable endpoint name recorded for the call. */
	public static final String ENDPOINT = "observatory.usage.endpoint";

	/** Request attribute: a {@code Map<String, ?>} of metadata, filtered by {@link SafeMetadata}. */
	public static final String METADATA = "observatory.usage.metadata";

	/**
	 * Request attribute a client sets (through {@link #markOutcome}) when a response's status code
	 * does not tell how the call ended: a failure inside an HTTP 200.
	 */
	static final String OUTCOME = "observatory.usage.outcome";

	private final HttpClient httpClient;

	private final Duration readTimeout;

	private final Duration connectTimeout;

	private final UsageRecorder recorder;

	OutboundClients(UsageRecorder recorder,
			@Value("${observatory.integrations.connect-timeout:3s}") Duration connectTimeout,
			@Value("${observatory.integrations.read-timeout:10s}") Duration readTimeout) {
		this.recorder = recorder;
		this.readTimeout = readTimeout;
		this.connectTimeout = connectTimeout;
		this.httpClient = HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * Records the call as {@code outcome} instead of what its HTTP status says; call it before the
	 * response is closed (inside {@code exchange}).
	 */
	public static void markOutcome(HttpRequest request, UsageStatus outcome) {
		request.getAttributes().put(OUTCOME, outcome);
	}

	/** A {@link RestClient} builder whose calls are recorded as the provider's usage. */
	public RestClient.Builder restClient(ProviderKey provider) {
		return RestClient.builder()
			.requestFactory(requestFactory())
			.requestInterceptor(new UsageRecordingInterceptor(provider, this.recorder));
	}

	/** A {@link RestTemplate} whose calls are recorded as the provider's usage (for libraries that take one). */
	public RestTemplate restTemplate(ProviderKey provider) {
		RestTemplate template = new RestTemplate(requestFactory());
		template.getInterceptors().add(new UsageRecordingInterceptor(provider, this.recorder));
		return template;
	}

	/**
	 * A {@link RestTemplate} for a service that is not a provider (an OIDC issuer's key set): same
	 * timeouts, no usage events, since there is no provider whose use it would prove.
	 */
	public RestTemplate unrecordedRestTemplate() {
		return new RestTemplate(requestFactory());
	}

	/**
	 * A TCP connection for a provider protocol that is not HTTP (Databento's live gateway), with the
	 * same connect and read timeouts. It records nothing by itself: the client records the session
	 * through {@link UsageRecorder#call}, so the usage event names what the connection was for.
	 *
	 * @param readTimeout how long a read may block (a live stream's heartbeat interval and more)
	 */
	public Socket socket(String host, int port, Duration readTimeout) throws IOException {
		Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress(host, port), (int) this.connectTimeout.toMillis());
			socket.setSoTimeout((int) readTimeout.toMillis());
			socket.setTcpNoDelay(true);
			return socket;
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	/**
	 * A WebSocket connection for a provider's streaming protocol (Tradovate's user sync, Polygon's
	 * futures stream), with the same connect timeout. Like {@link #socket}, it records nothing by
	 * itself: the client records each session's opening through {@link UsageRecorder#call}.
	 */
	public java.net.http.WebSocket.Builder webSocket() {
		return this.httpClient.newWebSocketBuilder().connectTimeout(this.connectTimeout);
	}

	private JdkClientHttpRequestFactory requestFactory() {
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(this.httpClient);
		factory.setReadTimeout(this.readTimeout);
		return factory;
	}

}
