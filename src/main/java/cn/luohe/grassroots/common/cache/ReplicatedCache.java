package cn.luohe.grassroots.common.cache;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import cn.luohe.grassroots.common.lifecycle.RunningSubscription;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import io.lettuce.core.resource.ClientResources;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;

/**
 * Values kept in memory per instance only while the instance can prove it hears every
 * change (moved here from the caller cache, which it also serves):
 * <ul>
 * <li>a change is published on a Redis channel <em>after its transaction commits</em>
 * (published before, another instance could reload and cache the old rows);
 * <li>every instance listens, and also publishes its own heartbeat on the same channel;
 * the cache is used only while its own heartbeats come back in sequence, within
 * {@code silence}. A missed heartbeat, a Lettuce reconnect or a Redis outage drops the
 * whole cache and bypasses it (values loaded from PostgreSQL, as without a cache) until a
 * heartbeat sent after the break returns;
 * <li>a load that began before any invalidation is not stored (a generation count), so a
 * read racing a change cannot put the old value back.
 * </ul>
 * Each cache is a bean of its feature that extends this class (one per channel), so that
 * Spring starts and stops the listening with the context.
 */
public abstract class ReplicatedCache<K, V> implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ReplicatedCache.class);

	private static final String HEARTBEAT = "heartbeat:";

	/** The message that forgets every entry. */
	private static final String EVERYTHING = "*";

	private static final long LOG_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

	private final String channel;

	private final Settings settings;

	private final ReactiveRedisConnectionFactory redis;

	private final ReactiveStringRedisTemplate publisher;

	private final Flux<Event> redisBreaks;

	private final Function<String, K> keys;

	private final Cache<K, V> entries;

	private final String instance = UUID.randomUUID().toString();

	private final AtomicLong sent = new AtomicLong();

	/** Raised by every invalidation: a load that saw an older value stores nothing. */
	private final AtomicLong generation = new AtomicLong();

	private final RunningSubscription running = new RunningSubscription();

	/** Heartbeats up to this one may have been lost; trust starts above it. */
	private volatile long brokenThrough = Long.MAX_VALUE;

	private volatile long lastHeard = -1;

	private volatile long lastHeardNanos;

	private volatile boolean trusted;

	private volatile long lastLoggedNanos = System.nanoTime() - LOG_INTERVAL_NANOS;

	/**
	 * @param keys reads a key from its message ({@code toString()} writes it); it must
	 * never read {@code *} or a heartbeat
	 */
	protected ReplicatedCache(String channel, Settings settings, ReactiveRedisConnectionFactory redis,
			@Nullable ClientResources clientResources, Function<String, K> keys) {
		this.channel = channel;
		this.settings = settings;
		this.redis = redis;
		this.publisher = new ReactiveStringRedisTemplate(redis);
		this.redisBreaks = (clientResources != null)
				? clientResources.eventBus().get().filter(ReconnectAttemptEvent.class::isInstance) : Flux.never();
		this.keys = keys;
		this.entries = Caffeine.newBuilder().maximumSize(settings.maxSize()).expireAfterWrite(settings.ttl()).build();
	}

	/** The value from memory when it can be trusted, else from {@code load}. */
	public Mono<V> get(K key, Supplier<Mono<V>> load) {
		if (!trusted()) {
			return load.get();
		}
		V cached = this.entries.getIfPresent(key);
		if (cached != null) {
			return Mono.just(cached);
		}
		long seen = this.generation.get();
		return load.get().doOnNext(found -> {
			if (trusted() && this.generation.get() == seen) {
				this.entries.put(key, found);
				// an invalidation may have landed between the check and the put
				if (this.generation.get() != seen) {
					this.entries.invalidate(key);
				}
			}
		});
	}

	/**
	 * {@code key}'s value changes in the current transaction: forgotten here and on every
	 * instance once it commits (at once when there is no transaction).
	 */
	public Mono<Void> changedAfterCommit(K key) {
		return afterCommit(key.toString());
	}

	/**
	 * As {@link #changedAfterCommit}, for every entry (e.g. a tree whose paths moved).
	 */
	public Mono<Void> everythingChangedAfterCommit() {
		return afterCommit(EVERYTHING);
	}

	private Mono<Void> afterCommit(String message) {
		return TransactionSynchronizationManager.forCurrentTransaction().flatMap(transaction -> {
			if (!transaction.isSynchronizationActive()) {
				return changed(message);
			}
			transaction.registerSynchronization(new TransactionSynchronization() {
				@Override
				public Mono<Void> afterCommit() {
					return changed(message);
				}
			});
			return Mono.<Void>empty();
		}).onErrorResume(NoTransactionException.class, ex -> changed(message));
	}

	private Mono<Void> changed(String message) {
		forget(message);
		return sent(message).timeout(Duration.ofSeconds(1))
			.doOnError(ex -> log.warn("Change {} on {} not broadcast ({}); other instances rely on their heartbeat",
					message, this.channel, ex.toString()))
			.onErrorComplete()
			.then();
	}

	/**
	 * {@code message} published on the channel, off the caller's thread: while Redis is
	 * down, Lettuce's shared connection is made again under a lock, and a heartbeat on
	 * Reactor's parallel workers (or a change after commit on an event loop) waited on it
	 * (BlockHound, DependencyOutageTests).
	 */
	private Mono<Long> sent(String message) {
		return Mono.defer(() -> this.publisher.convertAndSend(this.channel, message))
			.subscribeOn(Schedulers.boundedElastic());
	}

	private void forget(String message) {
		this.generation.incrementAndGet();
		if (EVERYTHING.equals(message)) {
			this.entries.invalidateAll();
		}
		else {
			this.entries.invalidate(this.keys.apply(message));
		}
	}

	/** Whether {@code key}'s value is held now (for tests). */
	public boolean holds(K key) {
		return trusted() && this.entries.getIfPresent(key) != null;
	}

	private boolean trusted() {
		if (!this.trusted) {
			return false;
		}
		if (System.nanoTime() - this.lastHeardNanos > this.settings.silence().toNanos()) {
			brk("no heartbeat for " + this.settings.silence().toMillis() + " ms");
			return false;
		}
		return true;
	}

	/** Anything may have been missed: drop everything and wait for a fresh heartbeat. */
	private void brk(String why) {
		boolean wasTrusted = this.trusted;
		this.trusted = false;
		this.brokenThrough = this.sent.get();
		this.generation.incrementAndGet();
		this.entries.invalidateAll();
		long now = System.nanoTime();
		// at most one line a minute: a starved CPU can delay heartbeats again and again
		if (wasTrusted && now - this.lastLoggedNanos > LOG_INTERVAL_NANOS) {
			this.lastLoggedNanos = now;
			log.info("Cache of {} bypassed until its channel is proven again ({})", this.channel, why);
		}
	}

	private void heard(String message) {
		if (message.startsWith(HEARTBEAT)) {
			int split = message.lastIndexOf(':');
			if (!message.substring(HEARTBEAT.length(), split).equals(this.instance)) {
				return;
			}
			long number = Long.parseLong(message.substring(split + 1));
			if (this.lastHeard >= 0 && number != this.lastHeard + 1 && this.trusted) {
				brk("heartbeat " + (this.lastHeard + 1) + " lost");
			}
			this.lastHeard = number;
			this.lastHeardNanos = System.nanoTime();
			if (!this.trusted && number > this.brokenThrough) {
				this.trusted = true;
			}
			return;
		}
		try {
			forget(message);
		}
		catch (RuntimeException ex) {
			brk("unreadable message");
		}
	}

	/** Starts listening and beating (nothing when disabled: every read loads). */
	@Override
	public void start() {
		if (!this.settings.enabled()) {
			return;
		}
		this.brokenThrough = -1;
		// the container's first Redis connection is made synchronously (≈ 1 s for the
		// first one of the process): off the starting thread, so start-up does not wait
		// for
		// it and a Redis outage at start-up leaves the cache bypassed, not the start hung
		AtomicReference<@Nullable ReactiveRedisMessageListenerContainer> made = new AtomicReference<>();
		// one container, made on the first attempt and reused by the retries
		Disposable listening = Mono
			.fromCallable(() -> made.updateAndGet(container -> (container != null) ? container
					: new ReactiveRedisMessageListenerContainer(this.redis)))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMapMany(container -> container.receive(ChannelTopic.of(this.channel)))
			.doOnNext(message -> heard(message.getMessage()))
			.doOnError(ex -> brk("listener failed: " + ex))
			.retryWhen(reactor.util.retry.Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
				.maxBackoff(Duration.ofSeconds(5)))
			.subscribe();
		Disposable beating = Flux.interval(this.settings.heartbeat())
			.onBackpressureDrop()
			.concatMap(tick -> sent(HEARTBEAT + this.instance + ":" + this.sent.incrementAndGet())
				.timeout(this.settings.heartbeat())
				.onErrorResume(ex -> Mono.fromRunnable(() -> brk("heartbeat not sent: " + ex)).then(Mono.empty())))
			.subscribe();
		Disposable breaks = this.redisBreaks.subscribe(event -> brk(event.getClass().getSimpleName()));
		this.running.hold(Disposables.composite(listening, beating, breaks, () -> {
			ReactiveRedisMessageListenerContainer container = made.get();
			if (container != null) {
				container.destroyLater().subscribe();
			}
		}));
	}

	@Override
	public void stop() {
		this.running.stop();
		this.trusted = false;
		this.entries.invalidateAll();
	}

	@Override
	public boolean isRunning() {
		return this.running.isRunning();
	}

	/**
	 * A cache's settings, as each feature binds them ({@code app.<feature>.cache.*}, its
	 * own defaults): the feature's properties record implements this.
	 */
	public interface Settings {

		/** Whether values are cached at all (off: loaded on every read). */
		boolean enabled();

		/** Entries held per instance. */
		long maxSize();

		/** Longest an entry is kept (a bound, not the invalidation guarantee). */
		Duration ttl();

		/** How often the instance checks its own invalidation channel. */
		Duration heartbeat();

		/**
		 * How long without its own heartbeat before the cache is dropped and bypassed.
		 */
		Duration silence();

	}

}
