package dev.observatory.trading.review;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code observatory.ai.*}: the AI reviewer of entry signals.
 *
 * @param openaiModel the OpenAI model asked (must be one the key can use: Verify lists them)
 * @param anthropicModel the Anthropic model asked
 * @param dailyTokenBudget tokens (input plus output) one bot may spend per UTC day; past it, entries
 * are refused as AI_UNAVAILABLE
 * @param maxOutputTokens the longest answer asked for
 */
@ConfigurationProperties("observatory.ai")
public record AiProperties(@DefaultValue("gpt-4.1-mini") String openaiModel,
		@DefaultValue("claude-haiku-4-5") String anthropicModel, @DefaultValue("50000") long dailyTokenBudget,
		@DefaultValue("200") int maxOutputTokens) {
}
