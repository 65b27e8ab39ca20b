package cn.luohe.grassroots.youthhome.internal;

import java.time.Instant;

import cn.luohe.grassroots.common.db.Params;
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

	/** Records the sign-in unless the user already has one; true when it is new. */
	Mono<Boolean> insert(long activityId, long userId, Instant now) {
		return this.db.sql("""
				INSERT INTO activity_sign_in (activity_id, user_id, signed_in_at) VALUES (:activity, :user, :now)
				ON CONFLICT (activity_id, user_id) DO NOTHING
				""")
			.bind("activity", activityId)
			.bind("user", userId)
			.bind("now", now)
			.fetch()
			.rowsUpdated()
			.map(rows -> rows == 1);
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
