package dev.observatory.status;

import java.util.Optional;

import dev.observatory.bots.BotMode;
import dev.observatory.bots.BotService;
import dev.observatory.bots.SafeStartCheck;
import dev.observatory.bots.SafeStartCode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The verdict enforced at the safe-start gate, for a person's start and the supervisor's restart
 * alike: while BLOCKED nothing starts ({@code SYSTEM_BLOCKED}, first, listing the blocker codes);
 * while DEGRADED a LIVE bot does not start ({@code SYSTEM_DEGRADED}, last, after the bot's own
 * reasons) unless {@code OBSERVATORY_ALLOW_LIVE_WHEN_DEGRADED=true}.
 */
@Configuration(proxyBeanMethods = false)
class SystemStatusChecks {

	@Bean
	@Order(1)
	SafeStartCheck systemBlockedCheck(SystemStatus status) {
		return (bot, initiator) -> {
			SystemStatus.Envelope verdict = status.current();
			if (!verdict.autonomyAllowed()) {
				return Optional.of(new SafeStartCheck.Denial(SafeStartCode.SYSTEM_BLOCKED,
						"The system is BLOCKED (" + String.join(", ", verdict.blockerCodes()) + "): nothing starts until it is not",
						"GET /api/system/status lists each blocker with its fix"));
			}
			return Optional.empty();
		};
	}

	@Bean
	@Order(100)
	SafeStartCheck systemDegradedCheck(SystemStatus status,
			@Value("${observatory.allow-live-when-degraded:false}") boolean allowLiveWhenDegraded) {
		return (BotService.Bot bot, SafeStartCheck.Initiator initiator) -> {
			if (bot.mode() != BotMode.LIVE || allowLiveWhenDegraded) {
				return Optional.empty();
			}
			SystemStatus.Envelope verdict = status.current();
			if (verdict.systemStatus().equals("DEGRADED")) {
				return Optional.of(new SafeStartCheck.Denial(SafeStartCode.SYSTEM_DEGRADED,
						"The system is DEGRADED (" + String.join(", ", verdict.degradedCodes())
								+ "): LIVE bots do not start",
						"Clear the degraded reasons (GET /api/system/status), or set OBSERVATORY_ALLOW_LIVE_WHEN_DEGRADED=true"));
			}
			return Optional.empty();
		};
	}

}
