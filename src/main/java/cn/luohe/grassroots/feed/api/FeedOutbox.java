package cn.luohe.grassroots.feed.api;

import java.util.Set;

import cn.luohe.grassroots.common.db.SqlStep;
import reactor.core.publisher.Mono;

/**
 * Writes a feed event into the outbox. Call it inside the record's own transaction: no
 * event without its record, no record without its event.
 */
public interface FeedOutbox {

	Mono<Void> append(FeedEventDraft event);

	/**
	 * The same append as a step {@code name} of the record's own data-modifying
	 * {@code WITH} statement (one round trip for record and event); {@code recordIdSql}
	 * is the record's id in SQL, e.g. {@code (SELECT id FROM v)} (the draft's record id
	 * is ignored; it holds no bind marker).
	 */
	SqlStep appendStep(String name, FeedEventDraft event, String recordIdSql);

	/**
	 * A record was voided: retracts its events of {@code retracted} types (history and
	 * resume skip them from now on) and appends {@code correction}, which names them, in
	 * one statement. {@code correction.recordId()} is the voided record. Call it inside
	 * the voiding transaction.
	 */
	Mono<Void> retract(FeedEventDraft correction, Set<FeedEventType> retracted);

	/**
	 * A photo was withdrawn by content security: no feed event lists it from now on. Call
	 * it inside the withdrawing transaction.
	 */
	Mono<Void> withdrawPhoto(long photoId);

}
