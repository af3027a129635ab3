package dev.observatory.traces;

import java.time.Instant;
import java.util.UUID;

import dev.observatory.test.Http;
import dev.observatory.test.ObservatoryTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Decision and no-trade traces through the API: reported, coalesced, labelled, paged, validated. */
@ObservatoryTest
class TracesApiTest {

	@LocalServerPort
	int port;

	Http http;

	String bot;

	@BeforeEach
	void setUp() {
		this.http = new Http("http://127.0.0.1:" + this.port);
		Http.Response created = this.http.post("/api/bots", """
				{"name": "traced-%s", "mode": "SIM", "instruments": ["MES"], "data_provider": "sim",
				 "strategy_key": "ema_crossover", "session_mode": "ALWAYS"}""".formatted(UUID.randomUUID()), "Content-Type",
				"application/json");
		this.bot = created.json().get("id").asString();
	}

	@Test
	void identicalSuppressionsAreCoalescedAndADifferentOneStartsARow() {
		JsonNode first = noTrade("RISK_BLOCK", "max position 2 reached", true).json();
		JsonNode again = noTrade("RISK_BLOCK", "max position 2 reached", true).json();
		assertThat(again.get("id").asString()).as("the same row").isEqualTo(first.get("id").asString());
		assertThat(again.get("occurrences").asInt()).isEqualTo(2);
		assertThat(again.get("decision_time").asString()).isEqualTo(first.get("decision_time").asString());
		assertThat(again.get("mode").asString()).isEqualTo("SIM");
		assertThat(again.get("label").asString()).isEqualTo("SIMULATED");
		assertThat(again.get("data_source").asString()).isEqualTo("sim");
		assertThat(again.get("would_have_traded").asBoolean()).isTrue();

		JsonNode other = noTrade("OUTSIDE_SESSION", "outside 09:30-11:00 New York", false).json();
		assertThat(other.get("id").asString()).isNotEqualTo(first.get("id").asString());

		JsonNode page = this.http.get("/api/bots/" + this.bot + "/no-trade-traces?limit=1").json();
		assertThat(page.get("traces")).hasSize(1);
		assertThat(page.get("traces").get(0).get("suppression_type").asString()).as("newest first").isEqualTo("OUTSIDE_SESSION");
		JsonNode next = this.http.get("/api/bots/" + this.bot + "/no-trade-traces?limit=1&cursor="
				+ page.get("next_cursor").asString()).json();
		assertThat(next.get("traces").get(0).get("suppression_type").asString()).isEqualTo("RISK_BLOCK");
		assertThat(next.get("next_cursor").isNull()).isTrue();
		assertThat(this.http.get("/api/bots/" + this.bot + "/no-trade-traces?type=RISK_BLOCK").json().get("traces"))
			.hasSize(1);
	}

	@Test
	void aDecisionTraceKeepsItsReasonsSnapshotAndConfidence() {
		Http.Response reported = this.http.post("/api/bots/" + this.bot + "/decision-traces", """
				{"action": "ENTER", "confidence": 0.72, "trace_id": "0af7651916cd43dd8448eb211c80319c",
				 "reasons": [{"rule": "ema_fast_crosses_above_slow", "ema_fast": 5012.25, "ema_slow": 5011.75}],
				 "signals_snapshot_safe_json": {"last_price": 5012.5}}""", "Content-Type", "application/json");
		assertThat(reported.status()).as(reported.body()).isEqualTo(201);
		JsonNode trace = this.http.get("/api/bots/" + this.bot + "/decision-traces").json().get("traces").get(0);
		assertThat(trace.get("action").asString()).isEqualTo("ENTER");
		assertThat(trace.get("reasons").get(0).get("rule").asString()).isEqualTo("ema_fast_crosses_above_slow");
		assertThat(trace.get("signals_snapshot_safe_json").get("last_price").asDouble()).isEqualTo(5012.5);
		assertThat(trace.get("confidence").asDouble()).isEqualTo(0.72);
		assertThat(trace.get("trace_id").asString()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
		assertThat(trace.get("label").asString()).isEqualTo("SIMULATED");
		assertThat(trace.get("source").asString()).isEqualTo("EXTERNAL");
	}

	@Test
	void badReportsAre400ProblemsListingTheFields() {
		Http.Response bad = this.http.post("/api/bots/" + this.bot + "/no-trade-traces", """
				{"suppression_type": "BAD_LUCK", "suppression_reason": "", "decision_time": "%s"}"""
			.formatted(Instant.now().plusSeconds(3600)), "Content-Type", "application/json");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("error_code").asString()).isEqualTo("VALIDATION_FAILED");
		assertThat(bad.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("decision_time",
				"suppression_type", "suppression_reason", "would_have_traded");
		Http.Response unknownBot = this.http.post("/api/bots/" + UUID.randomUUID() + "/no-trade-traces", """
				{"suppression_type": "COOLDOWN", "suppression_reason": "cooling down", "would_have_traded": true}""",
				"Content-Type", "application/json");
		assertThat(unknownBot.status()).isEqualTo(400);
		assertThat(unknownBot.json().get("errors").findValuesAsString("field")).containsExactly("bot_id");
		assertThat(this.http.post("/api/bots/" + this.bot + "/decision-traces", "{\"action\": \"HOLD\", \"reasons\": []}",
				"Content-Type", "application/json").json().get("errors").findValuesAsString("field"))
			.containsExactlyInAnyOrder("action", "reasons");
		assertThat(this.http.get("/api/bots/" + this.bot + "/no-trade-traces?type=NOPE").status()).isEqualTo(400);
		assertThat(this.http.get("/api/bots/" + this.bot + "/no-trade-traces?cursor=garbage").status()).isEqualTo(400);
		assertThat(this.http.get("/api/bots/" + UUID.randomUUID() + "/decision-traces").status()).isEqualTo(404);
	}

	private Http.Response noTrade(String type, String reason, boolean would) {
		Http.Response response = this.http.post("/api/bots/" + this.bot + "/no-trade-traces", """
				{"suppression_type": "%s", "suppression_reason": "%s", "would_have_traded": %s}""".formatted(type, reason, would),
				"Content-Type", "application/json");
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response;
	}

}
