package cn.luohe.grassroots.identity.internal;

import cn.luohe.grassroots.common.cache.ReplicatedCache;
import cn.luohe.grassroots.identity.api.Caller;
import io.lettuce.core.resource.ClientResources;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Every authenticated request needs the caller's active bindings; they change rarely, and
 * a revocation must still reach every instance within a second. So each instance keeps
 * them in a {@link ReplicatedCache}: used only while the instance proves, by its own
 * heartbeats on the invalidation channel, that it hears every change; bypassed (bindings
 * read from PostgreSQL) when Redis is down. Chosen over a binding version in the token (a
 * token cannot be recalled) and over a Redis read per request (a round trip per request,
 * which is what the cache removes). An organisation renamed while cached keeps its old
 * name in the bindings for at most {@code ttl} (names are shown, never checked).
 */
@Component
class CallerCache extends ReplicatedCache<Long, Caller> {

	static final String CHANNEL = "grassroots:identity:callers";

	CallerCache(CallerCacheProperties properties, ReactiveRedisConnectionFactory redis,
			ObjectProvider<ClientResources> clientResources) {
		super(CHANNEL, properties, redis, clientResources.getIfAvailable(), Long::valueOf);
	}

}
