package cn.luohe.grassroots.firstsecretary.internal;

import java.time.Instant;

import cn.luohe.grassroots.common.db.Params;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

@Repository
class VolunteerTeamRepository {

	private static final String COLUMNS = "id, county_id, name, members, created_by, created_at, voided_at, void_reason";

	private final DatabaseClient db;

	VolunteerTeamRepository(DatabaseClient db) {
		this.db = db;
	}

	/** The new team, or empty when the county already has a team of that name. */
	Mono<VolunteerTeam> insert(NewVolunteerTeam team, long createdBy, Instant now) {
		return this.db.sql("""
				INSERT INTO volunteer_team (county_id, name, members, created_by, created_at)
				VALUES (:county, :name, :members, :by, :now)
				ON CONFLICT (county_id, name) WHERE voided_at IS NULL DO NOTHING
				RETURNING\s""" + COLUMNS)
			.bind("county", team.countyId())
			.bind("name", team.name())
			.bind("members", Params.nullable(team.members(), Integer.class))
			.bind("by", createdBy)
			.bind("now", now)
			.map(VolunteerTeamRepository::toTeam)
			.one();
	}

	Mono<VolunteerTeam> findById(long id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM volunteer_team WHERE id = :id")
			.bind("id", id)
			.map(VolunteerTeamRepository::toTeam)
			.one();
	}

	Flux<VolunteerTeam> findForCounty(long countyId, boolean withVoided, long afterId, int limit) {
		return this.db
			.sql("SELECT " + COLUMNS + " FROM volunteer_team WHERE county_id = :county AND id > :after"
					+ " AND (:withVoided OR voided_at IS NULL) ORDER BY id LIMIT :limit")
			.bind("county", countyId)
			.bind("withVoided", withVoided)
			.bind("after", afterId)
			.bind("limit", limit)
			.map(VolunteerTeamRepository::toTeam)
			.all();
	}

	/**
	 * Corrects a team's name and members; empty when another live team of the county has
	 * that name.
	 */
	Mono<Long> correct(long id, String name, @Nullable Integer members) {
		return this.db.sql("""
				UPDATE volunteer_team t SET name = :name, members = :members
				 WHERE t.id = :id AND NOT EXISTS (SELECT 1 FROM volunteer_team o WHERE o.county_id = t.county_id
				       AND o.name = :name AND o.id <> t.id AND o.voided_at IS NULL)
				RETURNING t.id
				""")
			.bind("name", name)
			.bind("members", Params.nullable(members, Integer.class))
			.bind("id", id)
			.map(row -> Params.required(row.get("id", Long.class)))
			.one();
	}

	static VolunteerTeam toTeam(Readable row) {
		return new VolunteerTeam(Params.required(row.get("id", Long.class)),
				Params.required(row.get("county_id", Long.class)), Params.required(row.get("name", String.class)),
				row.get("members", Integer.class), Params.required(row.get("created_by", Long.class)),
				Params.required(row.get("created_at", Instant.class)), row.get("voided_at", Instant.class),
				row.get("void_reason", String.class));
	}

}
