package dev.observatory.alerts;

import java.util.List;
import java.util.Map;

import dev.observatory.audit.AuditLog;
import dev.observatory.common.error.ApiException;
import dev.observatory.common.error.ErrorCode;
import dev.observatory.common.trace.Traces;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/alerts/test}: a test alert to every configured channel, now, with each outcome. */
@RestController
class AlertController {

	private final AlertSender sender;

	private final AuditLog audit;

	private final Traces traces;

	AlertController(AlertSender sender, AuditLog audit, Traces traces) {
		this.sender = sender;
		this.audit = audit;
		this.traces = traces;
	}

	@PostMapping("/api/alerts/test")
	Result test() {
		if (this.sender.channels().isEmpty()) {
			throw new ApiException(Code.NO_ALERT_CHANNEL, "No alert channel is configured: set DISCORD_WEBHOOK_URL, or"
					+ " SMTP_HOST, SMTP_USERNAME, SMTP_PASSWORD and ALERT_EMAIL_TO");
		}
		String traceId = this.traces.currentTraceId();
		List<AlertSender.Delivery> deliveries = this.sender.send(new Alert("TEST", "test:" + traceId,
				"Test alert", "A test alert from Observatory. Nothing is wrong.", "INFO", traceId), false);
		this.audit.record("TEST_ALERT", "alerts", AuditLog.Outcome.SUCCESS,
				Map.of("channels", deliveries.stream().map((d) -> d.channel() + ":" + d.outcome()).toList()));
		return new Result(deliveries, traceId);
	}

	record Result(List<AlertSender.Delivery> deliveries, String traceId) {
	}

	enum Code implements ErrorCode {

		NO_ALERT_CHANNEL;

		@Override
		public HttpStatus status() {
			return HttpStatus.CONFLICT;
		}

	}

}
