package cn.luohe.grassroots.moderation.api;

import java.util.List;

import cn.luohe.grassroots.common.db.SqlStep;
import cn.luohe.grassroots.feed.api.FeedEventDraft;
import cn.luohe.grassroots.feed.api.FeedOutbox;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The gate every text others will see passes: {@link #check} once per request, before its
 * write (WeChat is remote), then {@link #publishStep} in the record's own statement
 * instead of appending its feed event directly.
 */
public interface ContentModeration {

	/**
	 * Checks the author's texts (null and blank ones are skipped) with WeChat's
	 * msgSecCheck v2. Risky: 422 {@code CONTENT_REJECTED} (nothing is written). Review,
	 * or WeChat unreachable or over its quota: held. Pass, or WeChat not configured:
	 * published.
	 */
	Mono<TextCheck> check(long authorId, TextScene scene, List<@Nullable String> texts);

	/**
	 * The record's feed event as a step {@code name} of the record's own data-modifying
	 * {@code WITH} statement: the event's append when the texts pass; when they are held,
	 * its place in the moderation queue (with the queue's audit row), appended when a
	 * city admin releases it. A held create so takes no statement more than a published
	 * one. {@code recordIdSql} is the record's id in SQL, as for
	 * {@link FeedOutbox#appendStep}.
	 */
	SqlStep publishStep(String name, TextCheck check, FeedEventDraft event, String recordIdSql);

	/**
	 * Files a held text of a record that has no feed event of its own (a name, an
	 * amendment): nothing is withheld, the queue shows it for a decision. No-op unless
	 * held. Call inside the record's transaction.
	 */
	Mono<Void> fileHeld(TextCheck check, String recordType, long recordId, long orgId);

	/**
	 * {@link #fileHeld} as a step {@code name} of the record's own data-modifying
	 * {@code WITH} statement ({@link SqlStep#NONE} unless held); {@code recordIdSql} is
	 * the record's id in SQL.
	 */
	SqlStep fileHeldStep(String name, TextCheck check, String recordType, String recordIdSql, long orgId);

}
