package dev.observatory.scoring;

import java.util.Optional;

import dev.observatory.bots.BotMode;
import dev.observatory.bots.BotService;
import dev.observatory.bots.SafeStartCheck;
import dev.observatory.bots.SafeStartCode;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The tier, enforced on the supervisor's restarts of PAPER and LIVE bots (a person may start any
 * bot; that start is audited as every start is): a LOCKED bot is not restarted, a SUPERVISED one at
 * most once since a person last started it. SIM bots are restarted under the breaker alone.
 */
@Component
@Order(6)
class TierSafeStart implements SafeStartCheck {

	private final AutonomyScores scores;

	private final JdbcClient jdbc;

	TierSafeStart(AutonomyScores scores, JdbcClient jdbc) {
		this.scores = scores;
		this.jdbc = jdbc;
	}

	@Override
	public Optional<Denial> check(BotService.Bot bot, Initiator initiator) {
		if (initiator != Initiator.SUPERVISOR || bot.mode() == BotMode.SIM) {
			return Optional.empty();
		}
		Tier tier = this.scores.storedTier(bot.id()).orElse(null);
		if (tier == Tier.LOCKED) {
			return Optional.of(new Denial(SafeStartCode.TIER_LOCKED, "Bot " + bot.name()
					+ " is LOCKED (autonomy tier): the supervisor does not restart it",
					"See GET /api/bots/" + bot.id() + "/autonomy for what blocks it; a person may start it"));
		}
		if (tier == Tier.SUPERVISED && restartsSinceAPersonStartedIt(bot) >= 1) {
			return Optional.of(new Denial(SafeStartCode.TIER_LOCKED, "Bot " + bot.name()
					+ " is SUPERVISED (autonomy tier) and was already restarted once without a person",
					"Check the bot, then start it by hand"));
		}
		return Optional.empty();
	}

	private long restartsSinceAPersonStartedIt(BotService.Bot bot) {
		return this.jdbc.sql("""
				SELECT count(*) FROM autonomy_events e
				WHERE e.bot_id = :bot AND e.kind = 'RESTART'
				  AND e.at > coalesce((SELECT max(at) FROM job_run_events j WHERE j.bot_id = :bot AND j.entity = 'BOT'
				      AND j.to_state = 'STARTING' AND j.actor LIKE 'USER:%'), '-infinity')""")
			.param("bot", bot.id())
			.query(Long.class)
			.single();
	}

}
