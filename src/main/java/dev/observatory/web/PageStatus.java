package dev.observatory.web;

import dev.observatory.common.trace.Traces;
import dev.observatory.status.SystemStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The verdict for the pages, failing closed: if the server cannot compute it, the page gets a
 * DEGRADED view naming the status as the unreadable part, never an error page and never OK.
 */
@Component
class PageStatus {

	private static final Logger log = LoggerFactory.getLogger(PageStatus.class);

	private final SystemStatus status;

	private final Traces traces;

	PageStatus(SystemStatus status, Traces traces) {
		this.status = status;
		this.traces = traces;
	}

	/** The verdict at most the status cache's TTL old. */
	StatusView current() {
		return read(false);
	}

	/** The verdict computed now (for the live banner, which promises a change within 2 s). */
	StatusView fresh() {
		return read(true);
	}

	private StatusView read(boolean fresh) {
		try {
			return StatusView.of(fresh ? this.status.compute() : this.status.current());
		}
		catch (RuntimeException ex) {
			log.warn("System status unreadable for the page: {}", ex.getClass().getSimpleName());
			return StatusView.unreadable(this.traces.currentTraceId(), ex.getClass().getSimpleName());
		}
	}

}
