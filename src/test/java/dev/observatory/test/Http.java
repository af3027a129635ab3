package dev.observatory.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for black-box tests: no redirects followed, no exceptions on error statuses,
 * and every exchange kept, so a test can search all responses (the secret canary does).
 */
public final class Http {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String baseUrl;

	private final HttpClient client = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final List<Response> exchanges = new ArrayList<>();

	public Http(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public Response get(String path, String... headers) {
		return send("GET", path, HttpRequest.BodyPublishers.noBody(), headers);
	}

	public Response post(String path, String body, String... headers) {
		return send("POST", path, HttpRequest.BodyPublishers.ofString(body), headers);
	}

	public Response send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
		return send(method, path, body, (builder) -> {
			for (int i = 0; i < headers.length; i += 2) {
				builder.header(headers[i], headers[i + 1]);
			}
		});
	}

	public Response send(String method, String path, HttpRequest.BodyPublisher body,
			Consumer<HttpRequest.Builder> customizer) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, body);
		customizer.accept(builder);
		try {
			HttpResponse<String> response = this.client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			Map<String, List<String>> responseHeaders = new LinkedHashMap<>(response.headers().map());
			Response result = new Response(response.statusCode(), responseHeaders, response.body());
			synchronized (this.exchanges) {
				this.exchanges.add(result);
			}
			return result;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Every response this client received: status, headers and body. */
	public List<Response> exchanges() {
		synchronized (this.exchanges) {
			return List.copyOf(this.exchanges);
		}
	}

	public record Response(int status, Map<String, List<String>> headers, String body) {

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		/** Status line, headers and body as one text, for searching. */
		public String asText() {
			return this.status + "\n" + this.headers + "\n" + this.body;
		}

	}

}
