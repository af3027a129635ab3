package dev.observatory.trading.execution;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import dev.observatory.bots.AccountService;
import dev.observatory.integrations.ironbeam.IronbeamTrading;
import dev.observatory.integrations.tradovate.TradovateClient;
import dev.observatory.integrations.tradovate.TradovateTrading;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The broker's positions on an account against what Observatory booked for the LIVE bots on it, per
 * instrument (contracts summed by root), at Tradovate or Ironbeam.
 */
@Service
public class PositionReconciliation {

	private final TradovateTrading tradovate;

	private final IronbeamTrading ironbeam;

	private final BrokerVenues brokers;

	private final JdbcClient jdbc;

	PositionReconciliation(TradovateTrading tradovate, IronbeamTrading ironbeam, BrokerVenues brokers, JdbcClient jdbc) {
		this.tradovate = tradovate;
		this.ironbeam = ironbeam;
		this.brokers = brokers;
		this.jdbc = jdbc;
	}

	/**
	 * The difference in words, or empty when they agree.
	 *
	 * @throws dev.observatory.integrations.client.ProviderCallException when the broker cannot report them
	 */
	public Optional<String> mismatch(AccountService.Account account) {
		Map<String, Long> reported = switch (account.broker()) {
			case TradovateVenue.KEY -> tradovate(account.externalId());
			case IronbeamVenue.KEY -> ironbeam(account.externalId());
			default -> throw new IllegalArgumentException("no venue reconciles broker " + account.broker());
		};
		Map<String, Long> booked = booked(account.id());
		if (reported.equals(booked)) {
			return Optional.empty();
		}
		String broker = account.broker().equals(TradovateVenue.KEY) ? "Tradovate" : "Ironbeam";
		return Optional.of(broker + " reports " + reported + " on account " + account.externalId()
				+ " where Observatory booked " + booked);
	}

	private Map<String, Long> tradovate(String externalId) {
		TradovateClient.Account broker = TradovateAccounts.resolve(this.tradovate, externalId);
		Map<String, Long> reported = new TreeMap<>();
		for (TradovateTrading.Position position : this.tradovate.positions()) {
			if (position.accountId() == broker.id() && position.netPos() != 0) {
				reported.merge(ContractMonths.root(this.tradovate.contractName(position.contractId())), position.netPos(),
						Long::sum);
			}
		}
		return reported;
	}

	private Map<String, Long> ironbeam(String externalId) {
		String account = this.brokers.ironbeamAccount(externalId);
		Map<String, Long> reported = new TreeMap<>();
		for (IronbeamTrading.Position position : this.ironbeam.positions(account)) {
			if (position.quantity().signum() != 0) {
				reported.merge(ContractMonths.ironbeamRoot(position.exchSym()), position.quantity().longValueExact(), Long::sum);
			}
		}
		reported.values().removeIf((quantity) -> quantity == 0);
		return reported;
	}

	private Map<String, Long> booked(UUID account) {
		Map<String, Long> booked = new TreeMap<>();
		this.jdbc.sql("""
				SELECT p.symbol, sum(p.quantity)::bigint AS quantity FROM positions p JOIN bots b ON b.id = p.bot_id
				WHERE b.account_id = ? AND b.mode = 'LIVE' GROUP BY p.symbol HAVING sum(p.quantity) <> 0""")
			.param(account)
			.query((rs) -> {
				booked.put(rs.getString("symbol"), rs.getLong("quantity"));
			});
		return booked;
	}

}
