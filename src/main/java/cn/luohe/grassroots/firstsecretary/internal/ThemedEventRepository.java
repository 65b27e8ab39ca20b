package cn.luohe.grassroots.firstsecretary.internal;

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
class ThemedEventRepository {

	private static final String SELECT = """
			SELECT e.id, e.theme_id, t.title AS theme_title, e.village_id, v.name AS village_name, e.town_id,
			       e.title, e.held_at, e.participants, e.summary, e.lat, e.lng, e.accuracy, e.coord_system,
			       e.volunteer_team_id, e.photo_ids, e.created_by, e.created_at, e.voided_at, e.void_reason
			  FROM themed_event e
			  JOIN theme t ON t.id = e.theme_id
			  JOIN org_unit v ON v.id = e.village_id
			""";

	private final DatabaseClient db;

	ThemedEventRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Writes the event, and the {@code steps} (photos, feed event, dirty mark, which name
	 * its id {@code (SELECT id FROM e)}) in the same statement; answers it as stored.
	 */
	Mono<ThemedEvent> insert(NewThemedEvent event, long townId, YearMonth month, long createdBy, Instant now,
			SqlStep... steps) {
		GeoPoint at = event.location();
		return SqlStep.bind(this.db.sql(SqlStep.with("e AS (" + """
				INSERT INTO themed_event (theme_id, village_id, town_id, month, title, held_at, participants, summary,
				                          lat, lng, accuracy, coord_system, volunteer_team_id, photo_ids,
				                          created_by, created_at)
				VALUES (:theme, :village, :town, :month, :title, :heldAt, :participants, :summary,
				        :lat, :lng, :accuracy, :coordSystem, :team, :photos, :by, :now)
				RETURNING *
				)""", """
				SELECT e.id, e.theme_id, t.title AS theme_title, e.village_id, v.name AS village_name, e.town_id,
				       e.title, e.held_at, e.participants, e.summary, e.lat, e.lng, e.accuracy, e.coord_system,
				       e.volunteer_team_id, e.photo_ids, e.created_by, e.created_at, e.voided_at, e.void_reason
				  FROM e
				  JOIN theme t ON t.id = e.theme_id
				  JOIN org_unit v ON v.id = e.village_id
				""", steps)), steps)
			.bind("theme", event.themeId())
			.bind("village", event.villageId())
			.bind("town", townId)
			.bind("month", month.atDay(1))
			.bind("title", event.title())
			.bind("heldAt", event.heldAt())
			.bind("participants", event.participants())
			.bind("summary", Params.nullable(event.summary(), String.class))
			.bind("lat", Params.nullable((at != null) ? at.lat() : null, Double.class))
			.bind("lng", Params.nullable((at != null) ? at.lng() : null, Double.class))
			.bind("accuracy", Params.nullable((at != null) ? at.accuracy() : null, Double.class))
			.bind("coordSystem", Params.nullable((at != null) ? at.system().name() : null, String.class))
			.bind("team", Params.nullable(event.volunteerTeamId(), Long.class))
			.bind("photos", event.photoIds().toArray(Long[]::new))
			.bind("by", createdBy)
			.bind("now", now)
			.map(ThemedEventRepository::toEvent)
			.one();
	}

	Mono<ThemedEvent> findById(long id) {
		return this.db.sql(SELECT + " WHERE e.id = :id").bind("id", id).map(ThemedEventRepository::toEvent).one();
	}

	/**
	 * Events of the villages under {@code orgPath} in a month, ordered by when they were
	 * held, after the position {@code (afterHeldAt, afterId)} when given.
	 */
	Flux<ThemedEvent> findWithin(String orgPath, YearMonth month, boolean withVoided, @Nullable Instant afterHeldAt,
			long afterId, int limit) {
		return this.db.sql(SELECT + """
				 WHERE v.path LIKE :prefix AND e.month = :month AND (:withVoided OR e.voided_at IS NULL)
				   AND (e.held_at, e.id) > (:afterHeldAt, :afterId)
				 ORDER BY e.held_at, e.id
				 LIMIT :limit
				""")
			.bind("prefix", Params.likePrefix(orgPath))
			.bind("month", month.atDay(1))
			.bind("withVoided", withVoided)
			.bind("afterHeldAt", (afterHeldAt != null) ? afterHeldAt : Instant.EPOCH)
			.bind("afterId", afterId)
			.bind("limit", limit)
			.map(ThemedEventRepository::toEvent)
			.all();
	}

	Mono<Boolean> existsFor(long villageId, YearMonth month) {
		return this.db
			.sql("SELECT EXISTS (SELECT 1 FROM themed_event WHERE village_id = :village AND month = :month"
					+ " AND voided_at IS NULL) AS logged")
			.bind("village", villageId)
			.bind("month", month.atDay(1))
			.map(row -> Params.required(row.get("logged", Boolean.class)))
			.one();
	}

	Mono<Void> correct(long id, String title, int participants, @Nullable String summary) {
		return this.db
			.sql("UPDATE themed_event SET title = :title, participants = :participants, summary = :summary"
					+ " WHERE id = :id")
			.bind("title", title)
			.bind("participants", participants)
			.bind("summary", Params.nullable(summary, String.class))
			.bind("id", id)
			.then();
	}

	static ThemedEvent toEvent(Readable row) {
		Long[] photos = row.get("photo_ids", Long[].class);
		return new ThemedEvent(Params.required(row.get("id", Long.class)),
				Params.required(row.get("theme_id", Long.class)), Params.required(row.get("theme_title", String.class)),
				Params.required(row.get("village_id", Long.class)),
				Params.required(row.get("village_name", String.class)), Params.required(row.get("town_id", Long.class)),
				Params.required(row.get("title", String.class)), Params.required(row.get("held_at", Instant.class)),
				Params.required(row.get("participants", Integer.class)), row.get("summary", String.class),
				GeoPoint.read(row, ""), row.get("volunteer_team_id", Long.class),
				(photos != null) ? List.copyOf(Arrays.asList(photos)) : List.of(),
				Params.required(row.get("created_by", Long.class)),
				Params.required(row.get("created_at", Instant.class)), row.get("voided_at", Instant.class),
				row.get("void_reason", String.class));
	}

}
