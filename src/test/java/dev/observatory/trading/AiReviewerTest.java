package dev.observatory.trading;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.observatory.bots.BotService;
import dev.observatory.integrations.stubs.ProviderStubTest;
import dev.observatory.integrations.stubs.ProviderStubs;
import dev.observatory.test.Await;
import dev.observatory.test.Http;
import dev.observatory.trading.risk.RiskEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bot that names an AI provider sends every entry signal to it before the risk check, through the
 * real OpenAI and Anthropic clients against their stubs: a veto stops the entry with the model's
 * reason, an approval lets it through, and a failure or a spent budget stops it (fail closed). The
 * calls are the bot's: its id is on the usage events and in the integration status.
 */
@ProviderStubTest
@TestPropertySource(properties = "observatory.ai.daily-token-budget=1000")
class AiReviewerTest {

	private static final Instant WEDNESDAY = Instant.parse("2026-11-25T15:00:00Z");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TradingRuntime trading;

	@Autowired
	BotService bots;

	@Autowired
	RiskEngine risk;

	Http http;

	TraderDriver driver;

	@BeforeEach
	void setUp() {
		ProviderStubs.reset();
		this.http = new Http("http://127.0.0.1:" + this.port);
		this.driver = new TraderDriver(this.http, this.jdbc, this.risk, this.trading, this.bots);
	}

	@AfterEach
	void tearDown() {
		ProviderStubs.reset();
	}

	@Test
	void anOpenAiVetoStopsTheEntryWithTheModelsReasonUntilTheBudgetIsSpent() {
		ProviderStubs.WIREMOCK.stubFor(post(urlPathEqualTo("/openai/v1/responses")).willReturn(json("""
				{"id": "resp_1", "object": "response", "status": "completed",
				 "output": [{"type": "message", "role": "assistant", "content": [{"type": "output_text",
				   "text": "{\\"decision\\": \\"VETO\\", \\"reason\\": \\"The cross is within one tick of noise.\\"}"}]}],
				 "usage": {"input_tokens": 400, "output_tokens": 200, "total_tokens": 600}}""")));
		UUID bot = create("ai-veto", "openai");
		run(bot, 1200);

		JsonNode vetoes = this.http.get("/api/bots/" + bot + "/no-trade-traces?type=AI_VETO").json().get("traces");
		assertThat(vetoes).isNotEmpty();
		assertThat(vetoes.get(0).get("would_have_traded").asBoolean()).isTrue();
		assertThat(vetoes.get(0).get("suppression_reason").asString())
			.startsWith("Vetoed by gpt-4.1-mini: The cross is within one tick of noise.: would have ENTER_");
		// 600 tokens a call against a budget of 1000: two calls, then no more calls and no entries.
		ProviderStubs.WIREMOCK.verify(2, postRequestedFor(urlPathEqualTo("/openai/v1/responses")));
		JsonNode unavailable = this.http.get("/api/bots/" + bot + "/no-trade-traces?type=AI_UNAVAILABLE").json()
			.get("traces");
		assertThat(unavailable.get(0).get("suppression_reason").asString())
			.startsWith("The daily AI token budget of 1000 is spent (1200 used today)");
		assertThat(count("SELECT count(*) FROM orders WHERE bot_id = ?", bot)).isZero();

		Await.until(Duration.ofSeconds(10), "the calls recorded as the bot's", () -> count("""
				SELECT count(*) FROM integration_usage_events WHERE provider = 'openai' AND endpoint_name = 'openai.responses'
				    AND bot_id = ? AND metadata_safe_json->>'model' = 'gpt-4.1-mini'
				    AND (metadata_safe_json->>'input_tokens')::int = 400 AND (metadata_safe_json->>'output_tokens')::int = 200""",
				bot) == 2);
		Await.until(Duration.ofSeconds(10), "the integration status naming the bot", () -> {
			for (JsonNode integration : this.http.get("/api/integrations/status").json().get("integrations")) {
				if (integration.get("provider").asString().equals("openai")) {
					return bot.toString().equals(integration.path("last_used_by_bot_id").asString(""));
				}
			}
			return false;
		});
	}

