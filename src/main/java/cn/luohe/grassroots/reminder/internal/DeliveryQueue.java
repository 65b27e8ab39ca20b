package cn.luohe.grassroots.reminder.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import cn.luohe.grassroots.common.db.Params;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The pending WeChat sends ({@code reminder_delivery}) and the consents they spend
 * ({@code subscription_consent}). A send is taken with a lease (its next attempt moved
 * past the lease), so another instance leaves it alone while it is tried; a consent is
 * spent by one conditional UPDATE and never overdrawn.
 */
@Component
class DeliveryQueue {

	private final DatabaseClient db;

	DeliveryQueue(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Takes up to {@code limit} sends due at {@code now}, leased until
	 * {@code leaseUntil}.
	 */
	Flux<Send> take(Instant now, Instant leaseUntil, int limit) {
		return this.db.sql("""
				UPDATE reminder_delivery d SET attempts = d.attempts + 1, next_attempt_at = :lease
				  FROM reminder r
				 WHERE r.id = d.reminder_id
				   AND d.reminder_id IN (SELECT reminder_id FROM reminder_delivery
				                          WHERE next_attempt_at <= :now
				                          ORDER BY next_attempt_at, reminder_id
				                          LIMIT :limit FOR UPDATE SKIP LOCKED)
				RETURNING d.reminder_id, d.template_id, d.attempts, d.consent_held, r.user_id, r.title, r.body,
				          r.page, r.created_at
				""")
			.bind("now", now)
			.bind("lease", leaseUntil.truncatedTo(ChronoUnit.MICROS))
			.bind("limit", limit)
			.map(row -> new Send(Params.required(row.get("reminder_id", Long.class)),
					Params.required(row.get("template_id", String.class)),
					Params.required(row.get("attempts", Integer.class)),
					Params.required(row.get("consent_held", Boolean.class)),
					Params.required(row.get("user_id", Long.class)), Params.required(row.get("title", String.class)),
					Params.required(row.get("body", String.class)), row.get("page", String.class),
					Params.required(row.get("created_at", Instant.class))))
			.all();
	}

	/**
	 * Spends one of the user's consents for the template and marks the send as holding
	 * it, in one statement; false when none is left.
	 */
	Mono<Boolean> spendConsent(Send send, Instant now) {
		return this.db.sql("""
				WITH spent AS (
				  UPDATE subscription_consent SET remaining = remaining - 1, updated_at = :now
				   WHERE user_id = :user AND template_id = :template AND remaining > 0
				  RETURNING user_id)
				UPDATE reminder_delivery SET consent_held = true
				 WHERE reminder_id = :id AND EXISTS (SELECT 1 FROM spent)
				RETURNING reminder_id
				""")
			.bind("now", now)
			.bind("user", send.userId())
			.bind("template", send.templateId())
			.bind("id", send.reminderId())
			.map(row -> 1)
			.all()
			.hasElements();
	}

	/**
	 * The send is over: the reminder is {@code delivered} (WECHAT or INBOX_ONLY) and its
	 * queue row is gone. {@code consent}: +1 gives a held consent back (nothing was
	 * sent), null leaves it spent, and {@code refused} zeroes what is left (WeChat holds
	 * none).
	 */
	Mono<Void> finish(Send send, String delivered, ConsentAfter consent, Instant now) {
		String adjust = switch (consent) {
			case KEEP_SPENT -> "";
			case GIVE_BACK -> """
					, c AS (UPDATE subscription_consent SET remaining = remaining + 1, updated_at = :now
					         WHERE user_id = :user AND template_id = :template AND EXISTS (SELECT 1 FROM d)
					         RETURNING user_id)
					""";
			case NONE_LEFT -> """
					, c AS (UPDATE subscription_consent SET remaining = 0, updated_at = :now
					         WHERE user_id = :user AND template_id = :template AND EXISTS (SELECT 1 FROM d)
					         RETURNING user_id)
					""";
		};
		DatabaseClient.GenericExecuteSpec spec = this.db
			.sql("WITH d AS (DELETE FROM reminder_delivery WHERE reminder_id = :id RETURNING reminder_id)" + adjust
					+ " UPDATE reminder SET delivered = :delivered WHERE id IN (SELECT reminder_id FROM d)")
			.bind("id", send.reminderId())
			.bind("delivered", delivered);
		if (consent != ConsentAfter.KEEP_SPENT) {
			spec = spec.bind("now", now).bind("user", send.userId()).bind("template", send.templateId());
		}
		return spec.then();
	}

	/** The send failed for now: tried again at {@code next}, its consent still held. */
	Mono<Void> later(Send send, Instant next) {
		return this.db.sql("UPDATE reminder_delivery SET next_attempt_at = :next WHERE reminder_id = :id")
			.bind("next", next.truncatedTo(ChronoUnit.MICROS))
			.bind("id", send.reminderId())
			.then();
	}

	/** Records one consent the user gave (or declined); the template's count after it. */
	Mono<Integer> recordConsent(long userId, String templateId, boolean accepted, Instant now) {
		return this.db.sql("""
				INSERT INTO subscription_consent AS c (user_id, template_id, remaining, accepted, declined, updated_at)
				VALUES (:user, :template, :plus, :plus, :minus, :now)
				ON CONFLICT (user_id, template_id) DO UPDATE
				   SET remaining = c.remaining + excluded.remaining, accepted = c.accepted + excluded.accepted,
				       declined = c.declined + excluded.declined, updated_at = excluded.updated_at
				RETURNING remaining
				""")
			.bind("user", userId)
			.bind("template", templateId)
			.bind("plus", accepted ? 1 : 0)
			.bind("minus", accepted ? 0 : 1)
			.bind("now", now.truncatedTo(ChronoUnit.MICROS))
			.map(row -> Params.required(row.get("remaining", Integer.class)))
			.one();
	}

	enum ConsentAfter {

		KEEP_SPENT, GIVE_BACK, NONE_LEFT

	}

	/** A pending send, taken. */
	record Send(long reminderId, String templateId, int attempts, boolean consentHeld, long userId, String title,
			String body, @Nullable String page, Instant createdAt) {
	}

}
