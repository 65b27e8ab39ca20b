package cn.luohe.grassroots.ledger.web;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.ledger.LedgerFixtures.Assignment;
import cn.luohe.grassroots.ledger.LedgerFixtures.Measure;
import cn.luohe.grassroots.ledger.web.LedgerTestViews.FollowUp;
import cn.luohe.grassroots.ledger.web.LedgerTestViews.Ledger;
import cn.luohe.grassroots.ledger.web.LedgerTestViews.Matrix;
import cn.luohe.grassroots.ledger.web.LedgerTestViews.Report;
import cn.luohe.grassroots.ledger.web.LedgerTestViews.Supervision;
import cn.luohe.grassroots.ledger.web.LedgerTestViews.Task;
import cn.luohe.grassroots.support.ContractValidator;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.IntegrationTest;
import cn.luohe.grassroots.support.MutableClock;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.ServiceInstance;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.ledger.LedgerFixtures.assignment;
import static cn.luohe.grassroots.ledger.LedgerFixtures.body;
import static cn.luohe.grassroots.ledger.LedgerFixtures.items;
import static cn.luohe.grassroots.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flags move with the business clock and with progress, measured tasks follow their
 * records, supervision of a black flag and its follow-up: on an instance of the service
 * whose clock the test moves, on a copy of the 2020 ledger into a year of its own.
 */
@IntegrationTest
class LedgerFlagApiTests {

	private static final MutableClock CLOCK = new MutableClock(at(2020, 1, 1), BusinessClock.ZONE);

	private static ServiceInstance instance;

	private static int year;

	@BeforeAll
	static void startAnInstanceWithAMovableClock() {
		instance = ServiceInstance.start(Map.of(), CLOCK);
	}

