package cn.luohe.grassroots.dashboard.internal;

import java.time.YearMonth;
import java.util.Map;
import java.util.function.Supplier;

import cn.luohe.grassroots.common.cache.ReplicatedCache;
import cn.luohe.grassroots.dashboard.internal.CountReads.AreaCounts;
import cn.luohe.grassroots.dashboard.internal.CountReads.CountyTowns;
import io.lettuce.core.resource.ClientResources;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * The maintained rows the three dashboards read, held per instance: a leader's big screen
 * asks for the same county-months again and again, and between two aggregator batches the
 * answer cannot change. Only the aggregator writes these rows, in one transaction per
 * batch, so each committed batch forgets every entry on every replica
 * ({@link ReplicatedCache}: after the commit, bypassed while the instance cannot prove it
 * hears the channel, a read racing the batch not stored). A town moved to another county
 * marks both counties for the aggregator (a trigger on {@code org_unit}), so the town
 * view follows a move with the next batch, as its counts always did. Scope and role are
 * checked on every view; only the rows, which are the same for every caller, are held.
 */
@Component
class CountCache extends ReplicatedCache<String, Object> {

	static final String CHANNEL = "grassroots:dashboard:counts";

	CountCache(DashboardCacheProperties properties, ReactiveRedisConnectionFactory redis,
			ObjectProvider<ClientResources> clientResources) {
		super(CHANNEL, properties, redis, clientResources.getIfAvailable(), key -> key);
	}

	/** A county and its towns' rows of a month (empty when there is no such org). */
	Mono<CountyTowns> countyTowns(long countyId, YearMonth month, Supplier<Mono<CountyTowns>> load) {
		return get(townsKey(countyId, month), () -> load.get().cast(Object.class)).cast(CountyTowns.class);
	}

	/** The area rows of two months, by org id and month ({@code "12/2026-12"}). */
	@SuppressWarnings("unchecked")
	Mono<Map<String, AreaCounts>> areas(YearMonth month, YearMonth other,
			Supplier<Mono<Map<String, AreaCounts>>> load) {
		return get("areas|" + month + "|" + other, () -> load.get().map(found -> (Object) Map.copyOf(found)))
			.map(found -> (Map<String, AreaCounts>) found);
	}

	static String townsKey(long countyId, YearMonth month) {
		return "towns|" + countyId + "|" + month;
	}

}
