package cn.luohe.grassroots.org.internal;

import java.time.Duration;

import cn.luohe.grassroots.common.cache.ReplicatedCache;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-memory org tree ({@code app.org.cache.*}): orgs with their town and county,
 * invalidated on every replica when the tree or a location changes. Public only because
 * Boot binds it.
 *
 * @param enabled whether orgs are cached at all (off: read on every request)
 * @param maxSize orgs held per instance (the province has ≈ 60 000)
 * @param ttl longest an entry is kept (a bound, not the invalidation guarantee)
 * @param heartbeat how often the instance checks its own invalidation channel
 * @param silence how long without its own heartbeat before the cache is dropped and
 * bypassed
 */
@ConfigurationProperties("app.org.cache")
public record OrgCacheProperties(@DefaultValue("true") boolean enabled, @DefaultValue("100000") long maxSize,
		@DefaultValue("10m") Duration ttl, @DefaultValue("200ms") Duration heartbeat,
		@DefaultValue("1s") Duration silence) implements ReplicatedCache.Settings {

}
