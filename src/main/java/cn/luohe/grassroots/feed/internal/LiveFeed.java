package cn.luohe.grassroots.feed.internal;

import java.nio.ByteBuffer;
import java.time.Duration;

import cn.luohe.grassroots.common.lifecycle.RunningSubscription;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import io.lettuce.core.resource.ClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteBufferRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.stereotype.Component;

/**
 * The one reader of the Redis Stream in this instance, shared by all local subscribers.
 *
 * <p>
 * A plain {@code XREAD BLOCK} loop (every instance needs every entry, so no consumer
 * group) on its own connection, multicast through one sink. Entries are passed on only
 * when their outbox id is above the last one passed on: re-sent duplicates stop here. The
 * sink replays the last few seconds to a new subscriber: an entry can be read here before
 * the relay's commit makes it visible to the subscriber's history query.
 *
 * <p>
 * On every (re)connection the reader first passes on what it may have missed: published
 * rows above its last id from PostgreSQL (entries of a Redis that was lost), then the
 * newest entries of the stream (entries whose publication is not committed yet), and
 * continues reading after them. A subscriber never waits on the reader: while Redis is
 * down its stream stays open with heartbeats and resumes when the reader does.
 */
@Component
public class LiveFeed implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

	/** Rows fetched per query when catching up from PostgreSQL. */
	private static final int CATCH_UP_PAGE = 500;

	private static final int REPLAY_SIZE = 256;

	private static final Duration REPLAY_AGE = Duration.ofSeconds(3);

	private final ReactiveRedisConnectionFactory redis;

	private final FeedRepository repository;

	private final FeedProperties properties;

	private final ByteBuffer streamKey;

	private final Sinks.Empty<Void> ready = Sinks.empty();

	private volatile Sinks.Many<FeedEvent> sink = newSink();

	/** The highest outbox id passed on. */
	private volatile long lastId;

	/** Reader loop only: where the next XREAD starts. */
	private String streamPosition = "0-0";

	private boolean initialised;

	private volatile boolean failing;

	private final RunningSubscription task = new RunningSubscription();

	/**
	 * Lettuce reconnects by itself and re-sends a pending XREAD, so a Redis that
	 * restarted empty would go unnoticed; its reconnect attempts end the session instead,
	 * and the next one catches up.
	 */
	private final Flux<Event> redisReconnecting;

	LiveFeed(ReactiveRedisConnectionFactory redis, FeedRepository repository, FeedProperties properties,
			ObjectProvider<ClientResources> clientResources) {
		this.redis = redis;
		this.repository = repository;
		this.properties = properties;
		this.streamKey = StreamEntries.buffer(properties.streamKey());
		ClientResources resources = clientResources.getIfAvailable();
		this.redisReconnecting = (resources != null)
				? resources.eventBus().get().filter(ReconnectAttemptEvent.class::isInstance) : Flux.never();
	}

	private static Sinks.Many<FeedEvent> newSink() {
		return Sinks.many().replay().limit(REPLAY_SIZE, REPLAY_AGE);
	}

	/**
	 * Every event from now on, after the last few seconds' worth; completes when the
	 * instance shuts down.
	 */
	public Flux<FeedEvent> events() {
		return this.sink.asFlux();
	}

	/**
	 * The highest outbox id multicast so far: where a subscriber without an id starts.
	 */
	public long lastId() {
		return this.lastId;
	}

	/**
	 * Completes once the reader has positioned itself, or has failed to for the first
	 * time (subscribers then follow a degraded feed rather than wait).
	 */
	public Mono<Void> ready() {
		return this.ready.asMono();
	}

	@Override
	public void start() {
		this.sink = newSink();
		this.task.hold(Flux.defer(this::session)
			.doOnError(this::failed)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
				.maxBackoff(this.properties.maxBackoff())
				.transientErrors(true))
			.subscribe());
	}

	@Override
	public void stop() {
		this.task.stop();
		// ends every open stream, so graceful shutdown does not wait on them; clients
		// resume by id on another instance
		this.sink.tryEmitComplete();
	}

	@Override
	public boolean isRunning() {
		return this.task.isRunning();
	}

	private Flux<Integer> session() {
		Mono<Integer> reconnecting = this.redisReconnecting.next()
			.then(Mono.error(() -> new IllegalStateException("Redis connection lost")));
		return Flux.usingWhen(connection(),
				connection -> catchUp(connection).thenMany(Mono.defer(() -> read(connection)).repeat())
					.mergeWith(reconnecting),
				ReactiveRedisConnection::closeLater);
	}

	/** Taken off the event loop: the first call may connect, which blocks. */
	private Mono<ReactiveRedisConnection> connection() {
		return Mono.fromSupplier(this.redis::getReactiveConnection).subscribeOn(Schedulers.boundedElastic());
	}

	private Mono<Void> catchUp(ReactiveRedisConnection connection) {
		Mono<Void> fromDatabase = this.initialised ? catchUpFromDatabase(this.lastId)
				: this.repository.maxPublishedId().doOnNext(id -> this.lastId = id).then();
		return fromDatabase
			.then(connection.streamCommands()
				.xRevRange(this.streamKey, Range.unbounded(), Limit.limit().count(this.properties.batchSize() * 2))
				.collectList())
			.doOnNext(newestFirst -> {
				for (int i = newestFirst.size() - 1; i >= 0; i--) {
					pass(newestFirst.get(i));
				}
				this.streamPosition = newestFirst.isEmpty() ? "0-0" : newestFirst.get(0).getId().getValue();
				this.initialised = true;
				this.ready.tryEmitEmpty();
				recovered();
			})
			.then();
	}

	private Mono<Void> catchUpFromDatabase(long after) {
		return this.repository.publishedAfter(after, CATCH_UP_PAGE)
			.collectList()
			.expand(page -> (page.size() < CATCH_UP_PAGE) ? Mono.empty()
					: this.repository.publishedAfter(page.get(page.size() - 1).id(), CATCH_UP_PAGE).collectList())
			.doOnNext(page -> page.forEach(this::pass))
			.then();
	}

	private Mono<Integer> read(ReactiveRedisConnection connection) {
		StreamReadOptions options = StreamReadOptions.empty()
			.block(this.properties.readBlock())
			.count(this.properties.batchSize());
		return connection.streamCommands()
			.xRead(options, StreamOffset.create(this.streamKey, ReadOffset.from(this.streamPosition)))
			.collectList()
			.timeout(this.properties.readBlock().plus(this.properties.redisTimeout()))
			.map(records -> {
				for (ByteBufferRecord entry : records) {
					this.streamPosition = entry.getId().getValue();
					pass(entry);
				}
				recovered();
				return records.size();
			});
	}

	private void pass(ByteBufferRecord entry) {
		FeedEvent event;
		try {
			event = StreamEntries.event(StreamEntries.decode(entry.getValue()));
		}
		catch (IllegalArgumentException ex) {
			log.warn("Skipping feed stream entry {}: {}", entry.getId().getValue(), ex.getMessage());
			return;
		}
		pass(event);
	}

	private void pass(FeedEvent event) {
		if (event.id() <= this.lastId) {
			return;
		}
		Sinks.EmitResult result = this.sink.tryEmitNext(event);
		if (result.isFailure() && result != Sinks.EmitResult.FAIL_TERMINATED) {
			log.warn("Feed event {} not multicast: {}", event.id(), result);
		}
		// after the emission: whoever reads lastId has been offered the event
		this.lastId = event.id();
	}

	private void failed(Throwable ex) {
		this.ready.tryEmitEmpty();
		if (!this.failing) {
			this.failing = true;
			log.warn("Feed reader lost Redis ({}); retrying, subscribers stay connected", OutboxRelay.describe(ex));
		}
	}

	private void recovered() {
		if (this.failing) {
			this.failing = false;
			log.info("Feed reader reading again");
		}
	}

}
