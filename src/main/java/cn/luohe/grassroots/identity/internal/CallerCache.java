package cn.luohe.grassroots.identity.internal;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import cn.luohe.grassroots.common.lifecycle.RunningSubscription;
import cn.luohe.grassroots.identity.api.Caller;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import io.lettuce.core.resource.ClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;

/**
 * Every authenticated request needs the caller's active bindings; they change rarely, and
 * a revocation must still reach every instance within a second. So each instance keeps
 * them in memory only while it can prove it hears every change:
 * <ul>
 * <li>a change to a user's bindings or name is published on a Redis channel <em>after its
 * transaction commits</em> (published before, another instance could reload and cache the
 * old rows);
 * <li>every instance listens, and also publishes its own heartbeat on the same channel;
 * the cache is used only while its own heartbeats come back in sequence, within
 * {@code silence}. A missed heartbeat, a Lettuce reconnect or a Redis outage drops the
 * whole cache and bypasses it (bindings read from PostgreSQL, as before) until a
 * heartbeat sent after the break returns;
 * <li>a load that began before any invalidation is not stored (a generation count), so a
 * read racing a revocation cannot put the old bindings back.
 * </ul>
 * Chosen over a binding version in the token (a token cannot be recalled) and over a
 * Redis read per request (a round trip per request, which is what the cache removes).
 */
@Component
class CallerCache implements SmartLifecycle {

	static final String CHANNEL = "grassroots:identity:callers";

	private static final Logger log = LoggerFactory.getLogger(CallerCache.class);

	private static final String HEARTBEAT = "heartbeat:";

	private static final long LOG_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

	private final CallerCacheProperties properties;

	private final ReactiveRedisConnectionFactory redis;

	private final ReactiveStringRedisTemplate publisher;

	private final Flux<Event> redisBreaks;

	private final Cache<Long, Caller> entries;

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

	CallerCache(CallerCacheProperties properties, ReactiveRedisConnectionFactory redis,
			ObjectProvider<ClientResources> clientResources) {
		this.properties = properties;
		this.redis = redis;
		this.publisher = new ReactiveStringRedisTemplate(redis);
		ClientResources resources = clientResources.getIfAvailable();
		this.redisBreaks = (resources != null)
				? resources.eventBus().get().filter(ReconnectAttemptEvent.class::isInstance) : Flux.never();
		this.entries = Caffeine.newBuilder()
			.maximumSize(properties.maxSize())
			.expireAfterWrite(properties.ttl())
			.build();
	}

	/**
	 * The caller with their active bindings, from memory when it can be trusted, else
	 * from {@code load}. An organisation renamed while cached keeps its old name in the
	 * bindings for at most {@code ttl} (names are shown, never checked).
	 */
	Mono<Caller> get(long userId, Supplier<Mono<Caller>> load) {
		if (!trusted()) {
			return load.get();
		}
		Caller cached = this.entries.getIfPresent(userId);
		if (cached != null) {
			return Mono.just(cached);
		}
		long seen = this.generation.get();
		return load.get().doOnNext(found -> {
			if (trusted() && this.generation.get() == seen) {
				this.entries.put(userId, found);
				// an invalidation may have landed between the check and the put
				if (this.generation.get() != seen) {
					this.entries.invalidate(userId);
				}
			}
		});
	}

	/**
	 * The user's bindings or name change in the current transaction: forgotten here and
	 * on every instance once it commits (at once when there is no transaction).
	 */
	Mono<Void> changedAfterCommit(long userId) {
		return TransactionSynchronizationManager.forCurrentTransaction().flatMap(transaction -> {
			if (!transaction.isSynchronizationActive()) {
				return changed(userId);
			}
			transaction.registerSynchronization(new TransactionSynchronization() {
				@Override
				public Mono<Void> afterCommit() {
					return changed(userId);
				}
			});
			return Mono.<Void>empty();
		}).onErrorResume(NoTransactionException.class, ex -> changed(userId));
	}

	private Mono<Void> changed(long userId) {
		forget(userId);
		return this.publisher.convertAndSend(CHANNEL, Long.toString(userId))
			.timeout(Duration.ofSeconds(1))
			.doOnError(ex -> log.warn(
					"Binding change of user {} not broadcast ({}); other instances rely on their heartbeat", userId,
					ex.toString()))
			.onErrorComplete()
			.then();
	}

	private void forget(long userId) {
		this.generation.incrementAndGet();
		this.entries.invalidate(userId);
	}

	/** Whether {@code userId}'s bindings are held now (for tests). */
	boolean holds(long userId) {
		return trusted() && this.entries.getIfPresent(userId) != null;
	}

	private boolean trusted() {
		if (!this.trusted) {
			return false;
		}
		if (System.nanoTime() - this.lastHeardNanos > this.properties.silence().toNanos()) {
			brk("no heartbeat for " + this.properties.silence().toMillis() + " ms");
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
			log.info("Caller cache bypassed until its channel is proven again ({})", why);
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
			forget(Long.parseLong(message));
		}
		catch (NumberFormatException ex) {
			brk("unreadable message");
		}
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			return;
		}
		this.brokenThrough = -1;
		ReactiveRedisMessageListenerContainer container = new ReactiveRedisMessageListenerContainer(this.redis);
		Disposable listening = Flux.defer(() -> container.receive(ChannelTopic.of(CHANNEL)))
			.doOnNext(message -> heard(message.getMessage()))
			.doOnError(ex -> brk("listener failed: " + ex))
			.retryWhen(reactor.util.retry.Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
				.maxBackoff(Duration.ofSeconds(5)))
			.subscribe();
		Disposable beating = Flux.interval(this.properties.heartbeat())
			.onBackpressureDrop()
			.concatMap(tick -> this.publisher
				.convertAndSend(CHANNEL, HEARTBEAT + this.instance + ":" + this.sent.incrementAndGet())
				.timeout(this.properties.heartbeat())
				.onErrorResume(ex -> Mono.fromRunnable(() -> brk("heartbeat not sent: " + ex)).then(Mono.empty())))
			.subscribe();
		Disposable breaks = this.redisBreaks.subscribe(event -> brk(event.getClass().getSimpleName()));
		this.running
			.hold(Disposables.composite(listening, beating, breaks, () -> container.destroyLater().subscribe()));
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

}
