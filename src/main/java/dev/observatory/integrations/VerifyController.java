package dev.observatory.integrations;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/integrations/verify} (OPERATOR). */
@RestController
class VerifyController {

	private final IntegrationVerification verification;

	VerifyController(IntegrationVerification verification) {
		this.verification = verification;
	}

	@PostMapping("/api/integrations/verify")
	IntegrationVerification.VerifyResult verify(@Valid @RequestBody VerifyRequest request) {
		return this.verification.verify(request.provider());
	}

	record VerifyRequest(@NotBlank @Size(max = 40) String provider) {
	}

}
