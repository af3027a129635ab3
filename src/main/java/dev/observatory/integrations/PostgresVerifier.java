package dev.observatory.integrations;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.observatory.database.DatabaseServer;
import dev.observatory.telemetry.ProviderKey;
import dev.observatory.telemetry.UsageRecorder;

import org.springframework.stereotype.Component;

/**
 * PostgreSQL's Verify: a connection from the pool and {@code SELECT 1}, recorded as a
 * {@code postgres.verify} usage event. Failures name the database and the SQLSTATE only.
 */
@Component
class PostgresVerifier implements IntegrationVerifier {

	private final DataSource dataSource;

	private final DatabaseServer server;

	private final UsageRecorder recorder;

	PostgresVerifier(DataSource dataSource, DatabaseServer server, UsageRecorder recorder) {
		this.dataSource = dataSource;
		this.server = server;
		this.recorder = recorder;
	}

	@Override
	public ProviderKey provider() {
		return ProviderKey.POSTGRES;
	}

	@Override
	public List<Diagnostic> verify() {
		String database = this.server.target().displayName();
		try {
			return this.recorder.call(ProviderKey.POSTGRES, "postgres.verify", Map.of(), () -> {
				try (Connection connection = this.dataSource.getConnection();
						Statement statement = connection.createStatement();
						ResultSet rows = statement.executeQuery("SELECT 1")) {
					if (!rows.next() || rows.getInt(1) != 1) {
						return List.of(new Diagnostic(DiagnosticCode.UNEXPECTED_RESPONSE,
								"PostgreSQL at " + database + " did not answer SELECT 1 with 1"));
					}
					return List.of(new Diagnostic(DiagnosticCode.OK, "PostgreSQL at " + database + " answered"));
				}
			});
		}
		catch (SQLException ex) {
			return List.of(diagnose(ex, database));
		}
		catch (Exception ex) {
			return List.of(new Diagnostic(DiagnosticCode.PROVIDER_UNREACHABLE,
					"PostgreSQL at " + database + " could not be reached (" + ex.getClass().getSimpleName() + ")"));
		}
	}

	private static Diagnostic diagnose(SQLException ex, String database) {
		String state = (ex.getSQLState() != null) ? ex.getSQLState() : "unknown";
		DiagnosticCode code = switch (state) {
			case "28P01", "28000" -> DiagnosticCode.AUTH_FAILED;
			case "42501", "3D000" -> DiagnosticCode.ENTITLEMENT_MISSING;
			default -> state.startsWith("08") ? DiagnosticCode.PROVIDER_UNREACHABLE : DiagnosticCode.UNEXPECTED_RESPONSE;
		};
		return new Diagnostic(code, "PostgreSQL at " + database + " failed the check: SQLSTATE " + state);
	}

}
