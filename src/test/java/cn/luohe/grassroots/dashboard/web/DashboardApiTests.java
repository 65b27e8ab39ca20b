package cn.luohe.grassroots.dashboard.web;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.dashboard.web.DashboardTestViews.CityDashboard;
import cn.luohe.grassroots.dashboard.web.DashboardTestViews.CountyRow;
import cn.luohe.grassroots.dashboard.web.DashboardTestViews.TownRow;
import cn.luohe.grassroots.dashboard.web.DashboardTestViews.TownsDashboard;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.Responses;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.TestUser;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.dashboard.web.DashboardFixtures.activity;
import static cn.luohe.grassroots.dashboard.web.DashboardFixtures.awaitTown;
import static cn.luohe.grassroots.dashboard.web.DashboardFixtures.createHome;
import static cn.luohe.grassroots.dashboard.web.DashboardFixtures.logActivity;
import static cn.luohe.grassroots.dashboard.web.DashboardFixtures.town;
import static cn.luohe.grassroots.dashboard.web.DashboardFixtures.townsDashboard;
import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static cn.luohe.grassroots.visit.VisitFixtures.items;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static cn.luohe.grassroots.visit.VisitFixtures.send;
import static org.springframework.http.HttpMethod.GET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance through the running service. Other test classes write into the
 * same database (舞泉镇 especially), so exact figures are asserted on towns only this class
 * uses (辛安镇, 孟寨镇) and changes on shared ones.
 */
class DashboardApiTests extends ApiTest {

	static final String WUYANG = "411121";

	static final String WUQUAN = "411121100";

	static final String XINAN = "411121104";

	static final String MENGZHAI = "411121105";

	static final String LINYING = "411122";

	@Autowired
	BusinessClock clock;

