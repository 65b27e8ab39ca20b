package cn.luohe.grassroots.leagueorg.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.db.SqlStep;
import cn.luohe.grassroots.leagueorg.api.HostUnitAttributes;
import cn.luohe.grassroots.leagueorg.api.HostUnitKind;
import cn.luohe.grassroots.leagueorg.api.LeagueDomain;
import cn.luohe.grassroots.leagueorg.api.LeagueOrgType;
import cn.luohe.grassroots.leagueorg.api.MilestoneKind;
import cn.luohe.grassroots.leagueorg.api.ParkLevel;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;

/** Host units, league organisations and milestones: explicit SQL. */
@Repository
class LeagueOrgRepository {

	private static final String UNIT_COLUMNS = """
			h.id, h.name, h.county_id, h.town_id, h.kind, h.park_level, h.park_id, h.eligible, h.party_organized,
			h.above_designated_size, h.youth_federation_member, h.young_entrepreneur_member, h.provincial_top100,
			h.city_top20, h.created_at
			""";

	private static final String ORG_COLUMNS = """
			o.id, o.name, o.type, o.host_unit_id, h.name AS host_unit_name, h.kind AS host_unit_kind, o.county_id,
			o.domain, o.parent_id, o.founded_on, o.teacher_branch, o.dissolved_on, o.dissolution_reason,
			o.created_at, o.created_by, o.voided_at
			""";

	private static final String MILESTONE_COLUMNS = """
			m.id, m.kind, m.county_id, m.town_id, m.host_unit_id, h.kind AS host_unit_kind, m.league_org_id,
			m.occurred_on, m.note, m.created_at,
			coalesce(lo.name, h.name, t.name, c.name) AS subject_name
			""";

	/** What a milestone's answer names, joined to its row {@code m}. */
	private static final String MILESTONE_JOINS = """
			  JOIN org_unit c ON c.id = m.county_id
			  LEFT JOIN org_unit t ON t.id = m.town_id
			  LEFT JOIN league_org lo ON lo.id = m.league_org_id
			  LEFT JOIN host_unit h ON h.id = coalesce(m.host_unit_id, lo.host_unit_id)
			""";

	private static final String MILESTONE_FROM = " FROM league_milestone m" + MILESTONE_JOINS;

	private final DatabaseClient db;

	LeagueOrgRepository(DatabaseClient db) {
		this.db = db;
	}

	// --- host units

	/**
	 * The new unit, or empty when its county already has a unit of that name. Writes the
	 * {@code steps} (audit row, feed event, which name the unit's id
	 * {@code (SELECT id FROM h)}, and the county's recount) in the same statement.
	 */
	Mono<HostUnit> insertUnit(NewHostUnit unit, long userId, Instant now, SqlStep... steps) {
		HostUnitAttributes a = unit.attributes();
		return withAttributes(SqlStep.bind(this.db.sql(SqlStep.with("""
				h AS (
				  INSERT INTO host_unit (name, county_id, town_id, kind, park_level, park_id, eligible,
				                         party_organized, above_designated_size, youth_federation_member,
				                         young_entrepreneur_member, provincial_top100, city_top20, created_by,
				                         created_at, updated_at)
				  VALUES (:name, :county, :town, :kind, :parkLevel, :park, :eligible, :party, :aboveSize, :federation,
				          :entrepreneur, :top100, :top20, :user, :now, :now)
				  ON CONFLICT (county_id, name) DO NOTHING
				  RETURNING *)""", "SELECT " + UNIT_COLUMNS + " FROM h CROSS JOIN " + CoverageCounts.RECOUNT, steps)),
				steps)
			.bind("name", unit.name())
			.bind("county", unit.countyId())
			.bind("town", Params.nullable(unit.townId(), Long.class))
			.bind("kind", unit.kind().name()), a).bind("user", userId)
			.bind("now", now)
			.map(LeagueOrgRepository::toUnit)
			.one();
	}

	Mono<HostUnit> updateAttributes(long id, HostUnitAttributes a, Instant now) {
		return withAttributes(this.db.sql("""
				WITH h AS (
				  UPDATE host_unit SET park_level = :parkLevel, park_id = :park, eligible = :eligible,
				         party_organized = :party, above_designated_size = :aboveSize,
				         youth_federation_member = :federation, young_entrepreneur_member = :entrepreneur,
				         provincial_top100 = :top100, city_top20 = :top20, updated_at = :now
				   WHERE id = :id
				  RETURNING *)
				SELECT\s""" + UNIT_COLUMNS + " FROM h").bind("id", id), a).bind("now", now)
			.map(LeagueOrgRepository::toUnit)
			.one();
	}

