package dev.observatory.integrations;

/**
 * One finding of a Verify: a code and a message safe to show (it names variables, hosts and
 * SQLSTATEs, never a value of a secret).
 */
public record Diagnostic(DiagnosticCode code, String message) {
}
