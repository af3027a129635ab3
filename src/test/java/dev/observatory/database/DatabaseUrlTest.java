package dev.observatory.database;

import java.util.Map;

import dev.observatory.common.secrets.Env;
import dev.observatory.common.secrets.EnvVar;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseUrlTest {

	@Test
	void parsesTheHostingPlatformForm() {
		ConnectionTarget target = parse("postgres://desk:p%40ss%3Aw0rd@db.example.com:6543/trading?sslmode=require");
		assertThat(target.host()).isEqualTo("db.example.com");
		assertThat(target.port()).isEqualTo(6543);
		assertThat(target.database()).isEqualTo("trading");
		assertThat(target.user()).isEqualTo("desk");
		assertThat(target.password().reveal()).isEqualTo("p@ss:w0rd");
		assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/trading?sslmode=require");
		assertThat(target.displayName()).isEqualTo("db.example.com:6543/trading");
	}

	@Test
	void passwordNeverAppearsInTheJdbcUrlOrTheTargetsText() {
		ConnectionTarget target = parse("postgresql://u:topsecret1@h/d");
		assertThat(target.jdbcUrl()).doesNotContain("topsecret1");
		assertThat(target.toString()).doesNotContain("topsecret1");
	}

	@Test
	void jdbcUrlWithCredentialsInTheQueryHasThemSplitOff() {
		ConnectionTarget target = parse("jdbc:postgresql://h:5433/d?user=u&password=pw123456&sslmode=verify-full");
		assertThat(target.user()).isEqualTo("u");
		assertThat(target.password().reveal()).isEqualTo("pw123456");
		assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5433/d?sslmode=verify-full");
	}

	@Test
	void defaultsPortAndDatabase() {
		ConnectionTarget target = parse("postgresql://alice@localhost");
		assertThat(target.port()).isEqualTo(5432);
		assertThat(target.database()).isEqualTo("alice");
		assertThat(target.password()).isNull();
	}

	@Test
	void passwordWithAPlusSignIsKeptLiterally() {
		assertThat(parse("postgresql://u:a+b%2Bc@h/d").password().reveal()).isEqualTo("a+b+c");
	}

	@Test
	void rejectsOtherSchemesWithoutEchoingTheUrl() {
		assertThatThrownBy(() -> parse("mysql://root:hunter2hunter2@h/d")).isInstanceOf(DatabaseStartupException.class)
			.hasMessageContaining("postgresql://")
			.hasMessageNotContaining("hunter2hunter2");
	}

	@Test
	void rejectsGarbageWithoutEchoingIt() {
		assertThatThrownBy(() -> parse("postgresql://u:pa ss word@h/d")).isInstanceOf(DatabaseStartupException.class)
			.hasMessageNotContaining("pa ss word");
		assertThatThrownBy(() -> parse("postgresql://u:x@/d")).isInstanceOf(DatabaseStartupException.class)
			.hasMessageContaining("no host");
	}

	private static ConnectionTarget parse(String url) {
		return DatabaseUrl.parse(Env.of(Map.of("DATABASE_URL", url)).secret(EnvVar.DATABASE_URL).orElseThrow());
	}

}
