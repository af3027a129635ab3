package dev.observatory.security;

import dev.observatory.test.Tokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiTokensTest {

	@Test
	void matchesAConfiguredTokenToItsRoleAndANonSecretSubject() {
		Tokens operator = Tokens.random("OPERATOR");
		ApiTokens tokens = ApiTokens.parse(Tokens.random("VIEWER").entry() + ", " + operator.entry());
		ApiTokens.Match match = tokens.match(operator.token()).orElseThrow();
		assertThat(match.role()).isEqualTo(Role.OPERATOR);
		assertThat(match.subject()).startsWith("token:").doesNotContain(operator.token());
		assertThat(tokens.match("something-else")).isEmpty();
	}

	@Test
	void malformedEntryStopsStartupNamingItsPosition() {
		String valid = Tokens.random("ADMIN").entry();
		assertThatThrownBy(() -> ApiTokens.parse(valid + ",abc:ADMIN")).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("entry 2");
		assertThatThrownBy(() -> ApiTokens.parse(valid.replace("ADMIN", "ROOT")))
			.isInstanceOf(IllegalStateException.class);
	}

}
