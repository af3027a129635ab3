package dev.observatory.common.secrets;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * Logback conversion word {@code %mask(...)}: renders the wrapped pattern (message and stack trace
 * included) and masks every known secret in the result. {@code logback-spring.xml} wraps each
 * appender's whole pattern in it.
 */
public class MaskingConverter extends CompositeConverter<ILoggingEvent> {

	@Override
	public void start() {
		// Registers the process environment's secrets before the first line is written.
		Env.system();
		super.start();
	}

	@Override
	protected String transform(ILoggingEvent event, String in) {
		return SecretMasker.mask(in);
	}

}
