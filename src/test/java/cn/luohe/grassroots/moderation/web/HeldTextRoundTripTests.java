package cn.luohe.grassroots.moderation.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.FakeWeChat;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.RoundTripTest;
import cn.luohe.grassroots.support.TestUser;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.junit.jupiter.api.Test;

import static cn.luohe.grassroots.visit.VisitFixtures.WUQUAN;
import static cn.luohe.grassroots.visit.VisitFixtures.WUYANG;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19's round trips when WeChat wants a text reviewed: the record's feed event waits
 * in the moderation queue instead, written with its audit row in the record's own
 * statement, so a held create takes no statement more than a published one (a check-in
 * one statement; a create in a transaction three: key, record, stored answer). The held
 * event names its record, and a replay files nothing more. Counted on an instance whose
 * connections record their statements and whose WeChat is {@link FakeWeChat}.
 */
@RoundTripTest.ChecksTexts
class HeldTextRoundTripTests extends RoundTripTest {

	private static final String HELD_ITEM = "INSERT INTO moderation_item";

	private static final String HELD_AUDIT = "INSERT INTO moderation_audit";

	@Test
	void shouldHoldACheckInsTextInItsOneStatement() {
		TestUser cadre = new Identities(client).withRole(Role.CADRE, WUYANG);
		String key = "held-check-in-" + UUID.randomUUID();
		Map<String, Object> body = checkIn(Db.orgId(WUQUAN), "note", "走访" + FakeWeChat.REVIEW_TEXT);
		statements.clear();

		long visit = created(cadre, key, body, Identified.class, "/api/v1/visits").id();

		List<List<String>> written = statements.transactionsWith("INSERT INTO visit");
		assertThat(written).hasSize(1);
		assertThat(written.getFirst()).singleElement()
			.asString()
			.contains("claim_idempotency_key", "INSERT INTO visit", HELD_ITEM, HELD_AUDIT, "INSERT INTO count_dirty")
			.doesNotContain("INSERT INTO feed_event");
		expectHeldEvent(visit, "VISIT_CHECKED_IN");

		// a replay files nothing more: the key's claim fails its statement, whose every
		// row rolls back
		assertThat(created(cadre, key, body, Identified.class, "/api/v1/visits").id()).isEqualTo(visit);
		expectHeldEvent(visit, "VISIT_CHECKED_IN");

		// its check-out's summary too: one statement, the event held
		statements.clear();
		client.post()
			.uri("/api/v1/visits/{id}/check-out", visit)
			.header("Authorization", cadre.bearer())
			.header("Idempotency-Key", key + "-out")
			.bodyValue(checkOut(List.of(), "summary", "走访小结" + FakeWeChat.REVIEW_TEXT))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(statements.transactionsWith("UPDATE visit")).singleElement()
			.satisfies(statement -> assertThat(statement).singleElement()
				.asString()
				.contains("UPDATE visit", HELD_ITEM, HELD_AUDIT)
				.doesNotContain("INSERT INTO feed_event"));
		expectHeldEvent(visit, "VISIT_COMPLETED");
	}

	@Test
	void shouldHoldAnActivitysTitleWithThreeStatementsInItsTransaction() {
		Identities identities = new Identities(client);
		TestUser secretary = identities.withRole(Role.COUNTY_SECRETARY, WUYANG);
		long home = created(secretary, null,
				Map.of("name", "舞泉镇青年之家（待审往返）" + UUID.randomUUID(), "townId", Db.orgId(WUQUAN)), Identified.class,
				"/api/v1/youth-homes")
			.id();
		TestUser manager = identities.newUser("待审往返管理员");
		identities.grant(manager, Role.YOUTH_HOME_MANAGER, WUQUAN, home);
		Instant start = anHourBeforeBusinessTime();
		Map<String, Object> body = Map.of("title", "读书会" + FakeWeChat.REVIEW_TEXT, "category", "CULTURE_SPORTS",
				"startAt", start.toString(), "endAt", start.plus(Duration.ofHours(2)).toString(), "participants", 12);
		String key = "held-activity-" + UUID.randomUUID();
		statements.clear();

		long activity = created(manager, key, body, Identified.class, "/api/v1/youth-homes/{id}/activities", home).id();

		expectHeldInRecordStatement("INSERT INTO youth_home_activity", "INSERT INTO count_dirty");
		expectHeldEvent(activity, "ACTIVITY_LOGGED");
		statements.clear();
		assertThat(created(manager, key, body, Identified.class, "/api/v1/youth-homes/{id}/activities", home).id())
			.isEqualTo(activity);
		assertThat(statements.transactionsWith(HELD_ITEM)).isEmpty();
		expectHeldEvent(activity, "ACTIVITY_LOGGED");
	}

