package dev.observatory.common.error;

import org.springframework.http.HttpStatus;

/**
 * A stable, UPPER_SNAKE error code with the HTTP status it answers with. {@link CommonErrorCode}
 * holds the codes every module shares; a module with codes of its own (safe-start denials, say)
 * declares them in its own enum implementing this interface.
 */
public interface ErrorCode {

	/** The constant's name; an enum implementing this interface provides it. */
	String name();

	/** The code as clients see it in {@code error_code}: the constant's name. */
	default String code() {
		return name();
	}

	HttpStatus status();

}
