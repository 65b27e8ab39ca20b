package cn.luohe.grassroots.feed.internal;

import java.time.Instant;
import java.util.List;

import cn.luohe.grassroots.feed.api.FeedEventType;
import org.jspecify.annotations.Nullable;

/**
 * A published outbox row as the feed carries it. {@code id} is the outbox id: monotonic
 * in publication order, the SSE id and the key every consumer deduplicates by.
 * {@code orgPath} decides who may see it and never leaves the service. {@code recordId}
 * and {@code photoIds} name the record and its photos (null and empty on events written
 * before they were carried). {@code retracts}: the events a {@code record.voided} event
 * takes back (empty for every other event).
 */
public record FeedEvent(long id, FeedEventType type, long orgId, String orgPath, String orgName, @Nullable Long townId,
		@Nullable Long countyId, String actorName, Instant occurredAt, String summary, @Nullable Long recordId,
		List<Long> photoIds, List<Long> retracts) {

	public FeedEvent {
		photoIds = List.copyOf(photoIds);
		retracts = List.copyOf(retracts);
	}

}
