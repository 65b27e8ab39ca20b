package cn.luohe.grassroots.youthhome.internal;

import java.time.Instant;
import java.time.LocalDate;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.db.SqlStep;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

@Repository
class OrganizationRepository {

	private static final String COLUMNS = "id, youth_home_id, name, type, founded_on, created_by, created_at, voided_at,"
			+ " void_reason";

	private final DatabaseClient db;

	OrganizationRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * The new organization, or empty when the home already has one of that name; the
	 * {@code steps} (a name held for review) in the same statement, reading its id as
	 * {@code (SELECT id FROM o)}.
	 */
	Mono<YouthOrganization> insert(long homeId, NewYouthOrganization organization, long createdBy, Instant now,
			SqlStep... steps) {
		return SqlStep.bind(this.db.sql(SqlStep.with("o AS (" + """
				INSERT INTO youth_organization (youth_home_id, name, type, founded_on, created_by, created_at)
				VALUES (:home, :name, :type, :foundedOn, :by, :now)
				ON CONFLICT (youth_home_id, name) WHERE voided_at IS NULL DO NOTHING
				RETURNING\s""" + COLUMNS + ")", "SELECT " + COLUMNS + " FROM o", steps)), steps)
			.bind("home", homeId)
			.bind("name", organization.name())
			.bind("type", organization.type().name())
			.bind("foundedOn", organization.foundedOn())
			.bind("by", createdBy)
			.bind("now", now)
			.map(OrganizationRepository::toOrganization)
			.one();
	}

	Mono<YouthOrganization> findById(long id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM youth_organization WHERE id = :id")
			.bind("id", id)
			.map(OrganizationRepository::toOrganization)
			.one();
	}

	Flux<YouthOrganization> findForHome(long homeId, boolean withVoided, long afterId, int limit) {
		return this.db
			.sql("SELECT " + COLUMNS + " FROM youth_organization WHERE youth_home_id = :home AND id > :after"
					+ " AND (:withVoided OR voided_at IS NULL) ORDER BY id LIMIT :limit")
			.bind("home", homeId)
			.bind("withVoided", withVoided)
			.bind("after", afterId)
			.bind("limit", limit)
			.map(OrganizationRepository::toOrganization)
			.all();
	}

	/**
	 * Corrects an organization's name, type and founding date; empty when another live
	 * organization of the home has that name.
	 */
	Mono<Long> correct(long id, String name, OrganizationType type, LocalDate foundedOn) {
		return this.db.sql("""
				UPDATE youth_organization y SET name = :name, type = :type, founded_on = :foundedOn
				 WHERE y.id = :id AND NOT EXISTS (SELECT 1 FROM youth_organization o
				       WHERE o.youth_home_id = y.youth_home_id AND o.name = :name AND o.id <> y.id
				         AND o.voided_at IS NULL)
				RETURNING y.id
				""")
			.bind("name", name)
			.bind("type", type.name())
			.bind("foundedOn", foundedOn)
			.bind("id", id)
			.map(row -> Params.required(row.get("id", Long.class)))
			.one();
	}

	static YouthOrganization toOrganization(Readable row) {
		return new YouthOrganization(Params.required(row.get("id", Long.class)),
				Params.required(row.get("youth_home_id", Long.class)), Params.required(row.get("name", String.class)),
				OrganizationType.valueOf(Params.required(row.get("type", String.class))),
				Params.required(row.get("founded_on", LocalDate.class)),
				Params.required(row.get("created_by", Long.class)),
				Params.required(row.get("created_at", Instant.class)), row.get("voided_at", Instant.class),
				row.get("void_reason", String.class));
	}

}
