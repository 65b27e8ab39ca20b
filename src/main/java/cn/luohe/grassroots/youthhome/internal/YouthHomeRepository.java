package cn.luohe.grassroots.youthhome.internal;

import java.time.Instant;
import java.time.LocalDate;

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
class YouthHomeRepository {

	private static final String SELECT = """
			SELECT h.id, h.name, h.town_id, t.name AS town_name, h.address, h.lat, h.lng, h.accuracy,
			       h.coord_system, h.status, h.demonstration, h.cloud_platform_onboarded,
			       h.cloud_platform_onboarded_at, h.delisted_at, h.created_at
			  FROM youth_home h JOIN org_unit t ON t.id = h.town_id
			""";

	private final DatabaseClient db;

	YouthHomeRepository(DatabaseClient db) {
		this.db = db;
	}

	Mono<YouthHome> findById(long id) {
		return this.db.sql(SELECT + " WHERE h.id = :id").bind("id", id).map(YouthHomeRepository::toHome).one();
	}

	/** The home, its row locked until the transaction ends (edits never interleave). */
	Mono<YouthHome> lock(long id) {
		return this.db.sql(SELECT + " WHERE h.id = :id FOR UPDATE OF h")
			.bind("id", id)
			.map(YouthHomeRepository::toHome)
			.one();
	}

	/** Homes of the towns under {@code orgPath}, by id after {@code afterId}. */
	Flux<YouthHome> findWithin(String orgPath, long afterId, int limit) {
		return this.db.sql(SELECT + " WHERE t.path LIKE :prefix AND h.id > :after ORDER BY h.id LIMIT :limit")
			.bind("prefix", Params.likePrefix(orgPath))
			.bind("after", afterId)
			.bind("limit", limit)
			.map(YouthHomeRepository::toHome)
			.all();
	}

	/**
	 * Writes the home, and the {@code steps} (the town's dirty mark) in the same
	 * statement; answers it as stored, with its town's name.
	 */
	Mono<YouthHome> insert(NewYouthHome home, long createdBy, Instant now, SqlStep... steps) {
		GeoPoint at = home.location();
		return SqlStep.bind(this.db.sql(SqlStep.with("h AS (" + """
				INSERT INTO youth_home (name, town_id, address, lat, lng, accuracy, coord_system, created_by,
				                        created_at, updated_at)
				VALUES (:name, :town, :address, :lat, :lng, :accuracy, :coordSystem, :by, :now, :now)
				RETURNING *
				)""", """
				SELECT h.id, h.name, h.town_id, t.name AS town_name, h.address, h.lat, h.lng, h.accuracy,
				       h.coord_system, h.status, h.demonstration, h.cloud_platform_onboarded,
				       h.cloud_platform_onboarded_at, h.delisted_at, h.created_at
				  FROM h JOIN org_unit t ON t.id = h.town_id
				""", steps)), steps)
			.bind("name", home.name())
			.bind("town", home.townId())
			.bind("address", Params.nullable(home.address(), String.class))
			.bind("lat", Params.nullable((at != null) ? at.lat() : null, Double.class))
			.bind("lng", Params.nullable((at != null) ? at.lng() : null, Double.class))
			.bind("accuracy", Params.nullable((at != null) ? at.accuracy() : null, Double.class))
			.bind("coordSystem", Params.nullable((at != null) ? at.system().name() : null, String.class))
			.bind("by", createdBy)
			.bind("now", now)
			.map(YouthHomeRepository::toHome)
			.one();
	}

	/** Writes the whole editable state of {@code home} (already merged with the edit). */
	Mono<Void> update(YouthHome home, Instant now) {
		GeoPoint at = home.location();
		return this.db.sql("""
				UPDATE youth_home
				   SET name = :name, address = :address, lat = :lat, lng = :lng, accuracy = :accuracy,
				       coord_system = :coordSystem, status = :status, demonstration = :demonstration,
				       cloud_platform_onboarded = :onboarded, cloud_platform_onboarded_at = :onboardedAt,
				       delisted_at = :delistedAt, updated_at = :now
				 WHERE id = :id
				""")
			.bind("name", home.name())
			.bind("address", Params.nullable(home.address(), String.class))
			.bind("lat", Params.nullable((at != null) ? at.lat() : null, Double.class))
			.bind("lng", Params.nullable((at != null) ? at.lng() : null, Double.class))
			.bind("accuracy", Params.nullable((at != null) ? at.accuracy() : null, Double.class))
			.bind("coordSystem", Params.nullable((at != null) ? at.system().name() : null, String.class))
			.bind("status", home.status().name())
			.bind("demonstration", home.demonstration())
			.bind("onboarded", home.cloudPlatformOnboarded())
			.bind("onboardedAt", Params.nullable(home.cloudPlatformOnboardedAt(), LocalDate.class))
			.bind("delistedAt", Params.nullable(home.delistedAt(), Instant.class))
			.bind("now", now)
			.bind("id", home.id())
			.then();
	}

	static YouthHome toHome(Readable row) {
		@Nullable Instant delistedAt = row.get("delisted_at", Instant.class);
		return new YouthHome(Params.required(row.get("id", Long.class)), Params.required(row.get("name", String.class)),
				Params.required(row.get("town_id", Long.class)), Params.required(row.get("town_name", String.class)),
				row.get("address", String.class), GeoPoint.read(row, ""),
				YouthHomeStatus.valueOf(Params.required(row.get("status", String.class))),
				Params.required(row.get("demonstration", Boolean.class)),
				Params.required(row.get("cloud_platform_onboarded", Boolean.class)),
				row.get("cloud_platform_onboarded_at", LocalDate.class), delistedAt,
				Params.required(row.get("created_at", Instant.class)));
	}

}