	@Test
	void anAnthropicApprovalLetsTheEntryThroughAndTheDecisionTraceKeepsTheReview() {
		ProviderStubs.WIREMOCK.stubFor(post(urlPathEqualTo("/anthropic/v1/messages")).willReturn(json("""
				{"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-haiku-4-5",
				 "content": [{"type": "text", "text": "{\\"decision\\": \\"APPROVE\\", \\"reason\\": \\"Trend confirmed.\\"}"}],
				 "stop_reason": "end_turn", "usage": {"input_tokens": 90, "output_tokens": 20}}""")));
		UUID bot = create("ai-approve", "anthropic");
		run(bot, 900);

		JsonNode enter = null;
		for (JsonNode trace : this.http.get("/api/bots/" + bot + "/decision-traces?type=ENTER").json().get("traces")) {
			enter = trace;
		}
		assertThat(enter).as("an approved entry").isNotNull();
		JsonNode review = enter.get("signals_snapshot_safe_json").get("ai_review");
		assertThat(review.get("decision").asString()).isEqualTo("APPROVE");
		assertThat(review.get("model").asString()).isEqualTo("claude-haiku-4-5");
		assertThat(review.get("reason").asString()).isEqualTo("Trend confirmed.");
		Await.until(Duration.ofSeconds(10), "the call recorded as the bot's", () -> count("""
				SELECT count(*) FROM integration_usage_events WHERE provider = 'anthropic'
				    AND endpoint_name = 'anthropic.messages' AND bot_id = ?""", bot) > 0);
	}

	@Test
	void aFailingProviderOrAnUnreadableAnswerStopsTheEntry() {
		ProviderStubs.WIREMOCK.stubFor(post(urlPathEqualTo("/openai/v1/responses")).willReturn(aResponse().withStatus(500)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\": {\"message\": \"boom\", \"type\": \"server_error\", \"code\": null}}")));
		UUID failing = create("ai-failing", "openai");
		run(failing, 600);
		assertThat(this.http.get("/api/bots/" + failing + "/no-trade-traces?type=AI_UNAVAILABLE").json().get("traces")
			.findValuesAsString("suppression_reason")).isNotEmpty()
			.allSatisfy((reason) -> assertThat(reason).startsWith("The AI reviewer (openai) failed: "));
		assertThat(count("SELECT count(*) FROM orders WHERE bot_id = ?", failing)).isZero();

		ProviderStubs.WIREMOCK.stubFor(post(urlPathEqualTo("/anthropic/v1/messages")).willReturn(json("""
				{"id": "msg_2", "type": "message", "role": "assistant", "content": [{"type": "text", "text": "Sure, go ahead!"}],
				 "stop_reason": "end_turn", "usage": {"input_tokens": 90, "output_tokens": 5}}""")));
		UUID chatty = create("ai-chatty", "anthropic");
		run(chatty, 600);
		assertThat(this.http.get("/api/bots/" + chatty + "/no-trade-traces?type=AI_UNAVAILABLE").json().get("traces")
			.findValuesAsString("suppression_reason")).anySatisfy((reason) -> assertThat(reason)
				.startsWith("The AI reviewer (claude-haiku-4-5) did not answer with the asked-for JSON decision"));
		assertThat(count("SELECT count(*) FROM orders WHERE bot_id = ?", chatty)).isZero();
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
	}

	private UUID create(String name, String ai) {
		return this.driver.create("""
				{"name": "%s", "mode": "SIM", "instruments": ["MES"], "data_provider": "sim", "ai_provider": "%s",
				 "strategy_key": "ema_crossover", "session_mode": "ALWAYS",
				 "strategy_params": {"fast_period": 2, "slow_period": 3, "bar_seconds": 5, "cooldown_seconds": 0},
				 "risk_limits": {"max_orders_per_minute": 100}}""".formatted(name, ai));
	}

	private void run(UUID bot, int seconds) {
		this.driver.run(bot, WEDNESDAY, seconds);
	}

	private long count(String sql, UUID bot) {
		return this.jdbc.sql(sql).param(bot).query(Long.class).single();
	}

}
