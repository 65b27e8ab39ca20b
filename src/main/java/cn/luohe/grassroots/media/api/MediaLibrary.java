package cn.luohe.grassroots.media.api;

import java.util.List;

import cn.luohe.grassroots.common.db.SqlStep;
import cn.luohe.grassroots.org.api.Org;
import reactor.core.publisher.Mono;

/**
 * What other features may do with uploaded photos. Call these inside the record's own
 * transaction, so that a record and its attachments commit together.
 */
public interface MediaLibrary {

	/**
	 * Checks that every photo exists (NOT_FOUND otherwise) and was uploaded by
	 * {@code userId} (422 {@code PHOTO_NOT_OWNED} otherwise).
	 */
	Mono<Void> requireOwned(long userId, List<Long> ids);

	/**
	 * Attaches photos to a record; whoever sees {@code org} (the record's org) may then
	 * fetch them.
	 */
	Mono<Void> attach(List<Long> ids, String recordType, long recordId, Org org);

	/**
	 * {@link #attach} as a step {@code name} of the record's own data-modifying
	 * {@code WITH} statement ({@link SqlStep#NONE} without photos); {@code recordIdSql}
	 * is the record's id in SQL, holding no bind marker.
	 */
	SqlStep attachStep(String name, List<Long> ids, String recordType, String recordIdSql, Org org);

	/**
	 * Replaces a record's attachments (after a correction of its photos or of its org).
	 */
	Mono<Void> replaceAttachments(List<Long> ids, String recordType, long recordId, Org org);

}
