package cn.luohe.grassroots.reminder.internal;

import java.time.Instant;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.idempotency.Idempotency;
import cn.luohe.grassroots.common.idempotency.Idempotency.Outcome;
import cn.luohe.grassroots.common.paging.InstantCursor;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Caller;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The caller's own inbox and consents: every read and write is of the caller's rows only
 * (another user's item is answered as not found).
 */
@Service
public class InboxService {

	private final ReminderStore store;

	private final DeliveryQueue queue;

	private final Idempotency idempotency;

	private final ReminderProperties properties;

	private final BusinessClock clock;

	InboxService(ReminderStore store, DeliveryQueue queue, Idempotency idempotency, ReminderProperties properties,
			BusinessClock clock) {
		this.store = store;
		this.queue = queue;
		this.idempotency = idempotency;
		this.properties = properties;
		this.clock = clock;
	}

	public Mono<Page<InboxItem>> inbox(Caller caller, @Nullable String cursor, int limit) {
		InstantCursor after = InstantCursor.decode(cursor);
		return this.store.page(caller.userId(), after, limit + 1)
			.map(InboxService::item)
			.collectList()
			.map(rows -> Page.of(rows, limit, row -> new InstantCursor(row.createdAt(), row.id()).encode()));
	}

	public Mono<Long> unread(Caller caller) {
		return this.store.unread(caller.userId());
	}

	public Mono<InboxItem> markRead(Caller caller, long id) {
		return this.store.markRead(caller.userId(), id, this.clock.now())
			.map(InboxService::item)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Reminder " + id)));
	}

	/**
	 * Records one consent (or refusal) the mini-program reports for a configured
	 * template; 422 TEMPLATE_UNKNOWN for any other id.
	 */
	@Transactional
	public Mono<Outcome<Consent>> consent(Caller caller, String templateId, boolean accepted, @Nullable String key) {
		if (!this.properties.templateIds().contains(templateId)) {
			return Mono.error(ApiException.unprocessable("TEMPLATE_UNKNOWN",
					"This subscribe-message template is not one this service sends"));
		}
		return this.idempotency.run(caller.userId(), key, "reminder.consent", new Consent(templateId, accepted, 0),
				Consent.class, () -> this.queue.recordConsent(caller.userId(), templateId, accepted, this.clock.now())
					.map(remaining -> Outcome.ok(new Consent(templateId, accepted, remaining))));
	}

	private static InboxItem item(ReminderStore.Item row) {
		return new InboxItem(row.id(), row.rule(), row.title(), row.body(), row.createdAt(), row.readAt(),
				row.delivered(), row.page());
	}

	/** An inbox item as the API answers it. */
	public record InboxItem(long id, String rule, String title, String body, Instant createdAt,
			@Nullable Instant readAt, String delivered, @Nullable String page) {
	}

	/**
	 * A consent recorded.
	 *
	 * @param remaining messages of the template the user may still be sent
	 */
	public record Consent(String templateId, boolean accepted, int remaining) {
	}

}
