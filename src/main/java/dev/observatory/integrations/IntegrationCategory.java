package dev.observatory.integrations;

/** What an integration is for. */
public enum IntegrationCategory {

	MARKET_DATA, BROKER, AI, ALERTS, STORAGE_AUTH

}