	Mono<HostUnit> findUnit(long id) {
		return this.db.sql("SELECT " + UNIT_COLUMNS + " FROM host_unit h WHERE h.id = :id")
			.bind("id", id)
			.map(LeagueOrgRepository::toUnit)
			.one();
	}

	Flux<HostUnit> listUnits(ReadScope scope, @Nullable Long countyId, @Nullable HostUnitKind kind, long afterId,
			int limit) {
		return scoped(
				this.db.sql("SELECT " + UNIT_COLUMNS + " FROM host_unit h WHERE " + ReadScope.PREDICATE
						+ " AND (:county::bigint IS NULL OR h.county_id = :county)"
						+ " AND (:kind::text IS NULL OR h.kind = :kind) AND h.id > :after ORDER BY h.id LIMIT :limit"),
				scope)
			.bind("county", Params.nullable(countyId, Long.class))
			.bind("kind", Params.nullable((kind != null) ? kind.name() : null, String.class))
			.bind("after", afterId)
			.bind("limit", limit)
			.map(LeagueOrgRepository::toUnit)
			.all();
	}

	// --- league organisations

	/**
	 * The new organisation, or empty when its host unit already has one of that name.
	 * Writes the {@code steps} (audit row, feed event, which name its id
	 * {@code (SELECT id FROM o)}, and the county's recount) in the same statement.
	 */
	Mono<LeagueOrg> insertOrg(NewLeagueOrg org, HostUnit unit, long userId, Instant now, SqlStep... steps) {
		return SqlStep
			.bind(this.db.sql(SqlStep.with("""
					o AS (
					  INSERT INTO league_org (name, type, host_unit_id, county_id, domain, parent_id, founded_on,
					                          teacher_branch, created_by, created_at, updated_at)
					  VALUES (:name, :type, :unit, :county, :domain, :parent, :founded, :teacher, :user, :now, :now)
					  ON CONFLICT (host_unit_id, name) DO NOTHING
					  RETURNING *)""",
					"SELECT " + ORG_COLUMNS + " FROM o JOIN host_unit h ON h.id = o.host_unit_id CROSS JOIN "
							+ CoverageCounts.RECOUNT,
					steps)), steps)
			.bind("name", org.name())
			.bind("type", org.type().name())
			.bind("unit", unit.id())
			.bind("county", unit.countyId())
			.bind("domain", unit.kind().domain().name())
			.bind("parent", Params.nullable(org.parentId(), Long.class))
			.bind("founded", org.foundedOn())
			.bind("teacher", org.teacherBranch())
			.bind("user", userId)
			.bind("now", now)
			.map(LeagueOrgRepository::toOrg)
			.one();
	}

	Mono<LeagueOrg> findOrg(long id) {
		return this.db
			.sql("SELECT " + ORG_COLUMNS + " FROM league_org o JOIN host_unit h ON h.id = o.host_unit_id"
					+ " WHERE o.id = :id")
			.bind("id", id)
			.map(LeagueOrgRepository::toOrg)
			.one();
	}

	/** Dissolves an active organisation; empty when it is already dissolved. */
	Mono<LeagueOrg> dissolve(long id, Dissolution dissolution, Instant now) {
		return this.db.sql("""
				WITH o AS (
				  UPDATE league_org SET dissolved_on = :on, dissolution_reason = :reason, updated_at = :now
				   WHERE id = :id AND dissolved_on IS NULL AND voided_at IS NULL
				  RETURNING *)
				SELECT\s""" + ORG_COLUMNS + " FROM o JOIN host_unit h ON h.id = o.host_unit_id")
			.bind("id", id)
			.bind("on", dissolution.dissolvedOn())
			.bind("reason", dissolution.reason())
			.bind("now", now)
			.map(LeagueOrgRepository::toOrg)
			.one();
	}

	Flux<LeagueOrg> listOrgs(ReadScope scope, @Nullable Long countyId, @Nullable LeagueDomain domain,
			@Nullable Long hostUnitId, long afterId, int limit) {
		return scoped(this.db
			.sql("SELECT " + ORG_COLUMNS + " FROM league_org o JOIN host_unit h ON h.id = o.host_unit_id WHERE "
					+ ReadScope.PREDICATE + " AND (:county::bigint IS NULL OR o.county_id = :county)"
					+ " AND (:domain::text IS NULL OR o.domain = :domain)"
					+ " AND (:unit::bigint IS NULL OR o.host_unit_id = :unit)"
					+ " AND o.voided_at IS NULL AND o.id > :after ORDER BY o.id LIMIT :limit"),
				scope)
			.bind("county", Params.nullable(countyId, Long.class))
			.bind("domain", Params.nullable((domain != null) ? domain.name() : null, String.class))
			.bind("unit", Params.nullable(hostUnitId, Long.class))
			.bind("after", afterId)
			.bind("limit", limit)
			.map(LeagueOrgRepository::toOrg)
			.all();
	}

