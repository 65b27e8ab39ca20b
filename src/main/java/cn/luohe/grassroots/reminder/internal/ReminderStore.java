package cn.luohe.grassroots.reminder.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.paging.InstantCursor;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.mymonth.api.UnreadCount;
import cn.luohe.grassroots.reminder.api.Inbox;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The inbox ({@code reminder}): written once per (rule, user, period) by the unique
 * index, read by its owner only. A reminder with a template gets its pending send in the
 * same statement.
 */
@Component
class ReminderStore implements UnreadCount, Inbox {

	private static final String ITEM = """
			SELECT id, rule, title, body, page, created_at, read_at, delivered FROM reminder
			""";

	private final DatabaseClient db;

	private final QuietHours quiet;

	private final BusinessClock clock;

	ReminderStore(DatabaseClient db, QuietHours quiet, BusinessClock clock) {
		this.db = db;
		this.quiet = quiet;
		this.clock = clock;
	}

	/** Writes the reminder unless its key exists; true when it is new. */
	Mono<Boolean> insert(Draft draft, Instant now) {
		Instant at = now.truncatedTo(ChronoUnit.MICROS);
		String templateId = draft.templateId();
		DatabaseClient.GenericExecuteSpec spec;
		if (templateId == null) {
			spec = this.db.sql("""
					INSERT INTO reminder (user_id, rule, period, title, body, page, created_at, delivered)
					VALUES (:user, :rule, :period, :title, :body, :page, :now, 'INBOX_ONLY')
					ON CONFLICT ON CONSTRAINT reminder_once DO NOTHING
					RETURNING id
					""");
		}
		else {
			spec = this.db.sql("""
					WITH r AS (
					  INSERT INTO reminder (user_id, rule, period, title, body, page, created_at, delivered)
					  VALUES (:user, :rule, :period, :title, :body, :page, :now, 'PENDING')
					  ON CONFLICT ON CONSTRAINT reminder_once DO NOTHING
					  RETURNING id)
					INSERT INTO reminder_delivery (reminder_id, template_id, next_attempt_at)
					SELECT id, :template, :next FROM r
					RETURNING reminder_id AS id
					""").bind("template", templateId).bind("next", this.quiet.heldUntil(at));
		}
		return spec.bind("user", draft.userId())
			.bind("rule", draft.rule())
			.bind("period", draft.period())
			.bind("title", draft.title())
			.bind("body", draft.body())
			.bind("page", Params.nullable(draft.page(), String.class))
			.bind("now", at)
			.map(row -> Params.required(row.get("id", Long.class)))
			.all()
			.hasElements();
	}

	@Override
	public Mono<Boolean> put(long userId, String rule, String period, String title, String body,
			@Nullable String page) {
		return Mono.defer(() -> insert(new Draft(rule, userId, period, title, body, page, null), this.clock.now()));
	}

	/** The user's inbox, newest first, after {@code after}; {@code limit} rows. */
	Flux<Item> page(long userId, @Nullable InstantCursor after, int limit) {
		if (after == null) {
			return this.db.sql(ITEM + " WHERE user_id = :user ORDER BY created_at DESC, id DESC LIMIT :limit")
				.bind("user", userId)
				.bind("limit", limit)
				.map(ReminderStore::item)
				.all();
		}
		return this.db.sql(ITEM + """
				 WHERE user_id = :user AND (created_at, id) < (:at, :id)
				 ORDER BY created_at DESC, id DESC LIMIT :limit
				""")
			.bind("user", userId)
			.bind("at", after.at())
			.bind("id", after.id())
			.bind("limit", limit)
			.map(ReminderStore::item)
			.all();
	}

	/**
	 * Marks the user's item read (the first read's time stays); empty when it is not
	 * theirs.
	 */
	Mono<Item> markRead(long userId, long id, Instant now) {
		return this.db.sql("""
				UPDATE reminder SET read_at = coalesce(read_at, :now)
				 WHERE id = :id AND user_id = :user
				RETURNING id, rule, title, body, page, created_at, read_at, delivered
				""")
			.bind("now", now.truncatedTo(ChronoUnit.MICROS))
			.bind("id", id)
			.bind("user", userId)
			.map(ReminderStore::item)
			.one();
	}

	@Override
	public Mono<Long> unread(long userId) {
		return this.db.sql("SELECT count(*) AS n FROM reminder WHERE user_id = :user AND read_at IS NULL")
			.bind("user", userId)
			.map(row -> Params.required(row.get("n", Long.class)))
			.one();
	}

	private static Item item(Readable row) {
		return new Item(Params.required(row.get("id", Long.class)), Params.required(row.get("rule", String.class)),
				Params.required(row.get("title", String.class)), Params.required(row.get("body", String.class)),
				row.get("page", String.class), Params.required(row.get("created_at", Instant.class)),
				row.get("read_at", Instant.class), Params.required(row.get("delivered", String.class)));
	}

	/**
	 * An inbox item.
	 *
	 * @param delivered PENDING while a WeChat message may still be sent, then WECHAT or
	 * INBOX_ONLY
	 */
	record Item(long id, String rule, String title, String body, @Nullable String page, Instant createdAt,
			@Nullable Instant readAt, String delivered) {
	}

}
