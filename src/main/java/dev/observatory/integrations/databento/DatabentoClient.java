package dev.observatory.integrations.databento;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.observatory.common.secrets.EnvVar;
import dev.observatory.common.secrets.Secret;
import dev.observatory.integrations.Diagnostic;
import dev.observatory.integrations.DiagnosticCode;
import dev.observatory.integrations.IntegrationVerifier;
import dev.observatory.integrations.client.HttpReply;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.client.ProviderClients;
import dev.observatory.integrations.client.ProviderHttp;
import dev.observatory.telemetry.OutboundClients;
import dev.observatory.telemetry.ProviderKey;
import dev.observatory.telemetry.UsageStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Databento's historical API (PROVIDERS.md §1): HTTP Basic with the key as user name and an empty
 * password. Verify lists the datasets (proves the key) and reads one dataset's range "given the
 * user's entitlements" (proves the licence); neither costs credits. 429, 503 and 504 are retried
 * (429 after its Retry-After); 401, 402 and 403 are final, and so is 500, which the official client
 * does not retry either.
 */
@Component
public class DatabentoClient implements IntegrationVerifier {

	static final String DEFAULT_BASE_URL = "https://hist.databento.com";

	private static final String NAME = "Databento";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ProviderClients clients;

	DatabentoClient(ProviderClients clients) {
		this.clients = clients;
	}

	@Override
	public ProviderKey provider() {
		return ProviderKey.DATABENTO;
	}

	@Override
	public List<Diagnostic> verify() {
		return ProviderClients.verdict(() -> {
			ProviderHttp http = http();
			String authorization = authorization();
			int datasets = this.clients.call(http, true, () -> {
				HttpReply reply = http.exchange("databento.verify", (rest) -> rest.get()
					.uri("/v0/metadata.list_datasets")
					.header(HttpHeaders.AUTHORIZATION, authorization)
					.accept(MediaType.APPLICATION_JSON));
				JsonNode body = success(http, reply).json();
				if (!body.isArray()) {
					throw reply.malformed("a dataset list that is not an array");
				}
				return body.size();
			});
			String dataset = this.clients.properties().databentoDataset();
			HttpReply range = this.clients.call(http, true, () -> {
				HttpReply reply = http.exchange("databento.verify", (rest) -> rest.get()
					.uri((uri) -> uri.path("/v0/metadata.get_dataset_range").queryParam("dataset", dataset).build())
					.header(HttpHeaders.AUTHORIZATION, authorization)
					.accept(MediaType.APPLICATION_JSON)
					.attribute(OutboundClients.METADATA, Map.of("dataset", dataset)));
				JsonNode body = success(http, reply).json();
				if (!body.path("start").isString() || !body.path("end").isString()) {
					throw reply.malformed("a dataset range without start and end");
				}
				return reply;
			});
			return NAME + " at " + http.host() + " accepted the key (" + datasets + " datasets) and is licensed for "
					+ dataset + warnings(range);
		});
	}

	/**
	 * {@code timeseries.get_range} as JSON lines (the official clients ask for binary DBN; the JSON
	 * field names are unconfirmed, so records are returned as read). A 206 means some symbols did
	 * not resolve: the records are kept and {@link Range#partial()} says so.
	 */
	public Range getRange(String dataset, List<String> symbols, String schema, Instant start, Instant end) {
		MultiValueMap<String, String> form = form(dataset, symbols, schema, start);
		form.add("end", end.toString());
		form.add("encoding", "json");
		form.add("compression", "none");
		// JSON lines are not one JSON document: a success is judged by its status alone.
		HttpReply reply = range(form, dataset, schema, symbols.size());
		List<JsonNode> records = new ArrayList<>();
		for (String line : new String(reply.body(), StandardCharsets.UTF_8).split("\n")) {
			if (!line.isBlank()) {
				try {
					records.add(JSON.readTree(line));
				}
				catch (JacksonException ex) {
					throw reply.malformed("a record line that is not JSON");
				}
			}
		}
		return new Range(records, reply.status() == 206, warningCount(reply));
	}

