package cn.luohe.grassroots.youthhome.internal;

import java.time.Instant;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.db.SqlStep;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

@Repository
class SignInRepository {

	private static final String SESSION_COLUMNS = "activity_id, secret, opened_at, closes_at, closed_at";

	private final DatabaseClient db;

	SignInRepository(DatabaseClient db) {
		this.db = db;
	}

	Mono<SessionRow> findSession(long activityId) {
		return this.db.sql("SELECT " + SESSION_COLUMNS + " FROM activity_sign_in_session WHERE activity_id = :id")
			.bind("id", activityId)
			.map(SignInRepository::toSession)
			.one();
	}

	/**
	 * Opens the sign-in, or reopens it keeping its key (codes already shown stay valid).
	 */
	Mono<SessionRow> open(long activityId, byte[] secret, long openedBy, Instant now, Instant closesAt) {
		return this.db.sql("""
				INSERT INTO activity_sign_in_session (activity_id, secret, opened_by, opened_at, closes_at)
				VALUES (:id, :secret, :by, :now, :closesAt)
				ON CONFLICT (activity_id) DO UPDATE SET closed_at = NULL, closes_at = EXCLUDED.closes_at
				RETURNING\s""" + SESSION_COLUMNS)
			.bind("id", activityId)
			.bind("secret", secret)
			.bind("by", openedBy)
			.bind("now", now)
			.bind("closesAt", closesAt)
			.map(SignInRepository::toSession)
			.one();
	}

	Mono<SessionRow> close(long activityId, Instant now) {
		return this.db.sql("""
				UPDATE activity_sign_in_session SET closed_at = coalesce(closed_at, :now)
				 WHERE activity_id = :id
				RETURNING\s""" + SESSION_COLUMNS)
			.bind("now", now)
			.bind("id", activityId)
			.map(SignInRepository::toSession)
			.one();
	}

	/** The open sign-in of an activity, with the town and start that place its counts. */
	Mono<SignInTarget> findTarget(long activityId) {
		return this.db.sql("""
				SELECT s.activity_id, s.secret, s.opened_at, s.closes_at, s.closed_at, a.town_id, a.start_at
				  FROM activity_sign_in_session s JOIN youth_home_activity a ON a.id = s.activity_id
				 WHERE s.activity_id = :id
				""")
			.bind("id", activityId)
			.map(row -> new SignInTarget(toSession(row), Params.required(row.get("town_id", Long.class)),
					Params.required(row.get("start_at", Instant.class))))
			.one();
	}

	/**
	 * Records the sign-in unless the user already has one, with the {@code steps} (the
	 * town-month's dirty mark) in the same statement, atomic without a transaction;
	 * answers the activity's title and verified count (this one included), and whether
	 * the sign-in is new.
	 */
	Mono<Recorded> signIn(long activityId, long userId, Instant now, SqlStep... steps) {
		return SqlStep.bind(this.db.sql(SqlStep.with("s AS (" + """
				INSERT INTO activity_sign_in (activity_id, user_id, signed_in_at) VALUES (:activity, :user, :now)
				ON CONFLICT (activity_id, user_id) DO NOTHING
				RETURNING activity_id
				)""", """
				SELECT a.title,
				       (SELECT count(*) FROM activity_sign_in i WHERE i.activity_id = a.id)
				         + (SELECT count(*) FROM s) AS verified,
				       EXISTS (SELECT 1 FROM s) AS inserted
				  FROM youth_home_activity a
				 WHERE a.id = :activity
				""", steps)), steps)
			.bind("activity", activityId)
			.bind("user", userId)
			.bind("now", now)
			.map(row -> new Recorded(Params.required(row.get("title", String.class)),
					Params.required(row.get("verified", Long.class)),
					Params.required(row.get("inserted", Boolean.class))))
			.one();
	}

	Mono<Instant> signedInAt(long activityId, long userId) {
		return this.db
			.sql("SELECT signed_in_at FROM activity_sign_in WHERE activity_id = :activity AND user_id = :user")
			.bind("activity", activityId)
			.bind("user", userId)
			.map(row -> Params.required(row.get("signed_in_at", Instant.class)))
			.one();
	}

	static SessionRow toSession(Readable row) {
		return new SessionRow(Params.required(row.get("activity_id", Long.class)),
				Params.required(row.get("secret", byte[].class)), Params.required(row.get("opened_at", Instant.class)),
				Params.required(row.get("closes_at", Instant.class)), row.get("closed_at", Instant.class));
	}

	/**
	 * An activity's sign-in session, with its town and start (its counts' town-month).
	 */
	record SignInTarget(SessionRow session, long townId, Instant startAt) {
	}

	/** What a sign-in statement wrote and answers. */
	record Recorded(String title, long verified, boolean inserted) {
	}

	/** A sign-in session as stored; the secret is the HMAC key of its codes. */
	record SessionRow(long activityId, byte[] secret, Instant openedAt, Instant closesAt, @Nullable Instant closedAt) {

		boolean openAt(Instant now) {
			return this.closedAt == null && now.isBefore(this.closesAt);
		}

		@Override
		public String toString() {
			return "SessionRow[activityId=" + this.activityId + "]";
		}

	}

}
