package cn.luohe.grassroots.feed.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import cn.luohe.grassroots.common.lifecycle.RunningSubscription;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Tells the relay that outbox rows were committed: every outbox insert also runs
 * {@code pg_notify(CHANNEL)}, which PostgreSQL delivers at commit, once per transaction,
 * to every instance listening. The relay then runs at once instead of on its next poll,
 * and polls only rarely while this instance listens (why: docs/feed.md, "Waking the
 * relay").
 *
 * <p>
 * Awake: a relay that found work takes {@link FeedRepository#AWAKE_LOCK} on this
 * connection ({@link #stayAwake()}) and looks again at a short interval until a look
 * finds none; writers notify only while nobody holds it, so under load commits stop
 * notifying (each notifying commit takes PostgreSQL's notification queue lock, one at a
 * time across the database). Writers that hold it in shared mode (they are notifying)
 * keep the relay from taking it. Giving it up ({@link #sleep()}) is followed by one more
 * look, which sees every writer that found it taken. The lock goes with the connection:
 * lost, writers notify again.
 *
 * <p>
 * One connection of its own, outside every pool (a listening connection must stay open
 * and must not be handed to other work); lost, it is reopened with backoff, and while it
 * is down {@link #listening()} is false so that the relay polls at its full rate.
 */
@Component
class OutboxWakeups implements SmartLifecycle {

	/** The notification channel written by {@link OutboxWriter}. */
	static final String CHANNEL = "feed_outbox";

	private static final Logger log = LoggerFactory.getLogger(OutboxWakeups.class);

	/** Bound of taking or giving up the awake lock (the relay waits for either). */
	private static final Duration LOCK_STATEMENT_TIMEOUT = Duration.ofSeconds(2);

	private final ConnectionFactory connections;

	private final FeedProperties properties;

	private final Sinks.Many<Boolean> wakeups = Sinks.many().multicast().directBestEffort();

	private final RunningSubscription listener = new RunningSubscription();

	private volatile boolean listening;

	private volatile boolean awake;

	private volatile @Nullable PostgresqlConnection connection;

	private final AtomicLong notifications = new AtomicLong();

	private volatile boolean lost;

	OutboxWakeups(ConnectionFactory connectionFactory, FeedProperties properties) {
		this.connections = (connectionFactory instanceof ConnectionPool pool) ? pool.unwrap() : connectionFactory;
		this.properties = properties;
	}

	/** A signal per notified commit (several may arrive as one). */
	Flux<Boolean> signals() {
		return this.wakeups.asFlux();
	}

	/** Whether notifications reach this instance now (otherwise the relay polls). */
	boolean listening() {
		return this.listening;
	}

	/** Whether this instance's relay holds the awake lock (writers do not notify). */
	boolean awake() {
		return this.awake;
	}

	/** Notifications received since start; lets tests see which commits notified. */
	long notifications() {
		return this.notifications.get();
	}

	/**
	 * Holds the awake lock, taking it if this instance does not hold it yet: false when
	 * it does not listen or another session holds the lock (another instance's awake
	 * relay, or writers notifying now).
	 */
	Mono<Boolean> stayAwake() {
		PostgresqlConnection current = this.connection;
		if (this.awake || current == null || !this.listening) {
			return Mono.just(this.awake);
		}
		return current.createStatement("SELECT pg_try_advisory_lock(" + FeedRepository.AWAKE_LOCK + ") AS taken")
			.execute()
			.flatMap(result -> result.map((row, metadata) -> Boolean.TRUE.equals(row.get("taken", Boolean.class))))
			.next()
			.defaultIfEmpty(false)
			.doOnNext(taken -> this.awake = taken && this.connection == current)
			.map(taken -> this.awake)
			// the relay waits for this: a connection that does not answer is closed,
			// which
			// also gives up a lock the try may still take
			.timeout(LOCK_STATEMENT_TIMEOUT)
			.onErrorResume(ex -> Mono.from(current.close()).onErrorComplete().thenReturn(false));
	}

	/**
	 * Gives the awake lock up: writers notify again once this completes. If it cannot be
	 * given up (an error, no answer within 2 s), the connection is closed, which gives it
	 * up too (and is reopened).
	 */
	Mono<Void> sleep() {
		return this.awake ? release() : Mono.empty();
	}

	/**
	 * Gives the awake lock up whether or not this instance believes it holds it: a relay
	 * stopped while it tried to take it may hold it unknowingly (the try completes on the
	 * server; this statement, sent after it on the same connection, runs after it).
	 */
	Mono<Void> release() {
		PostgresqlConnection current = this.connection;
		this.awake = false;
		if (current == null) {
			return Mono.empty();
		}
		// the connection's only session-level advisory lock
		return current.createStatement("SELECT pg_advisory_unlock_all()")
			.execute()
			.flatMap(result -> result.getRowsUpdated())
			.then()
			.timeout(LOCK_STATEMENT_TIMEOUT)
			.onErrorResume(ex -> Mono.from(current.close()).onErrorComplete());
	}

	@Override
	public void start() {
		if (!this.properties.relayEnabled()) {
			return;
		}
		this.listener.hold(Mono.usingWhen(Mono.from(this.connections.create()), this::listen, this::close)
			.doOnError(this::lost)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(this.properties.maxBackoff()))
			.subscribe());
	}

	private Mono<Void> listen(Connection connection) {
		if (!(connection instanceof PostgresqlConnection postgres)) {
			log.info("The feed relay polls: its connections cannot LISTEN ({})", connection.getClass().getName());
			return Mono.never();
		}
		this.connection = postgres;
		return postgres.createStatement("LISTEN " + CHANNEL)
			.execute()
			.flatMap(result -> result.getRowsUpdated())
			.then(Mono.fromRunnable(this::listened))
			.thenMany(postgres.getNotifications())
			.doOnNext(notification -> {
				this.notifications.incrementAndGet();
				this.wakeups.tryEmitNext(Boolean.TRUE);
			})
			.then(Mono.error(() -> new IllegalStateException("notification connection closed")));
	}

	private void listened() {
		this.listening = true;
		if (this.lost) {
			this.lost = false;
			log.info("Feed relay woken by notifications again");
		}
		// rows committed while no one listened are picked up now, not at the next poll
		this.wakeups.tryEmitNext(Boolean.TRUE);
	}

	private void lost(Throwable ex) {
		this.listening = false;
		// the session lock went with the connection
		this.awake = false;
		this.connection = null;
		if (!this.lost) {
			this.lost = true;
			log.warn("Feed relay cannot listen for commits ({}); it polls until it can", OutboxRelay.describe(ex));
		}
	}

	private Mono<Void> close(Connection connection) {
		return Mono.from(connection.close()).onErrorComplete();
	}

	@Override
	public void stop() {
		this.listener.stop();
		this.listening = false;
		this.awake = false;
		this.connection = null;
	}

	@Override
	public boolean isRunning() {
		return this.listener.isRunning();
	}

	@Override
	public int getPhase() {
		// listening before the relay starts, so its first wake-ups are not missed
		return SmartLifecycle.DEFAULT_PHASE - 1;
	}

}
