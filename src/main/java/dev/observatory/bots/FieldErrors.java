package dev.observatory.bots;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.observatory.common.error.ApiException;
import dev.observatory.common.error.CommonErrorCode;

/** Collects every invalid field of a request, then fails once with all of them (a 400 problem). */
final class FieldErrors {

	private final List<Map<String, String>> errors = new ArrayList<>();

	void add(String field, String message) {
		this.errors.add(Map.of("field", field, "message", message));
	}

	boolean isEmpty() {
		return this.errors.isEmpty();
	}

	void throwIfAny() {
		if (!this.errors.isEmpty()) {
			String fields = this.errors.stream()
				.map((error) -> error.get("field"))
				.collect(Collectors.toCollection(LinkedHashSet::new))
				.stream()
				.collect(Collectors.joining(", "));
			throw new ApiException(CommonErrorCode.VALIDATION_FAILED, "Invalid value for: " + fields,
					Map.of("errors", List.copyOf(this.errors)));
		}
	}

}
