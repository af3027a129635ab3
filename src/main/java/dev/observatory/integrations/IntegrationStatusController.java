package dev.observatory.integrations;

import java.util.List;

import dev.observatory.common.trace.Traces;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/integrations/status} (VIEWER). */
@RestController
class IntegrationStatusController {

	private final IntegrationStatus status;

	private final Traces traces;

	IntegrationStatusController(IntegrationStatus status, Traces traces) {
		this.status = status;
		this.traces = traces;
	}

	@GetMapping("/api/integrations/status")
	StatusResponse status(HttpServletRequest request) {
		return new StatusResponse(this.status.all(), this.traces.traceIdOf(request));
	}

	record StatusResponse(List<IntegrationStatus.View> integrations, String traceId) {
	}

}
