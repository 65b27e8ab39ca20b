package cn.luohe.grassroots.identity.internal;

import java.time.Duration;

import cn.luohe.grassroots.common.cache.ReplicatedCache;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cache of callers' bindings ({@code app.identity.caller-cache.*}). Public only
 * because Boot binds it.
 *
 * @param enabled whether bindings are cached at all (off: read on every request)
 * @param maxSize users held per instance
 * @param ttl longest an entry is kept (a bound, not the revocation guarantee)
 * @param heartbeat how often the instance checks its own invalidation channel
 * @param silence how long without its own heartbeat before the cache is dropped and
 * bypassed (the channel may have lost messages)
 */
@ConfigurationProperties("app.identity.caller-cache")
public record CallerCacheProperties(@DefaultValue("true") boolean enabled, @DefaultValue("50000") long maxSize,
		@DefaultValue("60s") Duration ttl, @DefaultValue("200ms") Duration heartbeat,
		@DefaultValue("1s") Duration silence) implements ReplicatedCache.Settings {

}
