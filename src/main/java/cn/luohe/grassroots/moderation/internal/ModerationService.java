package cn.luohe.grassroots.moderation.internal;

import java.time.Instant;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.paging.Cursors;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.feed.api.FeedEventDraft;
import cn.luohe.grassroots.feed.api.FeedOutbox;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.moderation.api.ModerationListener;
import cn.luohe.grassroots.moderation.api.PhotoWithdrawn;
import cn.luohe.grassroots.wechat.api.ContentSecurity.MediaVerdict;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * WeChat's pushed verdicts and the city admins' decisions, each in one transaction with
 * its audit row: a held text's feed event is appended when released (as a new event, so
 * the stream's ids keep increasing) and dropped when removed; a photo is cleared or
 * withdrawn, and its owner told of a withdrawal through every {@link ModerationListener}.
 */
@Service
public class ModerationService {

	private static final Logger log = LoggerFactory.getLogger(ModerationService.class);

	private final ModerationRepository repository;

	private final FeedOutbox feed;

	private final ClearanceSnapshot snapshot;

	private final BusinessClock clock;

	private final JsonMapper json;

	private final ObjectProvider<ModerationListener> listeners;

	private final TransactionalOperator transactions;

	ModerationService(ModerationRepository repository, FeedOutbox feed, ClearanceSnapshot snapshot, BusinessClock clock,
			JsonMapper json, ObjectProvider<ModerationListener> listeners,
			ReactiveTransactionManager transactionManager) {
		this.repository = repository;
		this.feed = feed;
		this.snapshot = snapshot;
		this.clock = clock;
		this.json = json;
		this.listeners = listeners;
		this.transactions = TransactionalOperator.create(transactionManager);
	}

	/**
	 * Applies a pushed verdict to the photo it answers. A trace we do not know (another
	 * environment's, or an earlier submission's) and a repeated push change nothing.
	 */
	public Mono<Void> verdict(MediaVerdict verdict) {
		Instant now = this.clock.now();
		return this.repository.photoByTrace(verdict.traceId()).flatMap(check -> {
			if (check.status() != PhotoStatus.PENDING && check.status() != PhotoStatus.UNANSWERED) {
				return Mono.<Void>empty();
			}
			long photo = check.photoId();
			Mono<Void> settleOpen = this.repository.closeOpenPhotoItems(photo, ItemStatus.RELEASED, now);
			return switch (verdict.suggest()) {
				case PASS ->
					settleOpen.then(this.repository.setPhotoStatus(photo, PhotoStatus.PASS, verdict.label(), now))
						.then(this.repository.audit(null, photo, null, "PASS", null, now));
				case REVIEW ->
					settleOpen.then(this.repository.setPhotoStatus(photo, PhotoStatus.REVIEW, verdict.label(), now))
						.then(photoItem(ItemKind.PHOTO_REVIEW, check, "REVIEW", verdict.label(), now))
						.then(this.repository.audit(null, photo, null, "HELD", "REVIEW", now));
				case RISKY ->
					settleOpen.then(this.repository.setPhotoStatus(photo, PhotoStatus.RISKY, verdict.label(), now))
						.then(photoItem(ItemKind.PHOTO_RISKY, check, "RISKY", verdict.label(), now))
						.then(this.repository.audit(null, photo, null, "WITHDRAWN", "RISKY", now))
						.then(withdrawn(new PhotoWithdrawn(photo, check.ownerId(), now, verdict.label(), null)));
			};
		}).as(this.transactions::transactional).then(Mono.defer(this.snapshot::refresh));
	}

	private Mono<Void> photoItem(ItemKind kind, ModerationRepository.PhotoCheck check, String reason,
			@Nullable String label, Instant now) {
		return this.repository
			.insertItem(new ModerationRepository.NewItem(kind, null, null, check.photoId(), null, check.ownerId(),
					"照片 " + check.photoId(), reason, label, null), now)
			.then();
	}

	/**
	 * The photo leaves the feed's events and, through each listener, its records' lists;
	 * its owner is told (the inbox is a listener too).
	 */
	private Mono<Void> withdrawn(PhotoWithdrawn event) {
		return this.feed.withdrawPhoto(event.photoId())
			.thenMany(Flux.fromStream(this.listeners.orderedStream()))
			.concatMap(listener -> listener.photoWithdrawn(event))
			.then();
	}

	/** The queue, oldest first; city admins only. */
	public Mono<Page<QueueItem>> queue(Caller caller, @Nullable ItemStatus status, @Nullable String cursor, int limit) {
		return Mono.defer(() -> {
			requireCityAdmin(caller);
			long after = Cursors.afterId(cursor);
			return this.repository.items(status, after, limit + 1)
				.collectList()
				.map(rows -> Page.of(rows, limit, row -> Long.toString(row.id())));
		});
	}

	public Mono<QueueItem> release(Caller caller, long id, String reason) {
		return decide(caller, id, ItemStatus.RELEASED, reason);
	}

	public Mono<QueueItem> remove(Caller caller, long id, String reason) {
		return decide(caller, id, ItemStatus.REMOVED, reason);
	}

	private Mono<QueueItem> decide(Caller caller, long id, ItemStatus decision, String reason) {
		Instant now = this.clock.now();
		return Mono.fromRunnable(() -> requireCityAdmin(caller))
			.then(this.repository.lockItem(id))
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Moderation item " + id)))
			.flatMap(item -> {
				if (item.status() != ItemStatus.OPEN) {
					return Mono.error(ApiException.conflict("MODERATION_ITEM_DECIDED",
							"This item was already " + item.status().name().toLowerCase(java.util.Locale.ROOT)));
				}
				return apply(item, decision, caller, reason, now)
					.then(this.repository.decide(id, decision, caller.userId(), reason, now))
					.flatMap(decided -> this.repository
						.audit(id, item.photoId(), caller.userId(), decision.name(), reason, now)
						.thenReturn(decided));
			})
			.as(this.transactions::transactional)
			.flatMap(decided -> this.snapshot.refresh().thenReturn(decided));
	}

	private Mono<Void> apply(QueueItem item, ItemStatus decision, Caller caller, String reason, Instant now) {
		Long photo = item.photoId();
		if (photo != null) {
			PhotoStatus status = (decision == ItemStatus.RELEASED) ? PhotoStatus.RELEASED : PhotoStatus.REMOVED;
			Mono<Void> set = this.repository.setPhotoStatus(photo, status, null, now);
			// a risky photo was withdrawn (and its owner told) when WeChat judged it
			if (decision == ItemStatus.REMOVED && item.kind() != ItemKind.PHOTO_RISKY) {
				return set.then(withdrawn(new PhotoWithdrawn(photo, item.authorId(), now, item.label(), reason)));
			}
			return set;
		}
		String held = item.heldEvent();
		if (decision == ItemStatus.RELEASED && held != null) {
			return Mono.fromCallable(() -> this.json.readValue(held, FeedEventDraft.class)).flatMap(this.feed::append);
		}
		if (decision == ItemStatus.REMOVED) {
			log.info("Held text of {} {} removed by user {}", item.recordType(), item.recordId(), caller.userId());
		}
		return Mono.empty();
	}

	private static void requireCityAdmin(Caller caller) {
		if (!caller.hasRole(Role.CITY_ADMIN)) {
			throw ApiException.forbiddenRole();
		}
	}

}
