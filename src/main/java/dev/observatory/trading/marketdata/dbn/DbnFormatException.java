package dev.observatory.trading.marketdata.dbn;

import java.io.IOException;

/** Bytes that are not DBN this decoder reads: a wrong magic, an unsupported version, a truncated record. */
public class DbnFormatException extends IOException {

	public DbnFormatException(String message) {
		super(message);
	}

}
