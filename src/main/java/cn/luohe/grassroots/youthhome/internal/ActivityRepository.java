package cn.luohe.grassroots.youthhome.internal;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;

import cn.luohe.grassroots.common.geo.GeoPoint;
import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.db.SqlStep;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

@Repository
class ActivityRepository {

	private static final String SELECT = """
			SELECT a.id, a.youth_home_id, h.name AS home_name, a.town_id, a.title, a.category, a.start_at, a.end_at,
			       a.participants, a.description, a.lat, a.lng, a.accuracy, a.coord_system, a.photo_ids,
			       a.created_by, a.created_at, a.voided_at, a.void_reason,
			       (SELECT count(*) FROM activity_sign_in s WHERE s.activity_id = a.id) AS verified
			  FROM youth_home_activity a JOIN youth_home h ON h.id = a.youth_home_id
			""";

	private final DatabaseClient db;

	ActivityRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Writes the activity, and the {@code steps} (photos, feed event, dirty mark, which
	 * name its id {@code (SELECT id FROM a)}) in the same statement; answers it as stored
	 * (a new activity has no verified sign-in yet).
	 */
	Mono<Activity> insert(YouthHome home, NewActivity activity, YearMonth month, long createdBy, Instant now,
			SqlStep... steps) {
		GeoPoint at = activity.location();
		return SqlStep.bind(this.db.sql(SqlStep.with("a AS (" + """
				INSERT INTO youth_home_activity (youth_home_id, town_id, month, title, category, start_at, end_at,
				                                 participants, description, lat, lng, accuracy, coord_system,
				                                 photo_ids, created_by, created_at)
				VALUES (:home, :town, :month, :title, :category, :startAt, :endAt, :participants, :description,
				        :lat, :lng, :accuracy, :coordSystem, :photos, :by, :now)
				RETURNING *
				)""", """
				SELECT a.id, a.youth_home_id, h.name AS home_name, a.town_id, a.title, a.category, a.start_at, a.end_at,
				       a.participants, a.description, a.lat, a.lng, a.accuracy, a.coord_system, a.photo_ids,
				       a.created_by, a.created_at, a.voided_at, a.void_reason, 0::bigint AS verified
				  FROM a JOIN youth_home h ON h.id = a.youth_home_id
				""", steps)), steps)
			.bind("home", home.id())
			.bind("town", home.townId())
			.bind("month", month.atDay(1))
			.bind("title", activity.title())
			.bind("category", activity.category().name())
			.bind("startAt", activity.startAt())
			.bind("endAt", activity.endAt())
			.bind("participants", activity.participants())
			.bind("description", Params.nullable(activity.description(), String.class))
			.bind("lat", Params.nullable((at != null) ? at.lat() : null, Double.class))
			.bind("lng", Params.nullable((at != null) ? at.lng() : null, Double.class))
			.bind("accuracy", Params.nullable((at != null) ? at.accuracy() : null, Double.class))
			.bind("coordSystem", Params.nullable((at != null) ? at.system().name() : null, String.class))
			.bind("photos", activity.photoIds().toArray(Long[]::new))
			.bind("by", createdBy)
			.bind("now", now)
			.map(ActivityRepository::toActivity)
			.one();
	}

	Mono<Activity> findById(long id) {
		return this.db.sql(SELECT + " WHERE a.id = :id").bind("id", id).map(ActivityRepository::toActivity).one();
	}

	/**
	 * A home's activities of a month ordered by start, after the position
	 * {@code (afterStart, afterId)} when given.
	 */
	Flux<Activity> findForHome(long homeId, YearMonth month, boolean withVoided, @Nullable Instant afterStart,
			long afterId, int limit) {
		return this.db.sql(SELECT + """
				 WHERE a.youth_home_id = :home AND a.month = :month AND (:withVoided OR a.voided_at IS NULL)
				   AND (a.start_at, a.id) > (:afterStart, :afterId)
				 ORDER BY a.start_at, a.id
				 LIMIT :limit
				""")
			.bind("home", homeId)
			.bind("month", month.atDay(1))
			.bind("withVoided", withVoided)
			.bind("afterStart", (afterStart != null) ? afterStart : Instant.EPOCH)
			.bind("afterId", afterId)
			.bind("limit", limit)
			.map(ActivityRepository::toActivity)
			.all();
	}

	/** Corrects what an activity's author or administrator may correct. */
	Mono<Void> correct(long id, String title, int participants, @Nullable String description) {
		return this.db
			.sql("UPDATE youth_home_activity SET title = :title, participants = :participants,"
					+ " description = :description WHERE id = :id")
			.bind("title", title)
			.bind("participants", participants)
			.bind("description", Params.nullable(description, String.class))
			.bind("id", id)
			.then();
	}

	static Activity toActivity(Readable row) {
		Long[] photos = row.get("photo_ids", Long[].class);
		return new Activity(Params.required(row.get("id", Long.class)),
				Params.required(row.get("youth_home_id", Long.class)),
				Params.required(row.get("home_name", String.class)), Params.required(row.get("town_id", Long.class)),
				Params.required(row.get("title", String.class)),
				ActivityCategory.valueOf(Params.required(row.get("category", String.class))),
				Params.required(row.get("start_at", Instant.class)), Params.required(row.get("end_at", Instant.class)),
				Params.required(row.get("participants", Integer.class)),
				Params.required(row.get("verified", Long.class)), row.get("description", String.class),
				GeoPoint.read(row, ""), (photos != null) ? List.copyOf(Arrays.asList(photos)) : List.of(),
				Params.required(row.get("created_by", Long.class)),
				Params.required(row.get("created_at", Instant.class)), row.get("voided_at", Instant.class),
				row.get("void_reason", String.class));
	}

}
