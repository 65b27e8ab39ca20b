package cn.luohe.grassroots.org.internal;

import java.util.List;

import cn.luohe.grassroots.common.cache.ReplicatedCache;
import cn.luohe.grassroots.org.api.Org;
import io.lettuce.core.resource.ClientResources;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * The orgs of one level under a root (the city's counties, its departments), which the
 * counties view, the black flags, the submission overviews and the filer lists read on
 * every request and which change only when {@code PATCH /orgs} moves a subtree. Keyed
 * {@code root path + "|" + level}; forgotten everywhere after a move commits, as the
 * {@link OrgCache}'s lineages are, and bypassed under the same conditions. The bench's
 * counties view spent 0.56 ms of PostgreSQL per request on this read before it was held.
 */
@Component
class OrgSubtreeCache extends ReplicatedCache<String, List<Org>> {

	static final String CHANNEL = "grassroots:org:subtrees";

	OrgSubtreeCache(OrgCacheProperties properties, ReactiveRedisConnectionFactory redis,
			ObjectProvider<ClientResources> clientResources) {
		// few keys (a root and a level each): the size bound is the lineages' own, unused
		super(CHANNEL, properties, redis, clientResources.getIfAvailable(), key -> key);
	}

}
