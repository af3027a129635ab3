package dev.observatory.telemetry;

import org.springframework.stereotype.Component;

/** Read side of the pipeline's health, for the system status and the loss acknowledgement. */
@Component
public class TelemetryMonitor {

	private final UsagePipeline pipeline;

	TelemetryMonitor(UsagePipeline pipeline) {
		this.pipeline = pipeline;
	}

	public TelemetryHealth health() {
		return this.pipeline.health();
	}

	/** Clears an unacknowledged loss; the caller audits it. Returns how many dropped events it covered. */
	public long acknowledgeLoss() {
		return this.pipeline.acknowledgeLoss();
	}

}