	@Test
	void shouldFileAYouthHomesAndAnOrganizationsNameWithThreeStatementsEach() {
		Identities identities = new Identities(client);
		TestUser secretary = identities.withRole(Role.COUNTY_SECRETARY, WUYANG);
		Map<String, Object> body = Map.of("name", "青年之家" + FakeWeChat.REVIEW_TEXT + UUID.randomUUID(), "townId",
				Db.orgId(WUQUAN));
		String key = "held-home-" + UUID.randomUUID();
		statements.clear();

		long home = created(secretary, key, body, Identified.class, "/api/v1/youth-homes").id();

		expectHeldInRecordStatement("INSERT INTO youth_home ", "INSERT INTO count_dirty");
		expectFiledName("youth_home", home);
		statements.clear();
		assertThat(created(secretary, key, body, Identified.class, "/api/v1/youth-homes").id()).isEqualTo(home);
		assertThat(statements.transactionsWith(HELD_ITEM)).isEmpty();
		expectFiledName("youth_home", home);

		TestUser manager = identities.newUser("待审组织管理员");
		identities.grant(manager, Role.YOUTH_HOME_MANAGER, WUQUAN, home);
		String founded = instance.context().getBean(BusinessClock.class).today().minusYears(1).toString();
		statements.clear();
		long organization = created(manager, "held-organization-" + UUID.randomUUID(),
				Map.of("name", "书画社" + FakeWeChat.REVIEW_TEXT, "type", "INTEREST", "foundedOn", founded),
				Identified.class, "/api/v1/youth-homes/{id}/organizations", home)
			.id();
		expectHeldInRecordStatement("INSERT INTO youth_organization");
		expectFiledName("youth_organization", organization);
	}

	@Test
	void shouldHoldALeagueOrganisationsNameWithThreeStatementsInItsTransaction() {
		TestUser secretary = new Identities(client).withRole(Role.COUNTY_SECRETARY, WUYANG);
		long unit = created(secretary, null,
				Map.of("name", "待审往返企业" + UUID.randomUUID(), "countyId", Db.orgId(WUYANG), "kind", "STATE_ENTERPRISE"),
				Identified.class, "/api/v1/host-units")
			.id();
		statements.clear();

		long org = created(
				secretary, "held-league-org-" + UUID.randomUUID(), Map.of("name", "团委" + FakeWeChat.REVIEW_TEXT, "type",
						"COMMITTEE", "hostUnitId", unit, "foundedOn", "2026-09-01"),
				Identified.class, "/api/v1/league-orgs")
			.id();

		expectHeldInRecordStatement("INSERT INTO league_org ", "INSERT INTO league_org_audit", "league_coverage_store");
		expectHeldEvent(org, "LEAGUE_ORG_FOUNDED");
	}

	/**
	 * The transaction that ran {@code record} held three statements, the second writing
	 * the record, {@code alsoInWith} and the held text's queue item with its audit row,
	 * and no feed event.
	 */
	private static void expectHeldInRecordStatement(String record, String... alsoInWith) {
		expectKeyStatementAnswer(record, record, HELD_ITEM, HELD_AUDIT);
		String statement = statements.transactionsWith(record).getFirst().get(1);
		assertThat(statement).doesNotContain("INSERT INTO feed_event");
		for (String clause : alsoInWith) {
			assertThat(statement).contains(clause);
		}
	}

	/**
	 * One open queue item holds the record's {@code type} event, naming the record, with
	 * one audit row; the feed has no such event.
	 */
	private static void expectHeldEvent(long recordId, String type) {
		assertThat(Db.count("""
				SELECT count(*) FROM moderation_item i
				 WHERE i.kind = 'TEXT_HELD' AND i.status = 'OPEN' AND i.reason = 'REVIEW' AND i.record_id = ?
				   AND i.held_event ->> 'type' = ? AND CAST(i.held_event ->> 'recordId' AS bigint) = i.record_id
				   AND (SELECT count(*) FROM moderation_audit a WHERE a.item_id = i.id AND a.action = 'HELD') = 1
				""", recordId, type)).isOne();
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE record_id = ? AND type = ?", recordId, type))
			.isZero();
	}

	/** One open queue item files the record's name (no event withheld), audited once. */
	private static void expectFiledName(String recordType, long recordId) {
		assertThat(Db.count("""
				SELECT count(*) FROM moderation_item i
				 WHERE i.kind = 'TEXT_HELD' AND i.status = 'OPEN' AND i.record_type = ? AND i.record_id = ?
				   AND i.held_event IS NULL
				   AND (SELECT count(*) FROM moderation_audit a WHERE a.item_id = i.id AND a.action = 'HELD') = 1
				""", recordType, recordId)).isOne();
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Identified(long id) {
	}

}
