package dev.observatory.telemetry;

import java.net.http.HttpClient;
import java.time.Duration;

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

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient httpClient = HttpClient.newBuilder()
		.connectTimeout(CONNECT_TIMEOUT)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final UsageRecorder recorder;

	OutboundClients(UsageRecorder recorder) {
		this.recorder = recorder;
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

	private JdkClientHttpRequestFactory requestFactory() {
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(this.httpClient);
		factory.setReadTimeout(READ_TIMEOUT);
		return factory;
	}

}
