package dev.observatory.runtime;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.observatory.bots.BotDrills;
import dev.observatory.bots.BotService;
import dev.observatory.trading.TradingRuntime;
import dev.observatory.bots.BotState;
import dev.observatory.bots.FsmActor;
import dev.observatory.bots.InstanceFailed;
import dev.observatory.bots.InstanceState;
import dev.observatory.bots.JobState;
import dev.observatory.bots.StateMachines;
import dev.observatory.bots.Transitions;
import dev.observatory.common.locks.ReplicaId;
import dev.observatory.common.error.ApiException;
import dev.observatory.common.secrets.SecretMasker;
import dev.observatory.common.time.Ids;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The runner host of this process. It claims PENDING instances with {@code FOR UPDATE SKIP
 * LOCKED} (so of several hosts each instance goes to exactly one), runs each bot on a virtual
 * thread, and heartbeats in one statement per period for the bots whose loop completed an
 * iteration since the last beat; the same statement tells it which of its instances were stopped
 * elsewhere. A crash marks the instance CRASHED and its job FAILED at once. On shutdown it stops its
 * instances and, in the same transaction, queues a PENDING instance for every bot still meant to
 * run, so another host takes it over.
 */
@Component
class RunnerHost implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RunnerHost.class);

	private final RuntimeProperties properties;

	private final ReplicaId host;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Transitions transitions;

	private final BotService bots;

	private final Heartbeats heartbeats;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final TradingRuntime trading;

	private final Map<UUID, BotRun> runs = new ConcurrentHashMap<>();

	private final Map<UUID, Instant> beaten = new ConcurrentHashMap<>();

	private volatile boolean running;

	RunnerHost(RuntimeProperties properties, ReplicaId host, JdbcClient jdbc, TransactionTemplate transactions,
			Transitions transitions, BotService bots, Heartbeats heartbeats, TradingRuntime trading,
			ApplicationEventPublisher events, Clock clock) {
		this.properties = properties;
		this.trading = trading;
		this.host = host;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.transitions = transitions;
		this.bots = bots;
		this.heartbeats = heartbeats;
		this.events = events;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${observatory.runtime.claim-interval:1s}")
	void claim() {
		int free = this.properties.capacity() - this.runs.size();
		if (!this.running || !this.properties.enabled() || free <= 0) {
			return;
		}
		List<BotRun> claimed = this.transactions.execute((status) -> {
			List<BotRun> started = new ArrayList<>();
			List<Map.Entry<UUID, UUID>> pending = this.jdbc.sql("""
					SELECT id, bot_id FROM runner_instances WHERE state = 'PENDING'
					ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED""")
				.param(free)
				.query((rs, i) -> Map.entry(rs.getObject("id", UUID.class), rs.getObject("bot_id", UUID.class)))
				.list();
			for (Map.Entry<UUID, UUID> instance : pending) {
				started.add(start(instance.getKey(), instance.getValue()));
			}
			return started;
		});
		for (BotRun run : (claimed != null) ? claimed : List.<BotRun>of()) {
			this.runs.put(run.instanceId(), run);
			Thread.ofVirtual().name("bot-" + run.botId()).start(run);
		}
	}

	/** Inside the claim's transaction: the instance RUNNING here, its job RUNNING, a STARTING bot RUNNING. */
	private BotRun start(UUID instanceId, UUID botId) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		this.transitions.apply(StateMachines.INSTANCE, instanceId, InstanceState.PENDING, InstanceState.RUNNING, "CLAIMED",
				FsmActor.RUNNER);
		this.jdbc.sql("UPDATE runner_instances SET host_id = ?, last_heartbeat_at = ? WHERE id = ?")
			.params(this.host.value(), Timestamp.from(now), instanceId)
			.update();
		UUID jobId = Ids.newId();
		this.jdbc.sql("INSERT INTO job_runs (id, kind, bot_id, instance_id, state, created_at) VALUES (?, 'RUN', ?, ?, 'PENDING', ?)")
			.params(jobId, botId, instanceId, Timestamp.from(now))
			.update();
		this.transitions.apply(StateMachines.JOB, jobId, JobState.PENDING, JobState.RUNNING, "INSTANCE_CLAIMED",
				FsmActor.RUNNER);
		this.jdbc.sql("UPDATE job_runs SET heartbeat_at = ? WHERE id = ?").params(Timestamp.from(now), jobId).update();
		BotService.Bot bot = this.bots.get(botId);
		if (bot.state().equals(BotState.STARTING.name())) {
			this.transitions.apply(StateMachines.BOT, botId, BotState.STARTING, BotState.RUNNING, "INSTANCE_RUNNING",
					FsmActor.RUNNER);
		}
		return new BotRun(instanceId, jobId, bot, this.trading, this.clock, this.properties.tickInterval(),
				this.properties.simVolatility(), this::crashed);
	}

	/**
	 * One statement: heartbeats for the instances (and their jobs) whose loop completed an iteration
	 * since the last beat, and lists which of this host's instances are still RUNNING.
	 */
	@Scheduled(fixedDelayString = "${observatory.runtime.heartbeat-interval:5s}")
	void heartbeat() {
		if (!this.running || this.runs.isEmpty()) {
			return;
		}
		List<UUID> ids = new ArrayList<>();
		List<Timestamp> iterated = new ArrayList<>();
		for (BotRun run : this.runs.values()) {
			Instant last = run.lastIteration();
			if (last != null && !last.equals(this.beaten.get(run.instanceId()))) {
				ids.add(run.instanceId());
				iterated.add(Timestamp.from(last));
			}
		}
		Timestamp now = Timestamp.from(this.clock.instant().truncatedTo(ChronoUnit.MICROS));
		Map<UUID, BotDrills.@Nullable Drill> alive = this.heartbeats.beat(this.host.value(), ids, iterated, now);
		for (int i = 0; i < ids.size(); i++) {
			this.beaten.put(ids.get(i), iterated.get(i).toInstant());
		}
		for (BotRun run : List.copyOf(this.runs.values())) {
			if (!alive.containsKey(run.instanceId())) {
				// Stopped elsewhere (a user's stop, the timeout worker): end the loop, cancel its job.
				run.cancel();
				forget(run);
				endJob(run, JobState.CANCELLED, "INSTANCE_ENDED");
			}
			else {
				BotDrills.Drill drill = alive.get(run.instanceId());
				if (drill != null) {
					run.drill(drill);
				}
			}
		}
	}

	/** A drill asked of this process: act at once instead of at the next heartbeat. */
	@EventListener
	void onDrill(BotDrills.DrillRequested requested) {
		BotRun run = this.runs.get(requested.instanceId());
		if (run != null) {
			run.drill(requested.drill());
		}
	}

	private void crashed(BotRun run, RuntimeException failure) {
		forget(run);
		String safe = SecretMasker.describe(failure, 300);
		log.warn("Bot {} crashed on instance {}: {}", run.botId(), run.instanceId(), safe);
		try {
			this.transactions.executeWithoutResult((status) -> {
				this.transitions.apply(StateMachines.INSTANCE, run.instanceId(), InstanceState.RUNNING, InstanceState.CRASHED,
						"EXCEPTION", FsmActor.RUNNER);
				this.jdbc.sql("UPDATE runner_instances SET exit_reason = 'EXCEPTION', failure_summary = ? WHERE id = ?")
					.params(safe, run.instanceId())
					.update();
				this.transitions.apply(StateMachines.JOB, run.jobId(), JobState.RUNNING, JobState.FAILED, "EXCEPTION",
						FsmActor.RUNNER);
			});
			this.events.publishEvent(new InstanceFailed(run.botId(), run.instanceId(), "EXCEPTION"));
		}
		catch (ApiException ex) {
			// Already ended elsewhere (stopped, timed out): that verdict stands.
			log.info("Crash of instance {} not recorded: {}", run.instanceId(), ex.getMessage());
		}
	}

	private void endJob(BotRun run, JobState to, String reason) {
		try {
			this.transitions.apply(StateMachines.JOB, run.jobId(), JobState.RUNNING, to, reason, FsmActor.RUNNER);
		}
		catch (ApiException ex) {
			// The job already ended.
		}
	}

	private void forget(BotRun run) {
		this.runs.remove(run.instanceId());
		this.beaten.remove(run.instanceId());
	}

	/** The instances this host runs now (for the API and tests). */
	Set<UUID> instances() {
		return Set.copyOf(this.runs.keySet());
	}

	@Override
	public void start() {
		this.running = true;
		if (this.properties.enabled()) {
			log.info("Runner host {} started: up to {} bot(s), heartbeat every {}", this.host.value(),
					this.properties.capacity(), this.properties.heartbeatInterval());
		}
	}

	/** Graceful hand-over: this host's instances STOPPED, and a PENDING one for every bot meant to run. */
	@Override
	public void stop() {
		this.running = false;
		List<BotRun> mine = List.copyOf(this.runs.values());
		mine.forEach(BotRun::cancel);
		if (mine.isEmpty()) {
			return;
		}
		try {
			this.transactions.executeWithoutResult((status) -> {
				for (BotRun run : mine) {
					this.transitions.apply(StateMachines.INSTANCE, run.instanceId(), InstanceState.RUNNING,
							InstanceState.STOPPED, "HOST_SHUTDOWN", FsmActor.RUNNER);
					this.jdbc.sql("UPDATE runner_instances SET exit_reason = 'HOST_SHUTDOWN' WHERE id = ?")
						.param(run.instanceId())
						.update();
					this.transitions.apply(StateMachines.JOB, run.jobId(), JobState.RUNNING, JobState.CANCELLED,
							"HOST_SHUTDOWN", FsmActor.RUNNER);
					this.jdbc.sql("""
							INSERT INTO runner_instances (id, bot_id, state, created_at)
							SELECT ?, id, 'PENDING', ? FROM bots WHERE id = ? AND desired_state = 'RUNNING'""")
						.params(Ids.newId(), Timestamp.from(this.clock.instant()), run.botId())
						.update();
				}
			});
			log.info("Runner host {} handed over {} bot(s) on shutdown", this.host.value(), mine.size());
		}
		catch (RuntimeException ex) {
			// The database may be gone at shutdown: the timeout worker cleans up what is left RUNNING.
			log.warn("Runner host {} could not hand over its bots on shutdown: {}", this.host.value(),
					ex.getClass().getSimpleName());
		}
		mine.forEach(this::forget);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops before the web server and the pools (higher phase stops first). */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 1000;
	}

}
