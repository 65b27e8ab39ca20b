package cn.luohe.grassroots.leagueorg.web;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.RoundTripTest;
import cn.luohe.grassroots.support.TestUser;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host unit's, a league organisation's and a milestone's transaction each hold at most
 * three statements (issue 19): the idempotency key, the record with its audit row, feed
 * event and the county's recount (one {@code WITH} statement calling
 * {@code league_coverage_store}, which takes the county's lock and recounts with a fresh
 * snapshot), and the stored answer. The caller's scope, the county, town, park, parent,
 * host unit and the milestone's subject are read and judged before it. Counted on an
 * instance whose connections record their statements; adding a statement fails this test.
 * Every record is new and uniquely named in 舞阳县, where other tests only add.
 */
class LeagueOrgRoundTripTests extends RoundTripTest {

	private static final String WUYANG = "411121";

	private static final AtomicLong SUFFIX = new AtomicLong(System.nanoTime() % 100_000);

	@Test
	void shouldRegisterAHostUnitWithThreeStatementsInItsTransaction() {
		TestUser secretary = new Identities(client).withRole(Role.COUNTY_SECRETARY, WUYANG);
		long county = Db.orgId(WUYANG);
		Map<String, Object> body = Map.of("name", "往返中学" + unique(), "countyId", county, "townId",
				Db.orgId("411121100"), "kind", "MIDDLE_SCHOOL");
		String key = "round-trips-unit" + unique();
		statements.clear();

		Created first = create(secretary, "/api/v1/host-units", key, body);

		expectThreeStatements("INSERT INTO host_unit");
		assertThat(Db.count("SELECT count(*) FROM league_org_audit WHERE subject_id = ? AND action = ?", first.id(),
				"HOST_UNIT_REGISTERED"))
			.isEqualTo(1);
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE record_id = ? AND type = ?", first.id(),
				"HOST_UNIT_REGISTERED"))
			.isEqualTo(1);
		expectCountsAsRecounted(county);
		statements.clear();
		assertThat(create(secretary, "/api/v1/host-units", key, body)).isEqualTo(first);
		assertThat(statements.transactionsWith("INSERT INTO host_unit")).isEmpty();
	}

	@Test
	void shouldFoundALeagueOrganisationWithThreeStatementsInItsTransaction() {
		TestUser secretary = new Identities(client).withRole(Role.COUNTY_SECRETARY, WUYANG);
		long county = Db.orgId(WUYANG);
		long unit = create(secretary, "/api/v1/host-units", "round-trips-org-unit" + unique(),
				Map.of("name", "往返企业" + unique(), "countyId", county, "kind", "STATE_ENTERPRISE"))
			.id();
		Map<String, Object> body = Map.of("name", "团委", "type", "COMMITTEE", "hostUnitId", unit, "foundedOn",
				"2026-09-01");
		String key = "round-trips-org" + unique();
		statements.clear();

		Created first = create(secretary, "/api/v1/league-orgs", key, body);

		expectThreeStatements("INSERT INTO league_org ");
		assertThat(Db.count("SELECT count(*) FROM league_org_audit WHERE subject_id = ? AND action = ?", first.id(),
				"LEAGUE_ORG_FOUNDED"))
			.isEqualTo(1);
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE record_id = ? AND type = ?", first.id(),
				"LEAGUE_ORG_FOUNDED"))
			.isEqualTo(1);
		expectCountsAsRecounted(county);
		statements.clear();
		assertThat(create(secretary, "/api/v1/league-orgs", key, body)).isEqualTo(first);
		assertThat(statements.transactionsWith("INSERT INTO league_org ")).isEmpty();
	}

	@Test
	void shouldRecordAMilestoneWithThreeStatementsInItsTransaction() {
		TestUser secretary = new Identities(client).withRole(Role.COUNTY_SECRETARY, WUYANG);
		long county = Db.orgId(WUYANG);
		long school = create(secretary, "/api/v1/host-units", "round-trips-milestone-unit" + unique(),
				Map.of("name", "往返初中" + unique(), "countyId", county, "kind", "MIDDLE_SCHOOL"))
			.id();
		Map<String, Object> body = Map.of("kind", "LEAGUE_SCHOOL_FOUNDED", "occurredOn", "2026-06-01", "hostUnitId",
				school);
		String key = "round-trips-milestone" + unique();
		statements.clear();

		Created first = create(secretary, "/api/v1/league-milestones", key, body);

		expectThreeStatements("INSERT INTO league_milestone");
		assertThat(Db.count("SELECT count(*) FROM league_org_audit WHERE subject_id = ? AND action = ?", first.id(),
				"MILESTONE_RECORDED"))
			.isEqualTo(1);
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE record_id = ? AND type = ?", first.id(),
				"LEAGUE_MILESTONE_RECORDED"))
			.isEqualTo(1);
		expectCountsAsRecounted(county);
		statements.clear();
		assertThat(create(secretary, "/api/v1/league-milestones", key, body)).isEqualTo(first);
		assertThat(statements.transactionsWith("INSERT INTO league_milestone")).isEmpty();
	}

	private static void expectThreeStatements(String record) {
		expectKeyStatementAnswer(record, record, "INSERT INTO league_org_audit", "INSERT INTO feed_event",
				"league_coverage_store");
	}

	/**
	 * The county's latest maintained row equals a recount from the raw records, read in
	 * one snapshot (a write commits its record and its recount together).
	 */
	private static void expectCountsAsRecounted(long county) {
		assertThat(Db.count("""
				SELECT count(*) FROM (SELECT DISTINCT ON (county_id) * FROM org_building_count
				                        WHERE county_id = ? ORDER BY county_id, month DESC) c
				  JOIN league_coverage_figures(c.county_id, ARRAY[c.month]) f ON f.month = c.month
				 WHERE (c.school_units, c.school_covered, c.middle_schools, c.league_schools, c.state_units,
				        c.state_covered)
				     = (f.school_units, f.school_covered, f.middle_schools, f.league_schools, f.state_units,
				        f.state_covered)
				""", county)).isEqualTo(1);
	}

	private static Created create(TestUser user, String uri, String key, Map<String, Object> body) {
		return created(user, key, body, Created.class, uri);
	}

	private static String unique() {
		return "-" + SUFFIX.incrementAndGet();
	}

	/** The part of an answer this test reads. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Created(long id, String createdAt) {
	}

}
