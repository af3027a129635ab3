package dev.observatory.test;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The autonomy loops' start-up passes (see {@link ObservatoryTest}), awaited so they cannot land inside a test. */
public final class Loops {

	private Loops() {
	}

	public static void awaitStartupPasses(JdbcClient jdbc) {
		Await.until(Duration.ofSeconds(20), "the loops' start-up passes", () -> jdbc.sql("""
				SELECT count(DISTINCT loop) FROM scheduler_ticks WHERE loop IN ('supervisor', 'timeout-worker')""")
			.query(Integer.class)
			.single() == 2);
	}

}
