package cn.luohe.grassroots.media.api;

import cn.luohe.grassroots.identity.api.Caller;
import reactor.core.publisher.Mono;

/**
 * The read rule of a kind of record photos are attached to, answered by the feature that
 * owns the record: a photo is readable by whoever may read a record it belongs to, by the
 * very rule that record's own reads use. A record type without a rule falls back to "sees
 * the record's org".
 */
public interface AttachedRecordReadRule {

	/** The {@code recordType} the feature attaches photos under. */
	String recordType();

	/** Whether {@code caller} may read the record (false when it does not exist). */
	Mono<Boolean> mayRead(Caller caller, long recordId);

}
