package dev.observatory.telemetry;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Records every HTTP call of a provider client as one usage event: the endpoint's stable name comes
 * from the request attribute {@link OutboundClients#ENDPOINT}, allow-listed metadata from
 * {@link OutboundClients#METADATA}. The URL, its query, headers and bodies are never recorded.
 * <p>
 * A call that got a response is recorded when the response is closed, so the latency covers the
 * body and the client may first judge the body: some providers answer a failure with HTTP 200
 * (Tradovate's {@code errorText}, Ironbeam's {@code status: ERROR}), and
 * {@link OutboundClients#markOutcome} lets the client record what the call really was.
 */
final class UsageRecordingInterceptor implements ClientHttpRequestInterceptor {

	private final ProviderKey provider;

	private final UsageRecorder recorder;

	UsageRecordingInterceptor(ProviderKey provider, UsageRecorder recorder) {
		this.provider = provider;
		this.recorder = recorder;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		Object named = request.getAttributes().get(OutboundClients.ENDPOINT);
		String endpoint = (named instanceof String name) ? name : this.provider.key() + ".unnamed";
		Map<String, ?> metadata = (request.getAttributes().get(OutboundClients.METADATA) instanceof Map<?, ?> map)
				? castKeys(map) : Map.of();
		long started = System.nanoTime();
		ClientHttpResponse response;
		try {
			response = execution.execute(request, body);
		}
		catch (IOException | RuntimeException ex) {
			this.recorder.record(this.provider, endpoint, UsageStatus.fromFailure(ex), null, System.nanoTime() - started,
					metadata);
			throw ex;
		}
		int status = response.getStatusCode().value();
		return new RecordedResponse(response, () -> {
			UsageStatus outcome = (request.getAttributes().get(OutboundClients.OUTCOME) instanceof UsageStatus marked)
					? marked : UsageStatus.fromHttpStatus(status);
			this.recorder.record(this.provider, endpoint, outcome, status, System.nanoTime() - started, metadata);
		});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, ?> castKeys(Map<?, ?> map) {
		return (Map<String, ?>) map;
	}

	/** The provider's response, recorded once when it is closed. */
	private static final class RecordedResponse implements ClientHttpResponse {

		private final ClientHttpResponse delegate;

		private final Runnable record;

		private final AtomicBoolean recorded = new AtomicBoolean();

		RecordedResponse(ClientHttpResponse delegate, Runnable record) {
			this.delegate = delegate;
			this.record = record;
		}

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return this.delegate.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return this.delegate.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.delegate.getHeaders();
		}

		@Override
		public InputStream getBody() throws IOException {
			return this.delegate.getBody();
		}

		@Override
		public void close() {
			try {
				this.delegate.close();
			}
			finally {
				if (this.recorded.compareAndSet(false, true)) {
					this.record.run();
				}
			}
		}

	}

}
