package dev.observatory.common.secrets;

/** How carefully a variable's value must be handled. */
public enum Sensitivity {

	/** Must never reach a log line, a row, a response, a diagnostic or an exception message. */
	SECRET,

	/** Not a secret, but personal or account data: shown masked, never in full. */
	MASKED,

	/** May be shown as is. */
	PLAIN

}