	@Test
	void shouldCountTheMonthsWritesPerTownWithFlags() {
		String month = this.clock.currentMonth().toString();
		long county = orgId(WUYANG);
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, WUYANG));
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		settleCounts(this.clock.currentMonth());
		TownRow before = town(townsDashboard(secretary, county, month), orgId(WUQUAN));

		long busyHome = createHome(secretary, orgId(XINAN), "辛安镇青年之家");
		long idleHome = createHome(secretary, orgId(MENGZHAI), "孟寨镇青年之家");
		TestUser manager = identities().newUser("辛安镇青年之家管理员");
		identities().grant(manager, Role.YOUTH_HOME_MANAGER, XINAN, busyHome);
		Instant yesterday = this.clock.now().minus(Duration.ofDays(1));
		logActivity(as(manager), busyHome, activity(yesterday, 30), "a1-" + busyHome);
		logActivity(as(manager), busyHome, activity(yesterday.plus(Duration.ofHours(3)), 25), "a2-" + busyHome);
		// a replay counts once
		logActivity(as(manager), busyHome, activity(yesterday, 30), "a1-" + busyHome);

		long visit = post(as(cadre), "/api/v1/visits", checkIn(orgId(WUQUAN)), 201, Identified.class).id();
		post(as(cadre), "/api/v1/visits/" + visit + "/check-out", checkOut(List.of("缺少活动场地", "希望开展技能培训")), 200,
				Identified.class);

		TownRow busy = awaitTown(secretary, county, month, orgId(XINAN), row -> row.activities() == 2);
		assertThat(busy.youthHomes()).isEqualTo(1);
		assertThat(busy.youthHomesMeetingTarget()).isEqualTo(1);
		assertThat(busy.activityParticipants()).isEqualTo(55);
		assertThat(busy.flags().youthHomeActivities()).isEqualTo("RED");

		TownRow idle = awaitTown(secretary, county, month, orgId(MENGZHAI), row -> row.youthHomes() == 1);
		assertThat(idle.activities()).isZero();
		assertThat(idle.flags().youthHomeActivities()).isEqualTo("BLACK");
		assertThat(idleHome).isPositive();

		TownRow wuquan = awaitTown(secretary, county, month, orgId(WUQUAN),
				row -> row.visitsCompleted() >= before.visitsCompleted() + 1
						&& row.needsOpened() >= before.needsOpened() + 2);
		assertThat(wuquan.visits()).isGreaterThanOrEqualTo(before.visits() + 1);
		assertThat(wuquan.flags().visitCoverage()).isEqualTo("RED");

		TownsDashboard dashboard = townsDashboard(secretary, county, month);
		assertThat(dashboard.isFinal()).isFalse();
		assertThat(dashboard.items()).hasSize(14);
	}

	/**
	 * A cadre's duty (a completed visit in visit week) reaches their county's compliance
	 * figures once the visit is completed, not at check-in; the aggregator recomputes the
	 * duty of the visitor its mark names.
	 */
	@Test
	void shouldCountACadresDutyInTheCountyOnceTheirVisitIsCompleted() {
		String month = this.clock.currentMonth().toString();
		WebTestClient leader = as(identities().withRole(Role.CITY_LEADER, "4111"));
		long linying = orgId(LINYING);
		settleCounts(this.clock.currentMonth());
		CountyRow before = county(leader, month, linying);
		TestUser cadre = identities().withRole(Role.CADRE, LINYING);
		long visit = post(as(cadre), "/api/v1/visits", checkIn(orgId("411122101")), 201, Identified.class).id();
		// the check-in's own mark is recounted (the
		// town's visits) before the duty is asked about
		awaitCounty(leader, month, linying, row -> row.visits() >= before.visits() + 1);
		CountyRow checkedIn = county(leader, month, linying);
		assertThat(checkedIn.cadres()).isEqualTo(before.cadres() + 1);
		assertThat(checkedIn.cadresCompleted()).isEqualTo(before.cadresCompleted());

		post(as(cadre), "/api/v1/visits/" + visit + "/check-out", checkOut(List.of()), 200, Identified.class);
		CountyRow completed = awaitCounty(leader, month, linying,
				row -> row.cadresCompleted() >= before.cadresCompleted() + 1);
		assertThat(completed.cadres()).isEqualTo(before.cadres() + 1);
	}

	/**
	 * The leading organs' maintained compliance rows (issue 19) equal a recount from the
	 * bindings and duties, after grants and revocations behind the service's back (a
	 * trigger marks them) and a completed visit.
	 */
	@Test
	void shouldKeepEveryOrgansComplianceRowEqualToARecount() {
		String month = this.clock.currentMonth().toString();
		long linying = orgId(LINYING);
		TestUser cadre = identities().withRole(Role.CADRE, LINYING);
		TestUser leaving = identities().withRole(Role.CADRE, LINYING);
		long visit = post(as(cadre), "/api/v1/visits", checkIn(orgId("411122101")), 201, Identified.class).id();
		post(as(cadre), "/api/v1/visits/" + visit + "/check-out", checkOut(List.of()), 200, Identified.class);
		cn.luohe.grassroots.visit.VisitFixtures.execute("UPDATE role_binding SET revoked_at = now() WHERE user_id = ?",
				leaving.id());

		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> Db.count("SELECT count(*) FROM organ_dirty WHERE consumed_at IS NULL")
					+ Db.count("SELECT count(*) FROM count_dirty WHERE consumed_at IS NULL") == 0);
		assertThat(Db.count("SELECT count(*) FROM organ_month_cadres WHERE org_id = ? AND month = ?::date", linying,
				month + "-01"))
			.isEqualTo(1);
		assertThat(Db.count("""
				SELECT count(*) FROM organ_month_cadres o
				  LEFT JOIN LATERAL (
				       SELECT count(b.user_id) AS cadres, count(b.user_id) FILTER (WHERE d.completed) AS completed
				         FROM (SELECT DISTINCT user_id FROM role_binding
				                WHERE org_id = o.org_id AND revoked_at IS NULL
				                  AND role IN ('COUNTY_SECRETARY', 'CADRE', 'CITY_LEADER')) b
				         LEFT JOIN user_month_duty d ON d.user_id = b.user_id AND d.month = o.month) r ON true
				 WHERE o.cadres <> r.cadres OR o.completed <> r.completed
				""")).isZero();
	}

	/**
	 * The county and city views' maintained area rows (issue 19) equal the sums of their
	 * towns' rows and organs' rows, after a check-in and after a town moves to another
	 * county and back (a trigger marks both counties): the counties view answers the
	 * moved town under its new county.
	 */
	@Test
	void shouldKeepEveryAreaRowEqualToItsTownsAndOrgans() {
		String month = this.clock.currentMonth().toString();
		WebTestClient leader = as(identities().withRole(Role.CITY_LEADER, "4111"));
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		long wuyang = orgId(WUYANG);
		long linying = orgId(LINYING);
		long mengzhai = orgId(MENGZHAI);
		post(as(cadre), "/api/v1/visits", checkIn(orgId(WUQUAN)), 201, Identified.class);
		awaitDrained();
		expectAreasEqualToTheirTownsAndOrgans();
		// the views hold their rows until the batch's commit is heard (CountCache):
		// awaited,
		// not read once, after the marks are seen consumed
		long wuyangVisits = Db.count("""
				SELECT coalesce(sum(c.visits), 0) FROM town_month_counts c JOIN org_unit o ON o.id = c.town_id
				 WHERE o.parent_id = ? AND c.month = ?::date
				""", wuyang, month + "-01");
		CountyRow wuyangBefore = awaitCounty(leader, month, wuyang, row -> row.visits() == wuyangVisits);
		CountyRow linyingBefore = county(leader, month, linying);

		move(admin, mengzhai, LINYING);
		try {
			awaitDrained();
			expectAreasEqualToTheirTownsAndOrgans();
			awaitCounty(leader, month, wuyang, row -> row.towns() == wuyangBefore.towns() - 1);
			awaitCounty(leader, month, linying, row -> row.towns() == linyingBefore.towns() + 1);
		}
		finally {
			move(admin, mengzhai, WUYANG);
		}
		awaitDrained();
		expectAreasEqualToTheirTownsAndOrgans();
		awaitCounty(leader, month, wuyang, row -> row.towns() == wuyangBefore.towns());
	}

	private void move(TestUser admin, long town, String parentCode) {
		as(admin).patch()
			.uri("/api/v1/orgs/{id}", town)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("parentId", orgId(parentCode)))
			.exchange()
			.expectStatus()
			.isOk();
	}

	private static void awaitDrained() {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> Db.count("SELECT count(*) FROM organ_dirty WHERE consumed_at IS NULL")
					+ Db.count("SELECT count(*) FROM count_dirty WHERE consumed_at IS NULL") == 0);
	}

	/** No area row differs from a sum of the town and organ rows under its organ. */
	private static void expectAreasEqualToTheirTownsAndOrgans() {
		assertThat(Db.count("SELECT count(*) FROM area_month_counts")).isPositive();
		assertThat(Db.count("""
				SELECT count(*) FROM area_month_counts a JOIN org_unit k ON k.id = a.org_id
				  LEFT JOIN LATERAL (
				       SELECT count(*) AS towns, coalesce(sum(c.visits), 0) AS visits,
				              coalesce(sum(c.activities), 0) AS activities,
				              coalesce(sum(c.themed_events), 0) AS themed_events,
				              coalesce(sum(c.needs_opened), 0) AS needs_opened,
				              count(*) FILTER (WHERE c.visits_completed_in_week > 0) AS covered
				         FROM org_unit o LEFT JOIN town_month_counts c ON c.town_id = o.id AND c.month = a.month
				        WHERE o.level = 'TOWN' AND o.path LIKE k.path || '%') t ON true
				  LEFT JOIN LATERAL (
				       SELECT coalesce(sum(r.cadres), 0) AS cadres, coalesce(sum(r.completed), 0) AS completed
				         FROM organ_month_cadres r JOIN org_unit g ON g.id = r.org_id
				        WHERE r.month = a.month AND g.path LIKE k.path || '%') g ON true
				 WHERE a.towns <> t.towns OR a.visits <> t.visits OR a.activities <> t.activities
				    OR a.themed_events <> t.themed_events OR a.needs_opened <> t.needs_opened
				    OR a.towns_covered <> t.covered OR a.cadres <> g.cadres OR a.cadres_completed <> g.completed
				""")).isZero();
	}

	private static CountyRow county(WebTestClient leader, String month, long countyId) {
		return items(leader, "/api/v1/dashboards/counties?month=" + month, CountyRow.class).stream()
			.filter(row -> row.orgId() == countyId)
			.findFirst()
			.orElseThrow();
	}

	private static CountyRow awaitCounty(WebTestClient leader, String month, long countyId,
			Predicate<CountyRow> until) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> county(leader, month, countyId), until::test);
	}

	@Test
	void shouldKeepEachCountyToItsOwnDashboards() {
		String month = this.clock.currentMonth().toString();
		WebTestClient wuyangSecretary = as(identities().withRole(Role.COUNTY_SECRETARY, WUYANG));
		expectProblem(send(wuyangSecretary, GET,
				"/api/v1/dashboards/towns?countyId=" + orgId(LINYING) + "&month=" + month, null), 403,
				"FORBIDDEN_SCOPE");
		expectProblem(
				send(as(identities().withRole(Role.CADRE, WUYANG)), GET,
						"/api/v1/dashboards/towns?countyId=" + orgId(WUYANG) + "&month=" + month, null),
				403, "FORBIDDEN_ROLE");
		expectProblem(send(wuyangSecretary, GET, "/api/v1/dashboards/city?month=" + month, null), 403,
				"FORBIDDEN_ROLE");
		assertThat(items(wuyangSecretary, "/api/v1/dashboards/counties?month=" + month, CountyRow.class))
			.extracting(CountyRow::name)
			.containsExactly("舞阳县");
		expectProblem(send(wuyangSecretary, GET,
				"/api/v1/dashboards/towns?countyId=" + orgId(WUYANG) + "&month=2026-13", null), 400,
				"VALIDATION_FAILED");
	}

	@Test
	void shouldListACountysOwnTownsAndRefuseWhatIsNoCounty() throws SQLException {
		String month = this.clock.currentMonth().toString();
		WebTestClient wuyangSecretary = as(identities().withRole(Role.COUNTY_SECRETARY, WUYANG));
		assertThat(townsDashboard(wuyangSecretary, orgId(WUYANG), month).items()).extracting(TownRow::orgId)
			.containsExactlyInAnyOrderElementsOf(townsOf(WUYANG))
			.contains(orgId(WUQUAN), orgId(XINAN));
		expectProblem(send(wuyangSecretary, GET,
				"/api/v1/dashboards/towns?countyId=" + orgId(WUQUAN) + "&month=" + month, null), 400,
				"VALIDATION_FAILED");
		expectProblem(send(wuyangSecretary, GET, "/api/v1/dashboards/towns?countyId=987654321&month=" + month, null),
				404, "NOT_FOUND");
	}

	private static List<Long> townsOf(String countyCode) throws SQLException {
		try (Connection connection = Identities.connect();
				PreparedStatement select = connection
					.prepareStatement("SELECT id FROM org_unit WHERE level = 'TOWN' AND path LIKE '%/' || ? || '/%'")) {
			select.setString(1, countyCode);
			List<Long> ids = new ArrayList<>();
			try (ResultSet rows = select.executeQuery()) {
				while (rows.next()) {
					ids.add(rows.getLong(1));
				}
			}
			return ids;
		}
	}

	@Test
	void shouldAnswerEveryExportAfterAbandonedDownloads() throws Exception {
		String month = this.clock.currentMonth().toString();
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		byte[] request = ("GET /api/v1/reports/monthly?month=" + month + "&countyId=" + orgId(WUYANG)
				+ "&format=xlsx HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + secretary.bearer() + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < 60; i++) {
			// the client goes away before the answer, or once it has begun
			try (Socket socket = new Socket("localhost", this.port)) {
				socket.setSoTimeout(15_000);
				socket.getOutputStream().write(request);
				socket.getOutputStream().flush();
				if (i % 2 == 1) {
					assertThat(socket.getInputStream().read(new byte[64])).isPositive();
				}
			}
		}
		// more exports at once than the pool has connections: a connection an abandoned
		// query left unusable would leave one of them unanswered
		HttpClient client = HttpClient.newHttpClient();
		HttpRequest export = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/reports/monthly?month=" + month
					+ "&countyId=" + orgId(WUYANG) + "&format=xlsx"))
			.header("Authorization", secretary.bearer())
			.timeout(Duration.ofSeconds(20))
			.build();
		List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			answers.add(client.sendAsync(export, HttpResponse.BodyHandlers.ofByteArray()));
		}
		for (CompletableFuture<HttpResponse<byte[]>> answer : answers) {
			assertThat(answer.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void shouldShowEveryCountyAndTheCityToACityLeader() {
		String month = this.clock.currentMonth().toString();
		WebTestClient leader = as(identities().withRole(Role.CITY_LEADER, "4111"));
		List<CountyRow> counties = items(leader, "/api/v1/dashboards/counties?month=" + month, CountyRow.class);
		assertThat(counties).hasSize(8);
		assertThat(counties).extracting(CountyRow::rank).isSorted();
		// the growths are null without a previous month: present, whatever their value
		byte[] body = send(leader, GET, "/api/v1/dashboards/city?month=" + month, null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.activitiesGrowth")
			.hasJsonPath()
			.jsonPath("$.participantsGrowth")
			.hasJsonPath()
			.jsonPath("$.activitiesGrowthTargetMet")
			.hasJsonPath()
			.returnResult()
			.getResponseBody();
		CityDashboard city = Responses.parse(body, CityDashboard.class);
		long townVisits = counties.stream().mapToLong(CountyRow::visits).sum();
		assertThat((long) city.visits()).isEqualTo(townVisits);
		assertThat(city.activitiesGrowthTarget()).isEqualTo(0.2);
		assertThat(city.participantsGrowthTarget()).isEqualTo(0.3);
	}

	@Test
	void shouldExportAWorkbookWithTheFourSheetsAndTheContributedCoverageSheet() throws Exception {
		String month = this.clock.currentMonth().toString();
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, WUYANG));
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		long visit = post(as(cadre), "/api/v1/visits", checkIn(orgId(WUQUAN), "note", "报表走访"), 201, Identified.class)
			.id();
		// the reports list the county's every visit of the month: in the suite, every
		// other test's visit to 舞泉镇 too, past the client's default 256 KB of a body
		WebTestClient reports = secretary.mutate()
			.codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build();
		byte[] workbook = reports.get()
			.uri("/api/v1/reports/monthly?month={m}&countyId={c}&format=xlsx", month, orgId(WUYANG))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
			assertThat(book.getNumberOfSheets()).isEqualTo(5);
			// the league organisations' coverage sheet: a headline row and 20 indicators
			// for
			// the county
			assertThat(book.getSheetName(4)).isEqualTo("组织覆盖");
			assertThat(book.getSheetAt(4).getLastRowNum()).isEqualTo(21);
			assertThat(book.getSheetAt(4).getRow(1).getCell(1).getStringCellValue()).isEqualTo("舞阳县");
			assertThat(book.getSheetAt(0).getLastRowNum()).isEqualTo(14);
			boolean found = false;
			for (var row : book.getSheetAt(1)) {
				if (row.getRowNum() > 0 && (long) row.getCell(0).getNumericCellValue() == visit) {
					found = true;
				}
			}
			assertThat(found).as("visit %s in the visits sheet", visit).isTrue();
		}
		String csv = reports.get()
			.uri("/api/v1/reports/monthly?month={m}&countyId={c}&format=csv&sheet=visits", month, orgId(WUYANG))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(csv).contains("报表走访").startsWith("\uFEFF走访ID,走访人,");
		String coverage = secretary.get()
			.uri("/api/v1/reports/monthly?month={m}&countyId={c}&format=csv&sheet=coverage", month, orgId(WUYANG))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(coverage).startsWith("\uFEFF组织ID,单位,指标,").contains("schoolCoverage");
		expectProblem(
				send(secretary, GET, "/api/v1/reports/monthly?month=" + month + "&countyId=" + orgId(LINYING), null),
				403, "FORBIDDEN_SCOPE");
	}

}
