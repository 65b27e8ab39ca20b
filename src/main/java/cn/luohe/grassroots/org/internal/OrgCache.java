package cn.luohe.grassroots.org.internal;

import java.util.function.Supplier;

import cn.luohe.grassroots.common.cache.ReplicatedCache;
import cn.luohe.grassroots.org.api.OrgLineage;
import io.lettuce.core.resource.ClientResources;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
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
class OrgCache implements SmartLifecycle {

	static final String CHANNEL = "grassroots:org:tree";

	private final ReplicatedCache<Long, OrgLineage> cache;

	OrgCache(OrgCacheProperties properties, ReactiveRedisConnectionFactory redis,
			ObjectProvider<ClientResources> clientResources) {
		this.cache = new ReplicatedCache<>(CHANNEL,
				new ReplicatedCache.Settings(properties.enabled(), properties.maxSize(), properties.ttl(),
						properties.heartbeat(), properties.silence()),
				redis, clientResources.getIfAvailable(), Long::valueOf);
	}

	Mono<OrgLineage> get(long orgId, Supplier<Mono<OrgLineage>> load) {
		return this.cache.get(orgId, load);
	}

	/** The tree changes in the current transaction (a move): forget every org. */
	Mono<Void> treeChangedAfterCommit() {
		return this.cache.everythingChangedAfterCommit();
	}

	/** One org changes in the current transaction (its location). */
	Mono<Void> changedAfterCommit(long orgId) {
		return this.cache.changedAfterCommit(orgId);
	}

	/** Whether the org is held now (for tests). */
	boolean holds(long orgId) {
		return this.cache.holds(orgId);
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
