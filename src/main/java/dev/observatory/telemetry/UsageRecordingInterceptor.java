package dev.observatory.telemetry;

import java.io.IOException;
import java.util.Map;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Records every HTTP call of a provider client as one usage event: the endpoint's stable name comes
 * from the request attribute {@link OutboundClients#ENDPOINT}, allow-listed metadata from
 * {@link OutboundClients#METADATA}. The URL, its query, headers and bodies are never recorded.
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
		try {
			ClientHttpResponse response = execution.execute(request, body);
			int status = response.getStatusCode().value();
			this.recorder.record(this.provider, endpoint, UsageStatus.fromHttpStatus(status), status,
					System.nanoTime() - started, metadata);
			return response;
		}
		catch (IOException | RuntimeException ex) {
			this.recorder.record(this.provider, endpoint, UsageStatus.fromFailure(ex), null, System.nanoTime() - started,
					metadata);
			throw ex;
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, ?> castKeys(Map<?, ?> map) {
		return (Map<String, ?>) map;
	}

}
