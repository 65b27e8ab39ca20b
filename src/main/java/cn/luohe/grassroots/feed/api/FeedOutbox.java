package cn.luohe.grassroots.feed.api;

import reactor.core.publisher.Mono;

/**
 * Writes a feed event into the outbox. Call it inside the record's own transaction: no
 * event without its record, no record without its event.
 */
public interface FeedOutbox {

	Mono<Void> append(FeedEventDraft event);

}
