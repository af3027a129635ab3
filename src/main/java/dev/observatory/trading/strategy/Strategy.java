package dev.observatory.trading.strategy;

import java.time.Instant;
import java.util.List;

import dev.observatory.variables.Variable;
import dev.observatory.variables.VariableBook;

/**
 * A trading strategy: on every closed bar it reads the variables it declares, only through the
 * bot's {@link VariableBook} (so every read is counted), and returns a signal.
 */
public interface Strategy {

	/** The variables it reads, for the catalog and the UI. */
	List<Variable> reads();

	Signal onBar(VariableBook variables, Instant now);

}
