package dev.observatory.trading.review;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.observatory.bots.BotService;
import dev.observatory.common.secrets.SecretMasker;
import dev.observatory.integrations.anthropic.AnthropicClient;
import dev.observatory.integrations.openai.OpenAiClient;
import dev.observatory.telemetry.CallingContext;
import dev.observatory.trading.strategy.Signal;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Asks a bot's AI provider to approve or veto an entry signal before the risk check: OpenAI's
 * Responses API or Anthropic's Messages API, in the bot's calling context (the usage event carries
 * the bot's id, the model and the token counts), with the signal and the variable snapshot, for a
 * structured answer. Fails closed: an error, a timeout, an answer that is not the asked-for JSON, or
 * an exhausted daily token budget is UNAVAILABLE, and the bot does not enter.
 */
@Service
public class AiReviewer {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern OBJECT = Pattern.compile("\\{.*}", Pattern.DOTALL);

	static final String INSTRUCTIONS = "You review the entry signals of an automated trading bot before its risk"
			+ " checks. You get one signal and the variable snapshot it was computed from. Reply with one JSON object"
			+ " and nothing else: {\"decision\": \"APPROVE\" or \"VETO\", \"reason\": \"one sentence\"}. VETO when the"
			+ " data does not support the signal.";

	private final OpenAiClient openai;

	private final AnthropicClient anthropic;

	private final AiProperties properties;

	private final JdbcClient jdbc;

	AiReviewer(OpenAiClient openai, AnthropicClient anthropic, AiProperties properties, JdbcClient jdbc) {
		this.openai = openai;
		this.anthropic = anthropic;
		this.properties = properties;
		this.jdbc = jdbc;
	}

	/** Tokens the bot's AI calls were billed since the start of {@code now}'s UTC day, from its usage events. */
	public long tokensUsedToday(UUID bot, Instant now) {
		Instant dayStart = LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC);
		return this.jdbc.sql("""
				SELECT coalesce(sum(coalesce((metadata_safe_json->>'input_tokens')::bigint, 0)
				    + coalesce((metadata_safe_json->>'output_tokens')::bigint, 0)), 0)
				FROM integration_usage_events
				WHERE bot_id = ? AND provider IN ('openai', 'anthropic') AND created_at >= ?""")
			.params(bot, Timestamp.from(dayStart))
			.query(Long.class)
			.single();
	}

	/**
	 * @param tokensUsedToday what the bot spent today so far (its run keeps count)
	 */
	public Review review(BotService.Bot bot, String symbol, Signal signal, Map<String, Object> snapshot,
			long tokensUsedToday) {
		String provider = String.valueOf(bot.aiProvider());
		if (tokensUsedToday >= this.properties.dailyTokenBudget()) {
			return new Review(Outcome.UNAVAILABLE, "The daily AI token budget of " + this.properties.dailyTokenBudget()
					+ " is spent (" + tokensUsedToday + " used today): no entry without a review", null, 0);
		}
		String input = input(bot, symbol, signal, snapshot);
		try {
			return CallingContext.callAs(bot.id(), bot.accountId(), () -> ask(provider, input));
		}
		catch (RuntimeException ex) {
			return new Review(Outcome.UNAVAILABLE, "The AI reviewer (" + provider + ") failed: "
					+ SecretMasker.describe(ex, 240) + ": no entry without a review", null, 0);
		}
	}

	private Review ask(String provider, String input) {
		String model;
		String text;
		long tokens;
		if ("openai".equals(provider)) {
			model = this.properties.openaiModel();
			OpenAiClient.Completion completion = this.openai.respond(model, INSTRUCTIONS, input,
					this.properties.maxOutputTokens());
			text = completion.text();
			tokens = completion.inputTokens() + completion.outputTokens();
		}
		else if ("anthropic".equals(provider)) {
			model = this.properties.anthropicModel();
			AnthropicClient.Message message = this.anthropic.message(model, INSTRUCTIONS, input,
					this.properties.maxOutputTokens());
			text = message.text();
			tokens = message.inputTokens() + message.outputTokens();
		}
		else {
			return new Review(Outcome.UNAVAILABLE, "No AI reviewer for provider " + provider, null, 0);
		}
		return parse(text, model, tokens);
	}

	/** The model's JSON answer; anything else is UNAVAILABLE, never guessed into an approval. */
	static Review parse(String text, String model, long tokens) {
		Matcher object = OBJECT.matcher(text);
		if (object.find()) {
			try {
				JsonNode answer = JSON.readTree(object.group());
				String decision = answer.path("decision").asString("");
				String reason = SecretMasker.mask(answer.path("reason").asString("").strip());
				reason = (reason.length() > 300) ? reason.substring(0, 300) + "…" : reason;
				if (decision.equals("APPROVE") || decision.equals("VETO")) {
					return new Review(decision.equals("APPROVE") ? Outcome.APPROVE : Outcome.VETO,
							reason.isEmpty() ? "(no reason given)" : reason, model, tokens);
				}
			}
			catch (JacksonException ex) {
				// Falls through: an answer that is not the asked-for JSON.
			}
		}
		return new Review(Outcome.UNAVAILABLE,
				"The AI reviewer (" + model + ") did not answer with the asked-for JSON decision: no entry", model, tokens);
	}

	private static String input(BotService.Bot bot, String symbol, Signal signal, Map<String, Object> snapshot) {
		Map<String, Object> input = new LinkedHashMap<>();
		input.put("bot", Map.of("name", bot.name(), "mode", bot.mode().name()));
		input.put("instrument", symbol);
		Map<String, Object> proposed = new LinkedHashMap<>();
		proposed.put("action", signal.action().name());
		proposed.put("reason_code", signal.reasonCode());
		proposed.put("reason", signal.reason());
		proposed.put("reasons", signal.reasons());
		proposed.put("confidence", signal.confidence());
		input.put("signal", proposed);
		input.put("variables", snapshot);
		return JSON.writeValueAsString(input);
	}

	public enum Outcome {

		APPROVE, VETO, UNAVAILABLE

	}

	/**
	 * @param reason the model's reason (masked, at most 300 characters), or why there is no review
	 * @param model the model asked, when one answered
	 * @param tokens billed (input plus output)
	 */
	public record Review(Outcome outcome, String reason, @Nullable String model, long tokens) {
	}

}