	/**
	 * {@code timeseries.get_range} as the official clients ask for it, DBN compressed with zstd, from
	 * {@code start} to the end of the available data ({@code end} omitted): the body is returned for
	 * the caller's decoder.
	 *
	 * @param stypeIn how the symbols are read ({@code raw_symbol}, {@code continuous}, {@code parent})
	 */
	public DbnRange getRangeDbn(String dataset, String symbol, String stypeIn, String schema, Instant start) {
		MultiValueMap<String, String> form = form(dataset, List.of(symbol), schema, start);
		form.add("stype_in", stypeIn);
		form.add("encoding", "dbn");
		form.add("compression", "zstd");
		HttpReply reply = range(form, dataset, schema, 1);
		return new DbnRange(reply.body(), reply.status() == 206, warningCount(reply));
	}

	private static MultiValueMap<String, String> form(String dataset, List<String> symbols, String schema, Instant start) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("dataset", dataset);
		form.add("symbols", String.join(",", symbols));
		form.add("schema", schema);
		form.add("start", start.toString());
		return form;
	}

	private HttpReply range(MultiValueMap<String, String> form, String dataset, String schema, int symbolCount) {
		ProviderHttp http = http();
		String authorization = authorization();
		// Not retried: get_range is billed per request.
		return this.clients.call(http, false, () -> success(http, http.exchange("databento.get_range",
				(rest) -> rest.post()
					.uri("/v0/timeseries.get_range")
					.header(HttpHeaders.AUTHORIZATION, authorization)
					.contentType(MediaType.APPLICATION_FORM_URLENCODED)
					.body(form)
					.attribute(OutboundClients.METADATA,
							Map.of("dataset", dataset, "schema", schema, "symbol_count", symbolCount)),
				(answer) -> answer.isSuccess() ? UsageStatus.OK : null)));
	}

	private HttpReply success(ProviderHttp http, HttpReply reply) {
		if (reply.isSuccess()) {
			return reply;
		}
		if (reply.status() == 500) {
			return fail(ProviderCallException.finalFailure(DiagnosticCode.PROVIDER_UNREACHABLE,
					NAME + " at " + http.host() + " failed internally (HTTP 500)"));
		}
		return fail(http.failure(reply));
	}

	private static HttpReply fail(ProviderCallException failure) {
		throw failure;
	}

	private static String warnings(HttpReply reply) {
		int count = warningCount(reply);
		return (count == 0) ? "" : "; it sent " + count + " warning(s) in X-Warning (HTTP " + reply.status() + ")";
	}

	/** X-Warning holds a JSON array of strings (deprecations, unresolved symbols); counted, not quoted. */
	static int warningCount(HttpReply reply) {
		String header = reply.header("X-Warning");
		if (header == null || header.isBlank()) {
			return 0;
		}
		try {
			JsonNode warnings = JSON.readTree(header);
			return warnings.isArray() ? warnings.size() : 1;
		}
		catch (JacksonException ex) {
			return 1;
		}
	}

	private String authorization() {
		Secret key = this.clients.secret(EnvVar.DATABENTO_API_KEY);
		return "Basic " + Base64.getEncoder().encodeToString((key.reveal() + ":").getBytes(StandardCharsets.UTF_8));
	}

	private ProviderHttp http() {
		URI base = this.clients.baseUrl(EnvVar.DATABENTO_BASE_URL, DEFAULT_BASE_URL);
		return this.clients.http(ProviderKey.DATABENTO, NAME, base);
	}

	/**
	 * @param records the records, one JSON object each, as Databento sent them
	 * @param partial HTTP 206: some symbols did not resolve
	 * @param warnings how many warnings the X-Warning header carried
	 */
	public record Range(List<JsonNode> records, boolean partial, int warnings) {
	}

	/**
	 * @param body the DBN stream as sent (zstd-compressed unless the gateway chose otherwise)
	 * @param partial HTTP 206: the symbol did not resolve for part of the range
	 * @param warnings how many warnings the X-Warning header carried
	 */
	public record DbnRange(byte[] body, boolean partial, int warnings) {
	}

}
