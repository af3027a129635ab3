package dev.observatory.trading.execution;

import dev.observatory.integrations.DiagnosticCode;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.tradovate.TradovateClient;
import dev.observatory.integrations.tradovate.TradovateTrading;

/** An Observatory account's Tradovate account: its {@code external_id} is the account's name (spec) or id. */
final class TradovateAccounts {

	private TradovateAccounts() {
	}

	static TradovateClient.Account resolve(TradovateTrading tradovate, String externalId) {
		return tradovate.accounts()
			.stream()
			.filter((account) -> account.name().equals(externalId) || String.valueOf(account.id()).equals(externalId))
			.findFirst()
			.orElseThrow(() -> ProviderCallException.finalFailure(DiagnosticCode.ENTITLEMENT_MISSING,
					"Tradovate lists no account named " + externalId + " for this user"));
	}

}
