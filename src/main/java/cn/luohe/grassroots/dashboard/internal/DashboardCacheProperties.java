package cn.luohe.grassroots.dashboard.internal;

import java.time.Duration;

import cn.luohe.grassroots.common.cache.ReplicatedCache;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The dashboards' maintained rows in memory ({@code app.dashboard.cache.*}): a county's
 * towns with their month's counts, and the area rows of a month, forgotten on every
 * replica when the aggregator commits a batch. Public only because Boot binds it.
 *
 * @param enabled whether the rows are held at all (off: read on every view)
 * @param maxSize entries held per instance (a county-month or a pair of months each)
 * @param ttl longest an entry is kept (a bound, not the invalidation guarantee)
 * @param heartbeat how often the instance checks its own invalidation channel
 * @param silence how long without its own heartbeat before the rows are dropped and read
 * per view
 */
@ConfigurationProperties("app.dashboard.cache")
public record DashboardCacheProperties(@DefaultValue("true") boolean enabled, @DefaultValue("10000") long maxSize,
		@DefaultValue("10m") Duration ttl, @DefaultValue("200ms") Duration heartbeat,
		@DefaultValue("1s") Duration silence) implements ReplicatedCache.Settings {

}
