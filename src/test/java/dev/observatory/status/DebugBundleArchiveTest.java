package dev.observatory.status;

import dev.observatory.integrations.stubs.ProviderStubTest;
import dev.observatory.integrations.stubs.ProviderStubs;
import dev.observatory.test.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/** With OBSERVATORY_BUNDLE_BUCKET set, each debug bundle is archived to Supabase Storage (its stub). */
@ProviderStubTest
class DebugBundleArchiveTest {

	private static final String UPLOAD = "/supabase/storage/v1/object/bundles/debug-bundles/.*";

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void setUp() {
		ProviderStubs.reset();
		this.http = new Http("http://127.0.0.1:" + this.port);
	}

	@AfterEach
	void tearDown() {
		ProviderStubs.reset();
	}

	@Test
	void theBundleIsStoredUnderItsTraceIdAndAFailedUploadIsReportedNotFatal() {
		ProviderStubs.WIREMOCK.stubFor(post(urlPathMatching(UPLOAD))
			.willReturn(okJson("{\"Key\": \"bundles/debug-bundles/stored.json\", \"Id\": \"1\"}")));
		JsonNode bundle = this.http.get("/api/system/debug-bundle").json();
		String traceId = bundle.get("trace_id").asString();
		assertThat(bundle.get("archive").get("stored").asBoolean()).isTrue();
		assertThat(bundle.get("archive").get("key").asString()).isEqualTo("bundles/debug-bundles/stored.json");
		ProviderStubs.WIREMOCK.verify(postRequestedFor(urlPathMatching(
				"/supabase/storage/v1/object/bundles/debug-bundles/\\d{4}-\\d{2}-\\d{2}/" + traceId + "\\.json")));
		String uploaded = ProviderStubs.WIREMOCK.findAll(postRequestedFor(urlPathMatching(UPLOAD))).get(0).getBodyAsString();
		assertThat(uploaded).contains(traceId, "variables_set")
			.doesNotContain(ProviderStubs.SUPABASE_SERVICE, ProviderStubs.DATABENTO_KEY, ProviderStubs.OPENAI_KEY);

		ProviderStubs.WIREMOCK.stubFor(post(urlPathMatching(UPLOAD)).atPriority(1)
			.willReturn(aResponse().withStatus(500).withBody("{}")));
		Http.Response failed = this.http.get("/api/system/debug-bundle");
		assertThat(failed.status()).as("the bundle is answered anyway").isEqualTo(200);
		assertThat(failed.json().get("archive").get("stored").asBoolean()).isFalse();
		assertThat(failed.json().get("archive").get("error").asString()).contains("Supabase");
	}

}
