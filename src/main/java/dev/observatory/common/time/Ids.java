package dev.observatory.common.time;

import java.util.UUID;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochRandomGenerator;

/** Time-ordered UUIDv7 ids (RFC 9562): they sort by creation time and index well at high write rates. */
public final class Ids {

	private static final TimeBasedEpochRandomGenerator GENERATOR = Generators.timeBasedEpochRandomGenerator();

	private Ids() {
	}

	public static UUID newId() {
		return GENERATOR.generate();
	}

}
