package cn.luohe.grassroots.org.internal;

import cn.luohe.grassroots.common.cache.ReplicatedCache;
import cn.luohe.grassroots.org.api.OrgLineage;
import io.lettuce.core.resource.ClientResources;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Orgs with their town and county, which every scoped write and read looks up and which
 * change only on {@code PATCH /orgs} (a move rewrites a subtree's paths: everything is
 * forgotten) and on a coordinate confirmation (that org). Held in a
 * {@link ReplicatedCache} as the callers' bindings are: forgotten on every replica after
 * the change commits, bypassed while Redis cannot prove it delivers.
 */
@Component
class OrgCache extends ReplicatedCache<Long, OrgLineage> {

	static final String CHANNEL = "grassroots:org:tree";

	OrgCache(OrgCacheProperties properties, ReactiveRedisConnectionFactory redis,
			ObjectProvider<ClientResources> clientResources) {
		super(CHANNEL, properties, redis, clientResources.getIfAvailable(), Long::valueOf);
	}

}
