package dev.observatory.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a database startup failure as Boot's short "APPLICATION FAILED TO START" report. */
class DatabaseStartupFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseStartupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DatabaseStartupException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
	}

}