	/** Organisations founded between two days, in scope, by date then id. */
	Flux<LeagueOrg> foundedBetween(ReadScope scope, LocalDate from, LocalDate to) {
		return scoped(this.db.sql("SELECT " + ORG_COLUMNS
				+ " FROM league_org o JOIN host_unit h ON h.id = o.host_unit_id WHERE " + ReadScope.PREDICATE
				+ " AND o.voided_at IS NULL AND o.founded_on BETWEEN :from AND :to ORDER BY o.founded_on, o.id"), scope)
			.bind("from", from)
			.bind("to", to)
			.map(LeagueOrgRepository::toOrg)
			.all();
	}

	// --- milestones

	/**
	 * The new milestone, or empty when its subject already has one of a once-only kind.
	 * Writes the {@code steps} (audit row, feed event, which name its id
	 * {@code (SELECT id FROM m)}, and the county's recount) in the same statement.
	 */
	Mono<Milestone> insertMilestone(MilestoneKind kind, long countyId, @Nullable Long townId, @Nullable Long hostUnitId,
			@Nullable Long leagueOrgId, LocalDate occurredOn, @Nullable String note, long userId, Instant now,
			SqlStep... steps) {
		return SqlStep
			.bind(this.db.sql(SqlStep.with("""
					m AS (
					  INSERT INTO league_milestone (kind, county_id, town_id, host_unit_id, league_org_id, occurred_on,
					                                note, created_by, created_at)
					  VALUES (:kind, :county, :town, :unit, :org, :on, :note, :user, :now)
					  ON CONFLICT DO NOTHING
					  RETURNING *)""",
					"SELECT " + MILESTONE_COLUMNS + " FROM m" + MILESTONE_JOINS + " CROSS JOIN "
							+ CoverageCounts.RECOUNT,
					steps)), steps)
			.bind("kind", kind.name())
			.bind("county", countyId)
			.bind("town", Params.nullable(townId, Long.class))
			.bind("unit", Params.nullable(hostUnitId, Long.class))
			.bind("org", Params.nullable(leagueOrgId, Long.class))
			.bind("on", occurredOn)
			.bind("note", Params.nullable(note, String.class))
			.bind("user", userId)
			.bind("now", now)
			.map(LeagueOrgRepository::toMilestone)
			.one();
	}

	Mono<Milestone> findMilestone(long id) {
		return this.db.sql("SELECT " + MILESTONE_COLUMNS + MILESTONE_FROM + " WHERE m.id = :id")
			.bind("id", id)
			.map(LeagueOrgRepository::toMilestone)
			.one();
	}

	/**
	 * Milestones between two days of the given counties (null: every county), by date
	 * then id.
	 */
	Flux<Milestone> milestonesBetween(@Nullable Long countyId, LocalDate from, LocalDate to, long afterId, int limit) {
		return this.db.sql("SELECT " + MILESTONE_COLUMNS + MILESTONE_FROM
				+ " WHERE (:county::bigint IS NULL OR m.county_id = :county) AND m.occurred_on BETWEEN :from AND :to"
				+ " AND m.id > :after ORDER BY m.id LIMIT :limit")
			.bind("county", Params.nullable(countyId, Long.class))
			.bind("from", from)
			.bind("to", to)
			.bind("after", afterId)
			.bind("limit", limit)
			.map(LeagueOrgRepository::toMilestone)
			.all();
	}

	// --- audit

	/**
	 * {@link #audit} of the record {@code recordCte} (its id is the subject) as the step
	 * {@code audit} of the record's data-modifying {@code WITH} statement.
	 */
	static SqlStep auditStep(String action, long actorUserId, String recordCte, long unitId, String detail,
			Instant now) {
		Map<String, Object> binds = new LinkedHashMap<>();
		binds.put("at", now);
		binds.put("actor", actorUserId);
		binds.put("action", action);
		binds.put("unit", unitId);
		binds.put("detail", detail);
		return SqlStep.named("audit", """
				INSERT INTO league_org_audit (at, actor_user_id, action, subject_id, unit_id, detail)
				SELECT :at, :actor, :action, id, :unit, :detail FROM\s""" + recordCte, binds);
	}

