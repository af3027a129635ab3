package dev.observatory.bots;

/** A bot's lifecycle state (DESIGN.md §4). */
public enum BotState {

	STOPPED, STARTING, RUNNING, DEGRADED, BLOCKED, KILLED

}
