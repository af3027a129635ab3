package dev.observatory.bots;

/** How a bot trades: simulated data and fills, paper fills on real data, or real money. */
public enum BotMode {

	SIM, PAPER, LIVE

}