	@AfterAll
	static void stop() {
		instance.close();
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + instance.port())
			.responseTimeout(Duration.ofSeconds(20))
			.filter(new ContractValidator())
			.build();
	}

	/** Logs in anew (tokens follow the moved clock). */
	private WebTestClient as(TestUser user) {
		TestUser fresh = new Identities(client()).login("flag-" + user.id() + "-" + CLOCK.instant(),
				user.displayName());
		try (var connection = Identities.connect(); var copy = connection.prepareStatement("""
				INSERT INTO role_binding (user_id, role, org_id, youth_home_id, granted_at)
				SELECT ?, role, org_id, youth_home_id, now() FROM role_binding WHERE user_id = ? AND revoked_at IS NULL
				ON CONFLICT DO NOTHING
				""")) {
			copy.setLong(1, fresh.id());
			copy.setLong(2, user.id());
			copy.executeUpdate();
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return client().mutate().defaultHeader("Authorization", fresh.bearer()).build();
	}

	private static java.time.Instant at(int y, int month, int day) {
		return ZonedDateTime.of(y, month, day, 10, 0, 0, 0, BusinessClock.ZONE).toInstant();
	}

	private static void today(int month, int day) {
		CLOCK.set(at(year, month, day));
	}

	private TestUser user(Role role, String orgCode) {
		Identities identities = new Identities(client());
		TestUser user = identities.newUser(role.name().toLowerCase() + "@" + orgCode);
		identities.grant(user, role, orgCode, null);
		return user;
	}

	@Test
	void shouldMoveFlagsWithTheClockAndWithProgressAndSuperviseTheBlackOnes() {
		year = 2021 + (int) Db.count("SELECT count(*) FROM ledger WHERE year BETWEEN 2021 AND 2099");
		CLOCK.set(at(year, 1, 2));
		TestUser admin = user(Role.CITY_ADMIN, "4111");
		expectProblem(as(admin).post()
			.uri("/api/v1/ledgers")
			.bodyValue(Map.of("year", year, "copyFrom", 2020, "startsOn", (year + 1) + "-06-01"))
			.exchange(), 400, "VALIDATION_FAILED");
		expectProblem(
				as(admin).post().uri("/api/v1/ledgers").bodyValue(Map.of("year", year, "copyFrom", 2100)).exchange(),
				404, "NOT_FOUND");
		expectProblem(as(user(Role.COUNTY_SECRETARY, "411102")).post()
			.uri("/api/v1/ledgers")
			.bodyValue(Map.of("year", year, "copyFrom", 2020))
			.exchange(), 403, "FORBIDDEN_ROLE");
		assertThat(Db.count("SELECT count(*) FROM ledger_task WHERE year = ?", year)).isZero();
		Ledger copy = body(as(admin).post()
			.uri("/api/v1/ledgers")
			.bodyValue(Map.of("year", year, "copyFrom", 2020, "startsOn", year + "-06-01"))
			.exchange(), 201, Ledger.class);
		assertThat(copy).extracting(Ledger::copiedFrom, Ledger::startsOn).containsExactly(2020, year + "-06-01");
		expectProblem(
				as(admin).post().uri("/api/v1/ledgers").bodyValue(Map.of("year", year, "copyFrom", 2020)).exchange(),
				409, "LEDGER_EXISTS");
		assertThat(items(as(admin), Task.class, "/api/v1/ledgers/{y}/tasks?limit=200", year)).hasSize(29)
			.first()
			.satisfies(t -> assertThat(t.deadline()).isEqualTo(year + "-10-31"));

		TestUser yuanhui = user(Role.COUNTY_SECRETARY, "411102");
		TestUser yancheng = user(Role.COUNTY_SECRETARY, "411103");
		// task 12 (县区直, 各县区团委), due the end of November, expectations from 1 June: 183
		// days
		today(6, 5);
		// grace days
		assertThat(flagOf(as(yuanhui), 12, "源汇区团委").flag()).isEqualTo("NONE");

		today(8, 15); // 76 of 183 days: 41 % expected
		Assignment idle = flagOf(as(yuanhui), 12, "源汇区团委");
		assertThat(idle).extracting(Assignment::flag, Assignment::expectedProgress, Assignment::behind)
			.containsExactly("BLACK", 41, 41);
		long yuanhuiTask = idle.id();
		report(as(yuanhui), yuanhuiTask, Map.of("text", "摸底完成", "progress", 30), 201);
		assertThat(flagOf(as(yuanhui), 12, "源汇区团委")).extracting(Assignment::flag, Assignment::behind)
			.containsExactly("YELLOW", 11);
		Report onTrack = report(as(yuanhui), yuanhuiTask, Map.of("text", "已建5个", "progress", 45), 201);
		assertThat(assignmentOf(onTrack).flag()).isEqualTo("NONE");

		today(11, 20); // due within 14 days: yellow though on track
		report(as(yuanhui), yuanhuiTask, Map.of("text", "收尾", "progress", 95), 201);
		assertThat(flagOf(as(yuanhui), 12, "源汇区团委").flag()).isEqualTo("YELLOW");
		Report done = report(as(yuanhui), yuanhuiTask, Map.of("text", "全部完成", "status", "DONE"), 201);
		assertThat(assignmentOf(done)).extracting(Assignment::flag, Assignment::status, Assignment::doneOn)
			.containsExactly("RED", "DONE", year + "-11-20");
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE type = 'LEDGER_DONE' AND record_id = ?", done.id()))
			.isOne();

		today(12, 3); // 郾城区 never reported: overdue
		Assignment overdue = flagOf(as(yancheng), 12, "郾城区团委");
		assertThat(overdue).extracting(Assignment::flag, Assignment::daysOverdue, Assignment::behind)
			.containsExactly("BLACK", 3, 100);
		assertThat(flagOf(as(yuanhui), 12, "源汇区团委").flag()).isEqualTo("RED");
		List<Assignment> laggards = items(as(admin), Assignment.class, "/api/v1/ledgers/{y}/laggards", year);
		assertThat(laggards.getFirst().behind()).isEqualTo(100);
		assertThat(laggards).noneMatch(l -> l.id() == yuanhuiTask);
		assertThat(laggards).extracting(Assignment::behind).isSortedAccordingTo(java.util.Comparator.reverseOrder());
		Matrix matrix = body(as(admin).get().uri("/api/v1/ledgers/{y}/matrix", year).exchange(), 200, Matrix.class);
		assertThat(matrix.tasks()).filteredOn(t -> t.position() == 12)
			.singleElement()
			.satisfies(t -> assertThat(t.flag()).isEqualTo("BLACK"));

		// supervision: only under a black flag, only by city cadres
		Map<String, Object> interview = Map.of("kind", "INTERVIEW", "heldOn", year + "-12-02", "participants", "团市委组织部",
				"findings", "未开展摸底", "actions", "两周内完成县直单位摸底", "followUpOn", year + "-12-16");
		expectProblem(as(yancheng).post()
			.uri("/api/v1/ledger-assignments/{id}/supervisions", overdue.id())
			.bodyValue(interview)
			.exchange(), 403, "FORBIDDEN_ROLE");
		expectProblem(as(admin).post()
			.uri("/api/v1/ledger-assignments/{id}/supervisions", yuanhuiTask)
			.bodyValue(interview)
			.exchange(), 422, "NOT_UNDER_BLACK_FLAG");
		expectProblem(as(admin).post()
			.uri("/api/v1/ledger-assignments/{id}/supervisions", overdue.id())
			.bodyValue(Map.of("kind", "INTERVIEW", "heldOn", year + "-12-09", "findings", "x", "actions", "y"))
			.exchange(), 400, "VALIDATION_FAILED");
		expectProblem(as(admin).post()
			.uri("/api/v1/ledger-assignments/{id}/supervisions", overdue.id())
			.bodyValue(Map.of("kind", "CALL", "heldOn", year + "-12-02", "findings", "x", "actions", "y"))
			.exchange(), 400, "VALIDATION_FAILED");
		// never before the ledger's year
		expectProblem(as(admin).post()
			.uri("/api/v1/ledger-assignments/{id}/supervisions", overdue.id())
			.bodyValue(Map.of("kind", "INTERVIEW", "heldOn", (year - 1) + "-12-31", "findings", "x", "actions", "y"))
			.exchange(), 400, "VALIDATION_FAILED");
		assertThat(Db.count("SELECT count(*) FROM ledger_supervision WHERE assignment_id = ?", overdue.id())).isZero();
		Supervision supervision = body(as(admin).post()
			.uri("/api/v1/ledger-assignments/{id}/supervisions", overdue.id())
			.bodyValue(interview)
			.exchange(), 201, Supervision.class);
		assertThat(supervision).extracting(Supervision::kind, Supervision::followUpOn)
			.containsExactly("INTERVIEW", year + "-12-16");
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE type = 'LEDGER_SUPERVISION' AND record_id = ?",
				supervision.id()))
			.isOne();
		assertThat(items(as(admin), FollowUp.class, "/api/v1/ledgers/{y}/follow-ups", year)).isEmpty();
		today(12, 16);
		assertThat(items(as(admin), FollowUp.class, "/api/v1/ledgers/{y}/follow-ups", year)).singleElement()
			.satisfies(f -> assertThat(f.supervision().id()).isEqualTo(supervision.id()));
		assertThat(items(as(yancheng), FollowUp.class, "/api/v1/ledgers/{y}/follow-ups", year)).hasSize(1);
		assertThat(items(as(yuanhui), FollowUp.class, "/api/v1/ledgers/{y}/follow-ups", year)).isEmpty();
		assertThat(items(as(yancheng), Supervision.class, "/api/v1/ledger-assignments/{id}/supervisions", overdue.id()))
			.singleElement()
			.satisfies(s -> assertThat(s).extracting(Supervision::findings, Supervision::followedUpAt)
				.containsExactly("未开展摸底", null));
		expectProblem(
				as(yancheng).post().uri("/api/v1/ledger-supervisions/{id}/follow-up", supervision.id()).exchange(), 403,
				"FORBIDDEN_ROLE");
		body(as(admin).post().uri("/api/v1/ledger-supervisions/{id}/follow-up", supervision.id()).exchange(), 200,
				Supervision.class);
		assertThat(items(as(admin), FollowUp.class, "/api/v1/ledgers/{y}/follow-ups", year)).isEmpty();
	}

	@Test
	void shouldFollowTheRecordsOfAMeasuredTask() {
		ensureLedger();
		// task 22: 每个县区新入驻云平台5家, measured from the Youth Home registry; 召陵区's target is 5
		TestUser zhaoling = user(Role.COUNTY_SECRETARY, "411104");
		today(8, 15);
		Assignment none = flagOf(as(zhaoling), 22, "召陵区团委");
		assertThat(none).extracting(Assignment::measured, Assignment::progress, Assignment::flag)
			.containsExactly(true, 0, "BLACK");
		assertThat(none.measures()).singleElement()
			.satisfies(m -> assertThat(m).extracting(Measure::indicator, Measure::of)
				.containsExactly("CLOUD_PLATFORM_ONBOARDING", 5));
		expectProblem(as(zhaoling).post()
			.uri("/api/v1/ledger-assignments/{id}/reports", none.id())
			.bodyValue(Map.of("text", "已入驻3家", "progress", 60))
			.exchange(), 422, "MEASURED_TASK");

		List<String> towns = List.of("411104001", "411104002", "411104003", "411104100", "411104102");
		List<Long> homes = towns.stream()
			.map(town -> body(as(zhaoling).post()
				.uri("/api/v1/youth-homes")
				.bodyValue(Map.of("name", "云平台青年之家" + year + town, "townId", Db.orgId(town)))
				.exchange(), 201, Identified.class).id())
			.toList();
		for (long home : homes.subList(0, 3)) {
			body(as(zhaoling).patch()
				.uri("/api/v1/youth-homes/{id}", home)
				.bodyValue(Map.of("cloudPlatformOnboarded", true, "cloudPlatformOnboardedAt", year + "-08-10"))
				.exchange(), 200, Identified.class);
		}
		// onboarded in an earlier year: not new in this one
		body(as(zhaoling).patch()
			.uri("/api/v1/youth-homes/{id}", homes.get(3))
			.bodyValue(Map.of("cloudPlatformOnboarded", true, "cloudPlatformOnboardedAt", (year - 1) + "-12-31"))
			.exchange(), 200, Identified.class);
		Assignment three = flagOf(as(zhaoling), 22, "召陵区团委");
		assertThat(three).extracting(Assignment::progress, Assignment::status, Assignment::flag)
			.containsExactly(60, "IN_PROGRESS", "NONE");
		// text and photos are still reported by hand; the report records the figures as
		// they stand
		Report note = report(as(zhaoling), three.id(), Map.of("text", "三家已入驻，两家在审核"), 201);
		assertThat(note).extracting(Report::status, Report::progress).containsExactly("IN_PROGRESS", 60);
		assertThat(assignmentOf(note).progress()).isEqualTo(60);
		today(9, 20);
		for (long home : homes.subList(3, 5)) {
			body(as(zhaoling).patch()
				.uri("/api/v1/youth-homes/{id}", home)
				.bodyValue(Map.of("cloudPlatformOnboarded", true, "cloudPlatformOnboardedAt", year + "-09-20"))
				.exchange(), 200, Identified.class);
		}
		Assignment five = flagOf(as(zhaoling), 22, "召陵区团委");
		assertThat(five).extracting(Assignment::progress, Assignment::status, Assignment::doneOn, Assignment::flag)
			.containsExactly(100, "DONE", year + "-09-20", "RED");
		today(12, 5); // judged on the records up to the deadline: still done in time
		assertThat(flagOf(as(zhaoling), 22, "召陵区团委")).extracting(Assignment::flag, Assignment::doneOn)
			.containsExactly("RED", year + "-11-30");
	}

	@Test
	void shouldFollowTheFirstSecretariesThemedEventsMonthByMonth() {
		ensureLedger();
		// task 18: 舞阳县团委's 第一团支书每月主题活动, from 1 June to 31 December
		TestUser wuyang = user(Role.COUNTY_SECRETARY, "411121");
		today(8, 15); // June and July are over
		Assignment none = flagOf(as(wuyang), 18, "舞阳县团委");
		assertThat(none).extracting(Assignment::measured, Assignment::progress, Assignment::flag)
			.containsExactly(true, 0, "BLACK");
		long themeId = body(as(wuyang).post()
			.uri("/api/v1/themes")
			.bodyValue(Map.of("countyId", Db.orgId("411121"), "month", year + "-06", "title", "助力脱贫攻坚"))
			.exchange(), 201, Identified.class).id();
		TestUser firstSecretary = user(Role.FIRST_SECRETARY, "411121100201");
		body(as(firstSecretary).post()
			.uri("/api/v1/themed-events")
			.bodyValue(Map.of("themeId", themeId, "villageId", Db.orgId("411121100201"), "title", "入户走访", "heldAt",
					at(year, 6, 20).toString(), "participants", 12))
			.exchange(), 201, Identified.class);
		Assignment half = flagOf(as(wuyang), 18, "舞阳县团委");
		assertThat(half).extracting(Assignment::progress, Assignment::status, Assignment::flag)
			.containsExactly(50, "IN_PROGRESS", "NONE");
		assertThat(half.measures()).singleElement()
			.satisfies(m -> assertThat(m).extracting(Measure::indicator, Measure::value, Measure::of)
				.containsExactly("THEMED_EVENTS_MONTHLY", 1, 2));
	}

	@Test
	void shouldCountStandardActivityRoomsFromTheLeagueOrganisationRecords() {
		ensureLedger();
		// task 13: 每个县区建立3个标准化团员活动室 (临颍县 3), from the milestones of league-organisation
		// records
		TestUser linying = user(Role.COUNTY_SECRETARY, "411122");
		today(7, 10);
		assertThat(flagOf(as(linying), 13, "临颍县团委"))
			.extracting(Assignment::measured, Assignment::progress, Assignment::flag)
			.containsExactly(true, 0, "BLACK");
		for (int day : new int[] { 1, 5 }) {
			body(as(linying).post()
				.uri("/api/v1/league-milestones")
				.bodyValue(Map.of("kind", "ACTIVITY_ROOM_OPENED", "countyId", Db.orgId("411122"), "occurredOn",
						year + "-07-0" + day))
				.exchange(), 201, Identified.class);
		}
		assertThat(flagOf(as(linying), 13, "临颍县团委"))
			.extracting(Assignment::progress, Assignment::status, Assignment::flag)
			.containsExactly(66, "IN_PROGRESS", "NONE");
		today(8, 1);
		body(as(linying).post()
			.uri("/api/v1/league-milestones")
			.bodyValue(Map.of("kind", "ACTIVITY_ROOM_OPENED", "countyId", Db.orgId("411122"), "occurredOn",
					year + "-08-01"))
			.exchange(), 201, Identified.class);
		assertThat(flagOf(as(linying), 13, "临颍县团委"))
			.extracting(Assignment::status, Assignment::doneOn, Assignment::flag)
			.containsExactly("DONE", year + "-08-01", "RED");
	}

	private void ensureLedger() {
		if (year == 0) {
			year = 2021 + (int) Db.count("SELECT count(*) FROM ledger WHERE year BETWEEN 2021 AND 2099");
			CLOCK.set(at(year, 1, 2));
			body(as(user(Role.CITY_ADMIN, "4111")).post()
				.uri("/api/v1/ledgers")
				.bodyValue(Map.of("year", year, "copyFrom", 2020, "startsOn", year + "-06-01"))
				.exchange(), 201, Ledger.class);
		}
	}

	private Assignment flagOf(WebTestClient client, int position, String unitName) {
		return assignment(client, year, position, unitName);
	}

	private Report report(WebTestClient client, long assignmentId, Map<String, Object> body, int status) {
		return body(
				client.post().uri("/api/v1/ledger-assignments/{id}/reports", assignmentId).bodyValue(body).exchange(),
				status, Report.class);
	}

	/** The assignment a new report answers with, as it stands after the report. */
	private static Assignment assignmentOf(Report report) {
		assertThat(report.assignment()).as("the assignment of report %s", report.id()).isNotNull();
		return report.assignment();
	}

}
