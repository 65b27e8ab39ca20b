package cn.luohe.grassroots.feed.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import cn.luohe.grassroots.common.lifecycle.PeriodicTask;
import cn.luohe.grassroots.common.time.BusinessClock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Moves outbox rows to the Redis Stream, oldest id first, at least once.
 *
 * <p>
 * Order: the SSE id is the outbox id, and consumers drop any id not above the last one
 * they delivered, so the stream must carry ids in increasing order. Ids are drawn at
 * insert, not at commit: a writer may still commit id 5 after id 6 is visible. Selecting
 * unpublished rows (never "id greater than the last seen") keeps 5 from being lost, but
 * publishing 6 before 5 would still make every consumer drop 5. So the relay only
 * publishes up to a <em>settled</em> id: it notes the highest unpublished id it sees and
 * the outbox writers then in flight (they hold {@link FeedRepository#WRITER_LOCK} in
 * shared mode from before drawing their id), and publishes up to that id once those
 * writers have ended. Writers are never blocked; a commit wakes the relay
 * ({@link OutboxWakeups}), or, while the relay is awake (it found work), its next look
 * comes after {@code awake-poll-interval} and commits do not notify; a record becomes
 * visible on screens one or two looks after it.
 *
 * <p>
 * One relay at a time: each batch transaction takes
 * {@code pg_try_advisory_xact_lock(RELAY_LOCK)} and gives up the tick when another
 * instance holds it. Chosen over a session lock on a dedicated connection because it
 * needs no leader state, no extra connection and no failure detection: the lock goes with
 * the transaction, so a crashed instance's relay is replaced on the next tick.
 *
 * <p>
 * Its own connections: the relay's statements run on a pool of at most
 * {@value #CONNECTIONS} connections of its own (opened when first needed), never queued
 * behind request traffic (why, with the figures: docs/feed.md, "The relay's own
 * connections").
 *
 * <p>
 * At least once: the batch is XADDed in order (one script, one round trip), then marked
 * published in the same transaction; if the commit fails the rows are sent again and
 * consumers drop the duplicates by id. With Redis down, records and outbox rows still
 * commit; the relay backs off, logs once per outage and catches up in order when Redis
 * returns.
 */
@Component
class OutboxRelay extends PeriodicTask implements DisposableBean {

	private static final int CONNECTIONS = 2;

	/** KEYS[1] the stream; ARGV: maxlen, then per entry its field count and pairs. */
	private static final ByteBuffer APPEND_SCRIPT = StreamEntries.buffer("""
			local i, n = 2, 0
			while i <= #ARGV do
			  local count = tonumber(ARGV[i])
			  local entry = {}
			  for j = 1, count * 2 do entry[j] = ARGV[i + j] end
			  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(entry))
			  i = i + 1 + count * 2
			  n = n + 1
			end
			return n
			""").asReadOnlyBuffer();

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

	private static final long SLOW_WRITER_NANOS = Duration.ofSeconds(10).toNanos();

	private final FeedRepository repository;

	private final ReactiveRedisConnectionFactory redis;

	private final TransactionalOperator transactions;

	private final BusinessClock clock;

	private final FeedProperties properties;

	private final ByteBuffer streamKey;

	private final AtomicLong runs = new AtomicLong();

	private final ConnectionPool connections;

	private final OutboxWakeups wakeups;

	/** Polls skipped while commits wake the relay: it looks on every n-th tick only. */
	private final long listeningEvery;

	/** Every id up to this one is final: no writer can still commit a smaller one. */
	private volatile long settled;

	private volatile @Nullable Pending pending;

	private volatile Duration backoff = Duration.ZERO;

	private volatile boolean failing;

	OutboxRelay(ConnectionFactory connectionFactory, ReactiveRedisConnectionFactory redis, BusinessClock clock,
			FeedProperties properties, OutboxWakeups wakeups) {
		super("Relaying the feed outbox", properties.pollInterval(), properties.pollInterval());
		this.connections = ownPool(connectionFactory);
		this.repository = new FeedRepository(DatabaseClient.create(this.connections));
		this.redis = redis;
		this.transactions = TransactionalOperator.create(new R2dbcTransactionManager(this.connections));
		this.clock = clock;
		this.properties = properties;
		this.streamKey = StreamEntries.buffer(properties.streamKey());
		this.wakeups = wakeups;
		this.listeningEvery = Math.max(1,
				properties.listeningPollInterval().toMillis() / properties.pollInterval().toMillis());
	}

	/** A small pool on the connections under the application's pool. */
	private static ConnectionPool ownPool(ConnectionFactory shared) {
		ConnectionFactory connections = (shared instanceof ConnectionPool pool) ? pool.unwrap() : shared;
		return new ConnectionPool(ConnectionPoolConfiguration.builder(connections)
			.name("feed-relay")
			.initialSize(0)
			.maxSize(CONNECTIONS)
			.maxIdleTime(Duration.ofMinutes(10))
			.maxAcquireTime(Duration.ofSeconds(10))
			.maxCreateConnectionTime(Duration.ofSeconds(10))
			// no "SELECT 1" on every acquire (a round trip per statement); a connection
			// whose socket is closed fails the local check
			.validationDepth(ValidationDepth.LOCAL)
			.build());
	}

	@Override
	public void destroy() {
		this.connections.dispose();
	}

	@Override
	protected boolean enabled() {
		return this.properties.relayEnabled();
	}

	@Override
	protected Flux<?> wakeups() {
		return this.wakeups.signals();
	}

	@Override
	protected boolean due(long tick) {
		return !this.wakeups.listening() || tick % this.listeningEvery == 0;
	}

	@Override
	protected Mono<Void> runOnce() {
		return run();
	}

	/**
	 * Looks at the outbox completed (published or not) since start; lets tests wait for
	 * polls.
	 */
	long completedRuns() {
		return this.runs.get();
	}

	private Mono<Void> run() {
		return passes().then(Mono.fromRunnable(this::recovered))
			.onErrorResume(
					ex -> this.wakeups.sleep().then(failed(ex)).then(Mono.defer(() -> Mono.delay(this.backoff).then())))
			// stopped while awake (the listening connection stays): writers must notify
			// again
			.doOnCancel(() -> this.wakeups.release().subscribe())
			.then();
	}

	/**
	 * Looks until a look finds no work. A look that finds work (unpublished rows, writers
	 * in flight) keeps the relay awake, so that writers stop notifying, and the next look
	 * follows after {@code awake-poll-interval}. A look that finds none gives the awake
	 * lock up and looks once more: a writer that found the lock taken did not notify, and
	 * it holds the writer lock from before it tried, so that last look sees it in flight
	 * or its row committed. Without the lock (not listening, another instance's relay
	 * awake, writers notifying) one look is all: commits, or polls, wake it.
	 */
	private Mono<Void> passes() {
		return loop(pass());
	}

	/**
	 * A loop, not a recursion: awake through a busy morning, the relay looks tens of
	 * thousands of times in one run, and nested operators would pile up until it ends.
	 */
	private Mono<Void> loop(Mono<Next> first) {
		return first.expand(next -> switch (next) {
			case DONE -> Mono.empty();
			case NOW -> pass();
			case AFTER_INTERVAL -> Mono.delay(this.properties.awakePollInterval()).then(pass());
		}).then();
	}

	/** One look (and publishing what it settled), then when the next one comes. */
	private Mono<Next> pass() {
		return relayOnce().doFinally(signal -> this.runs.incrementAndGet()).flatMap(foundWork -> {
			if (foundWork) {
				return this.wakeups.stayAwake().map(awake -> awake ? Next.AFTER_INTERVAL : Next.DONE);
			}
			return this.wakeups.awake() ? lockGivenUp() : Mono.just(Next.DONE);
		});
	}

	/**
	 * After a look that found no work while awake: the lock given up, then one more look
	 * (the loop's own step, run on its own by tests).
	 */
	Mono<Void> fallAsleep() {
		return loop(lockGivenUp());
	}

	private Mono<Next> lockGivenUp() {
		return this.wakeups.sleep().thenReturn(Next.NOW);
	}

	/**
	 * One poll: one look at the outbox (see {@link FeedRepository#look}), settle what can
	 * be settled, then publish every settled row. One statement, not three: under load
	 * each statement waits its turn on the database's event loops, and a row is published
	 * only a poll after its writers were seen. Answers whether the look found work:
	 * unpublished rows or writers in flight.
	 */
	Mono<Boolean> relayOnce() {
		return Mono.defer(() -> {
			Pending current = this.pending;
			return this.repository.look((current != null) ? current.writers() : List.of())
				.flatMap(look -> afterLook(current, look));
		}).defaultIfEmpty(false);
	}

	private Mono<Boolean> afterLook(@Nullable Pending current, FeedRepository.Look look) {
		if (current != null) {
			settlePending(current, look.pendingWriting());
		}
		Long lo = look.lo();
		Long hi = look.hi();
		boolean foundWork = lo != null || !look.writers().isEmpty() || this.pending != null;
		if (lo == null || hi == null) {
			return Mono.just(foundWork);
		}
		if (this.pending == null && hi > this.settled) {
			// any writer that may still commit an id below hi is among the look's writers
			if (look.writers().isEmpty()) {
				settle(hi);
			}
			else {
				this.pending = new Pending(hi, look.writers(), System.nanoTime(), false);
			}
		}
		return ((lo <= this.settled) ? publishThrough(this.settled).then() : Mono.<Void>empty()).thenReturn(foundWork);
	}

	private void settlePending(Pending current, boolean writing) {
		if (!writing) {
			settle(current.through());
			this.pending = null;
		}
		else if (!current.warned() && System.nanoTime() - current.since() > SLOW_WRITER_NANOS) {
			// correct but visible: nothing newer is published until it ends
			this.pending = current.warn();
			log.warn("Feed held back: a transaction writing to the outbox has been open for over {} s",
					SLOW_WRITER_NANOS / 1_000_000_000L);
		}
	}

	private void settle(long through) {
		if (through > this.settled) {
			this.settled = through;
		}
	}

	private Mono<Integer> publishThrough(long through) {
		return publishBatch(through)
			.expand(published -> (published >= this.properties.batchSize()) ? publishBatch(through) : Mono.empty())
			.reduce(0, Integer::sum);
	}

	/**
	 * One transaction: the relay lock, the oldest settled rows marked published and
	 * returned (one statement), XADD in order; a failed XADD rolls the mark back. Answers
	 * 0 when another instance is relaying. The Redis connection is taken before the
	 * transaction so that a slow connect holds no database connection.
	 */
	private Mono<Integer> publishBatch(long through) {
		return Mono.usingWhen(connection(),
				connection -> this.transactions.transactional(this.repository.tryRelayLock()
					.flatMap(locked -> locked ? publishTaken(connection, through) : Mono.just(0))),
				ReactiveRedisConnection::closeLater);
	}

	private Mono<Integer> publishTaken(ReactiveRedisConnection connection, long through) {
		return this.repository.takeUnpublished(through, this.properties.batchSize(), this.clock.now())
			.collectList()
			.flatMap(rows -> rows.isEmpty() ? Mono.just(0) : append(connection, rows).thenReturn(rows.size()));
	}

	/**
	 * The whole batch in one round trip: a script XADDs the rows in order, and Redis runs
	 * a script alone, so no other entry falls between them and a failed XADD is never
	 * followed by the next. Entries of a script cut short are sent again with the rest
	 * (at least once; consumers drop ids they have passed).
	 */
	private Mono<Void> append(ReactiveRedisConnection connection, List<FeedEvent> rows) {
		List<ByteBuffer> keysAndArgs = new ArrayList<>();
		keysAndArgs.add(this.streamKey.duplicate());
		keysAndArgs.add(StreamEntries.buffer(Long.toString(this.properties.streamMaxLength())));
		for (FeedEvent row : rows) {
			Map<String, String> fields = StreamEntries.fields(row);
			keysAndArgs.add(StreamEntries.buffer(Integer.toString(fields.size())));
			fields.forEach((name, value) -> {
				keysAndArgs.add(StreamEntries.buffer(name));
				keysAndArgs.add(StreamEntries.buffer(value));
			});
		}
		return connection.scriptingCommands()
			.eval(APPEND_SCRIPT.duplicate(), ReturnType.INTEGER, 1, keysAndArgs.toArray(ByteBuffer[]::new))
			.then()
			.timeout(this.properties.redisTimeout());
	}

	/** Taken off the event loop: the first call may connect, which blocks. */
	private Mono<ReactiveRedisConnection> connection() {
		return Mono.fromSupplier(this.redis::getReactiveConnection).subscribeOn(Schedulers.boundedElastic());
	}

	private Mono<Void> failed(Throwable ex) {
		return Mono.fromRunnable(() -> {
			Duration doubled = this.backoff.isZero() ? FIRST_BACKOFF : this.backoff.multipliedBy(2);
			this.backoff = (doubled.compareTo(this.properties.maxBackoff()) > 0) ? this.properties.maxBackoff()
					: doubled;
			if (!this.failing) {
				this.failing = true;
				log.warn("Feed relay cannot publish ({}); events stay in the outbox and are sent in order once it can",
						describe(ex));
			}
		});
	}

	private void recovered() {
		this.backoff = Duration.ZERO;
		if (this.failing) {
			this.failing = false;
			log.info("Feed relay publishing again");
		}
	}

	static String describe(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return ex.getClass().getSimpleName() + ((root != ex) ? " / " + root.getClass().getSimpleName() : "") + ": "
				+ root.getMessage();
	}

	/** When the next look comes within one run. */
	private enum Next {

		/** Not in this run: the relay is asleep (commits or polls wake it). */
		DONE,
		/** At once: the lock was just given up. */
		NOW,
		/** After {@code awake-poll-interval}: the relay is awake. */
		AFTER_INTERVAL

	}

	/** The highest id seen and the writers in flight just after it was seen. */
	private record Pending(long through, List<String> writers, long since, boolean warned) {

		Pending warn() {
			return new Pending(this.through, this.writers, this.since, true);
		}

	}

}