	Mono<Void> audit(String action, long actorUserId, @Nullable Long subjectId, long unitId, String detail,
			Instant now) {
		return this.db.sql("""
				INSERT INTO league_org_audit (at, actor_user_id, action, subject_id, unit_id, detail)
				VALUES (:at, :actor, :action, :subject, :unit, :detail)
				""")
			.bind("at", now)
			.bind("actor", actorUserId)
			.bind("action", action)
			.bind("subject", Params.nullable(subjectId, Long.class))
			.bind("unit", unitId)
			.bind("detail", detail)
			.then();
	}

	/** The attributes' parameters, shared by the insert and the update of a host unit. */
	private static GenericExecuteSpec withAttributes(GenericExecuteSpec spec, HostUnitAttributes a) {
		return spec
			.bind("parkLevel", Params.nullable((a.parkLevel() != null) ? a.parkLevel().name() : null, String.class))
			.bind("park", Params.nullable(a.parkId(), Long.class))
			.bind("eligible", a.eligible())
			.bind("party", a.partyOrganized())
			.bind("aboveSize", a.aboveDesignatedSize())
			.bind("federation", a.youthFederationMember())
			.bind("entrepreneur", a.youngEntrepreneurMember())
			.bind("top100", a.provincialTop100())
			.bind("top20", a.cityTop20());
	}

	private static GenericExecuteSpec scoped(GenericExecuteSpec spec, ReadScope scope) {
		return spec.bind("all", scope.all())
			.bind("counties", scope.countyIds().toArray(Long[]::new))
			.bind("kinds", scope.kinds().toArray(String[]::new))
			.bind("allPrivate", scope.allPrivate());
	}

	static HostUnit toUnit(Readable row) {
		String parkLevel = row.get("park_level", String.class);
		HostUnitAttributes attributes = new HostUnitAttributes(flag(row, "eligible"), flag(row, "party_organized"),
				flag(row, "above_designated_size"), flag(row, "youth_federation_member"),
				flag(row, "young_entrepreneur_member"), flag(row, "provincial_top100"), flag(row, "city_top20"),
				(parkLevel != null) ? ParkLevel.valueOf(parkLevel) : null, row.get("park_id", Long.class));
		return new HostUnit(Params.required(row.get("id", Long.class)), Params.required(row.get("name", String.class)),
				Params.required(row.get("county_id", Long.class)), row.get("town_id", Long.class),
				HostUnitKind.valueOf(Params.required(row.get("kind", String.class))), attributes,
				Params.required(row.get("created_at", Instant.class)));
	}

	static LeagueOrg toOrg(Readable row) {
		return new LeagueOrg(Params.required(row.get("id", Long.class)), Params.required(row.get("name", String.class)),
				LeagueOrgType.valueOf(Params.required(row.get("type", String.class))),
				Params.required(row.get("host_unit_id", Long.class)),
				Params.required(row.get("host_unit_name", String.class)),
				HostUnitKind.valueOf(Params.required(row.get("host_unit_kind", String.class))),
				Params.required(row.get("county_id", Long.class)),
				LeagueDomain.valueOf(Params.required(row.get("domain", String.class))),
				row.get("parent_id", Long.class), Params.required(row.get("founded_on", LocalDate.class)),
				flag(row, "teacher_branch"), row.get("dissolved_on", LocalDate.class),
				row.get("dissolution_reason", String.class), Params.required(row.get("created_at", Instant.class)),
				Params.required(row.get("created_by", Long.class)), row.get("voided_at", Instant.class));
	}

	static Milestone toMilestone(Readable row) {
		String unitKind = row.get("host_unit_kind", String.class);
		return new Milestone(Params.required(row.get("id", Long.class)),
				MilestoneKind.valueOf(Params.required(row.get("kind", String.class))),
				Params.required(row.get("county_id", Long.class)), row.get("town_id", Long.class),
				row.get("host_unit_id", Long.class), (unitKind != null) ? HostUnitKind.valueOf(unitKind) : null,
				row.get("league_org_id", Long.class), Params.required(row.get("occurred_on", LocalDate.class)),
				row.get("note", String.class), Params.required(row.get("subject_name", String.class)),
				Params.required(row.get("created_at", Instant.class)));
	}

	private static boolean flag(Readable row, String column) {
		return Boolean.TRUE.equals(row.get(column, Boolean.class));
	}

}
