package cn.luohe.grassroots.identity.internal;

import java.util.function.Supplier;

import cn.luohe.grassroots.common.cache.ReplicatedCache;
import cn.luohe.grassroots.identity.api.Caller;
import io.lettuce.core.resource.ClientResources;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Every authenticated request needs the caller's active bindings; they change rarely, and
 * a revocation must still reach every instance within a second. So each instance keeps
 * them in a {@link ReplicatedCache}: used only while the instance proves, by its own
 * heartbeats on the invalidation channel, that it hears every change; bypassed (bindings
 * read from PostgreSQL) when Redis is down. Chosen over a binding version in the token (a
 * token cannot be recalled) and over a Redis read per request (a round trip per request,
 * which is what the cache removes).
 */
@Component
class CallerCache implements SmartLifecycle {

	static final String CHANNEL = "grassroots:identity:callers";

	private final ReplicatedCache<Long, Caller> cache;

	CallerCache(CallerCacheProperties properties, ReactiveRedisConnectionFactory redis,
			ObjectProvider<ClientResources> clientResources) {
		this.cache = new ReplicatedCache<>(CHANNEL,
				new ReplicatedCache.Settings(properties.enabled(), properties.maxSize(), properties.ttl(),
						properties.heartbeat(), properties.silence()),
				redis, clientResources.getIfAvailable(), Long::valueOf);
	}

	/**
	 * The caller with their active bindings, from memory when it can be trusted, else
	 * from {@code load}. An organisation renamed while cached keeps its old name in the
	 * bindings for at most {@code ttl} (names are shown, never checked).
	 */
	Mono<Caller> get(long userId, Supplier<Mono<Caller>> load) {
		return this.cache.get(userId, load);
	}

	/**
	 * The user's bindings or name change in the current transaction: forgotten here and
	 * on every instance once it commits (at once when there is no transaction).
	 */
	Mono<Void> changedAfterCommit(long userId) {
		return this.cache.changedAfterCommit(userId);
	}

	/** Whether {@code userId}'s bindings are held now (for tests). */
	boolean holds(long userId) {
		return this.cache.holds(userId);
	}

	@Override
	public void start() {
		this.cache.start();
	}

	@Override
	public void stop() {
		this.cache.stop();
	}

	@Override
	public boolean isRunning() {
		return this.cache.isRunning();
	}

}
