package cn.luohe.grassroots.correction.web;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.moderation.ModerationFixtures;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.TestUser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static cn.luohe.grassroots.visit.VisitFixtures.get;
import static cn.luohe.grassroots.visit.VisitFixtures.id;
import static cn.luohe.grassroots.visit.VisitFixtures.items;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static cn.luohe.grassroots.visit.VisitFixtures.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Voiding records through the running service: who may (the author within the window, an
 * administrator of the scope), what leaves (counts, report, feed, lists of non-admins),
 * the audit, a closed month. Each test counts only in a town of its own: 商桥镇 (召陵区) for
 * activities, 孟庙镇 for visits, 大刘镇's county 源汇区 for the closed month (as the submission
 * tests, reopened at the end); no other test class writes to these towns.
 */
class RecordVoidingApiTests extends ApiTest {

	private static final String ZHAOLING = "411103";

	/** 商桥镇: this class's activities. */
	private static final String SHANGQIAO = "411103102";

	/** 孟庙镇: this class's visits. */
	private static final String MENGMIAO = "411103101";

	/** 商南村 (商桥镇): this class's themed events. */
	private static final String SHANGNAN = "411103102201";

	private static final String YUANHUI = "411102";

	/** 大刘镇 (源汇区): the closed month's activity. */
	private static final String DALIU = "411102100";

	@Autowired
	BusinessClock clock;

	@Test
	@SuppressWarnings("unchecked")
	void shouldLetTheAuthorVoidAnActivityWhichThenLeavesCountsReportFeedAndLists() {
		String month = this.clock.currentMonth().toString();
		long county = orgId(ZHAOLING);
		long town = orgId(SHANGQIAO);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, ZHAOLING);
		long home = createHome(as(secretary), town, "商桥镇青年之家 " + UUID.randomUUID());
		TestUser manager = identities().newUser("商桥镇青年之家管理员");
		identities().grant(manager, Role.YOUTH_HOME_MANAGER, SHANGQIAO, home);
		String wrong = "录错的活动 " + UUID.randomUUID();
		String kept = "青年读书会 " + UUID.randomUUID();
		long before = activities(as(secretary), county, month, town);
		long wrongId = id(logActivity(as(manager), home, wrong, 12));
		long keptId = id(logActivity(as(manager), home, kept, 8));
		awaitActivities(as(secretary), county, month, town, before + 2);
		Map<String, Object> logged = awaitFeed(as(secretary), town, "activity.logged", wrong);

		Map<String, Object> voided = post(as(manager), "/api/v1/activities/" + wrongId + "/void",
				Map.of("reason", "重复录入"), 200);
		assertThat(voided).containsEntry("kind", "activity")
			.containsEntry("id", (int) wrongId)
			.containsEntry("voidedBy", (int) manager.id())
			.containsEntry("reason", "重复录入");
		// voiding again answers the same, and is audited once
		assertThat(post(as(manager), "/api/v1/activities/" + wrongId + "/void", Map.of("reason", "再来一次"), 200))
			.isEqualTo(voided);
		List<Map<String, Object>> trail = items(
				get(as(secretary), "/api/v1/record-audit?kind=activity&recordId=" + wrongId, 200));
		assertThat(trail).hasSize(1);
		assertThat(trail.getFirst()).containsEntry("action", "VOID")
			.containsEntry("reason", "重复录入")
			.containsEntry("actorId", (int) manager.id());
		assertThat((Map<String, Object>) trail.getFirst().get("before")).containsEntry("title", wrong)
			.containsEntry("voidedAt", null);
		assertThat((Map<String, Object>) trail.getFirst().get("after")).containsEntry("title", wrong)
			.containsEntry("voidReason", "重复录入")
			.containsKey("voidedAt");
		// the author's own audit read is refused: the trail is for administrators
		expectProblem(get(as(manager), "/api/v1/record-audit?kind=activity&recordId=" + wrongId, 403),
				"FORBIDDEN_ROLE");

		// counts: the dashboard's town row drops it within a second
		awaitActivities(as(secretary), county, month, town, before + 1);
		// the monthly report lists the kept activity only
		String report = text(as(secretary),
				"/api/v1/reports/monthly?countyId=" + county + "&month=" + month + "&format=csv&sheet=activities");
		assertThat(report).contains(kept).doesNotContain(wrong);
		// the feed: the correction names the retracted event; the history no longer lists
		// it
		Map<String, Object> correction = awaitFeed(as(secretary), town, "record.voided", "已作废：" + wrong);
		assertThat((List<Number>) correction.get("retracts")).extracting(Number::longValue)
			.containsExactly(((Number) logged.get("id")).longValue());
		assertThat(feed(as(secretary), town)).noneSatisfy(item -> assertThat(item.get("summary")).isEqualTo(wrong));

		// lists and reads: the manager no longer sees it; the county's administrator
		// does, flagged
		String list = "/api/v1/youth-homes/" + home + "/activities?month=" + month;
		assertThat(items(get(as(manager), list, 200))).extracting(a -> ((Number) a.get("id")).longValue())
			.containsExactly(keptId);
		assertThat(items(get(as(secretary), list, 200))).extracting(a -> ((Number) a.get("id")).longValue())
			.containsExactlyInAnyOrder(keptId, wrongId);
		expectProblem(get(as(manager), "/api/v1/activities/" + wrongId, 404), "NOT_FOUND");
		assertThat(get(as(secretary), "/api/v1/activities/" + wrongId, 200)).containsEntry("voidReason", "重复录入");
		assertThat(get(as(manager), "/api/v1/activities/" + keptId, 200)).containsEntry("voidedAt", null);
		// a voided activity is not corrected
		expectProblem(patch(as(secretary), "/api/v1/activities/" + wrongId, Map.of("title", "改", "reason", "改"), 422),
				"RECORD_VOIDED");
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldLetTheAuthorCorrectAnActivityWithAnAuditedReason() {
		long town = orgId(SHANGQIAO);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, ZHAOLING);
		long home = createHome(as(secretary), town, "商桥镇青年之家 " + UUID.randomUUID());
		TestUser manager = identities().newUser("商桥镇青年之家管理员");
		identities().grant(manager, Role.YOUTH_HOME_MANAGER, SHANGQIAO, home);
		long activity = id(logActivity(as(manager), home, "青年读书会", 8));

		expectProblem(patch(as(manager), "/api/v1/activities/" + activity, Map.of("participants", 9), 400),
				"VALIDATION_FAILED");
		Map<String, Object> corrected = patch(as(manager), "/api/v1/activities/" + activity,
				Map.of("participants", 18, "reason", "人数少录了一位数"), 200);
		assertThat(corrected).containsEntry("declaredParticipants", 18).containsEntry("title", "青年读书会");

		Map<String, Object> entry = items(
				get(as(secretary), "/api/v1/record-audit?kind=activity&recordId=" + activity, 200))
			.getFirst();
		assertThat(entry).containsEntry("action", "CORRECT").containsEntry("reason", "人数少录了一位数");
		assertThat((Map<String, Object>) entry.get("before")).containsEntry("declaredParticipants", 8);
		assertThat((Map<String, Object>) entry.get("after")).containsEntry("declaredParticipants", 18);
	}

	@Test
	void shouldLetAnAdministratorVoidAnyonesVisitInScopeButNoOtherCadreNorAnotherCountysAdministrator() {
		String month = this.clock.currentMonth().toString();
		long county = orgId(ZHAOLING);
		long town = orgId(MENGMIAO);
		TestUser cadre = identities().withRole(Role.CADRE, ZHAOLING);
		TestUser otherCadre = identities().withRole(Role.CADRE, ZHAOLING);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, ZHAOLING);
		TestUser elsewhere = identities().withRole(Role.COUNTY_SECRETARY, "411104");
		long before = number(awaitTown(as(secretary), county, month, town, row -> true), "visits");
		long visit = id(post(as(cadre), "/api/v1/visits", checkIn(town, "note", "孟庙镇走访"), 201));
		post(as(cadre), "/api/v1/visits/" + visit + "/check-out", checkOut(List.of("需要技能培训")), 200);
		awaitTown(as(secretary), county, month, town, row -> number(row, "visits") == before + 1);

		expectProblem(post(as(otherCadre), "/api/v1/visits/" + visit + "/void", Map.of("reason", "不是我的"), 403),
				"FORBIDDEN_ROLE");
		expectProblem(post(as(elsewhere), "/api/v1/visits/" + visit + "/void", Map.of("reason", "越权"), 403),
				"FORBIDDEN_SCOPE");
		expectProblem(post(as(cadre), "/api/v1/visits/" + visit + "/void", Map.of("reason", " "), 400),
				"VALIDATION_FAILED");
		assertThat(queryLong("SELECT count(*) FROM visit WHERE id = ? AND voided_at IS NULL", visit)).isOne();

		Map<String, Object> voided = post(as(secretary), "/api/v1/visits/" + visit + "/void",
				Map.of("reason", "走访对象填错"), 200);
		assertThat(voided).containsEntry("kind", "visit").containsEntry("voidedBy", (int) secretary.id());
		awaitTown(as(secretary), county, month, town, row -> number(row, "visits") == before);
		// the visitor no longer sees it, nor the needs heard on it; the secretary sees it
		// flagged
		expectProblem(get(as(cadre), "/api/v1/visits/" + visit, 404), "NOT_FOUND");
		assertThat(items(get(as(cadre), "/api/v1/visits?userId=" + cadre.id(), 200))).isEmpty();
		assertThat(get(as(secretary), "/api/v1/visits/" + visit, 200)).containsEntry("voidReason", "走访对象填错");
		assertThat(queryLong("SELECT count(*) FROM need WHERE visit_id = ? AND voided_at IS NOT NULL", visit)).isOne();
		assertThat(queryLong("SELECT count(*) FROM record_audit WHERE kind = 'visit' AND record_id = ?", visit))
			.isOne();
	}

	@Test
	void shouldRefuseAMonthClosedBySubmissionWithTheExistingCode() {
		String month = this.clock.currentMonth().toString();
		long county = orgId(YUANHUI);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, YUANHUI);
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		long home = createHome(as(secretary), orgId(DALIU), "大刘镇青年之家 " + UUID.randomUUID());
		TestUser manager = identities().newUser("大刘镇青年之家管理员");
		identities().grant(manager, Role.YOUTH_HOME_MANAGER, DALIU, home);
		long activity = id(logActivity(as(manager), home, "青年读书会", 10));

		long submission = id(
				post(as(secretary), "/api/v1/reports/submissions", Map.of("countyId", county, "month", month), 201));
		try {
			expectProblem(post(as(manager), "/api/v1/activities/" + activity + "/void", Map.of("reason", "录错"), 422),
					"MONTH_CLOSED");
			expectProblem(post(as(secretary), "/api/v1/activities/" + activity + "/void", Map.of("reason", "录错"), 422),
					"MONTH_CLOSED");
		}
		finally {
			post(admin, "/api/v1/reports/submissions/" + submission + "/reopen", Map.of("reason", "更正记录"), 200);
		}
		post(as(manager), "/api/v1/activities/" + activity + "/void", Map.of("reason", "录错"), 200);
	}

	@Test
	void shouldVoidThemedEventsThemesTeamsAndYouthOrganizations() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, ZHAOLING);
		TestUser firstSecretary = identities().withRole(Role.FIRST_SECRETARY, SHANGNAN);
		long county = orgId(ZHAOLING);
		YearMonth month = this.clock.currentMonth();

		// a themed event: its first secretary voids it; the village's list drops it
		long theme = monthTheme(as(secretary), county, month);
		long event = id(
				post(as(firstSecretary), "/api/v1/themed-events", themedEvent(theme, orgId(SHANGNAN), month), 201));
		post(as(firstSecretary), "/api/v1/themed-events/" + event + "/void", Map.of("reason", "活动未举办"), 200);
		String events = "/api/v1/themed-events?villageId=" + orgId(SHANGNAN) + "&month=" + month;
		assertThat(items(get(as(firstSecretary), events, 200))).noneMatch(e -> id(e) == event);
		expectProblem(get(as(firstSecretary), "/api/v1/themed-events/" + event, 404), "NOT_FOUND");
		assertThat(get(as(secretary), "/api/v1/themed-events/" + event, 200)).containsEntry("voidReason", "活动未举办");

		// a theme of a month of its own: voided, the county may publish that month again
		YearMonth far = YearMonth.of(2040 + (int) (Math.abs(UUID.randomUUID().getLeastSignificantBits()) % 50),
				1 + (int) (System.nanoTime() % 12 + 12) % 12);
		long farTheme = id(post(as(secretary), "/api/v1/themes",
				Map.of("countyId", county, "month", far.toString(), "title", "错的主题"), 201));
		post(as(secretary), "/api/v1/themes/" + farTheme + "/void", Map.of("reason", "主题写错"), 200);
		assertThat(items(get(as(firstSecretary), "/api/v1/themes?countyId=" + county + "&month=" + far, 200)))
			.isEmpty();
		post(as(secretary), "/api/v1/themes", Map.of("countyId", county, "month", far.toString(), "title", "对的主题"),
				201);

		// a volunteer team
		String name = "商桥镇志愿服务队 " + UUID.randomUUID();
		long team = id(post(as(secretary), "/api/v1/volunteer-teams", Map.of("countyId", county, "name", name), 201));
		expectProblem(post(as(firstSecretary), "/api/v1/volunteer-teams/" + team + "/void", Map.of("reason", "x"), 403),
				"FORBIDDEN_ROLE");
		post(as(secretary), "/api/v1/volunteer-teams/" + team + "/void", Map.of("reason", "重复登记"), 200);
		assertThat(items(get(as(firstSecretary), "/api/v1/volunteer-teams?countyId=" + county + "&limit=100", 200)))
			.noneMatch(t -> id(t) == team);

		// a youth organization of a home
		long home = createHome(as(secretary), orgId(SHANGQIAO), "商桥镇青年之家 " + UUID.randomUUID());
		TestUser manager = identities().newUser("商桥镇青年之家管理员");
		identities().grant(manager, Role.YOUTH_HOME_MANAGER, SHANGQIAO, home);
		long organization = id(post(as(manager), "/api/v1/youth-homes/" + home + "/organizations",
				Map.of("name", "读书社", "type", "THEORY_STUDY", "foundedOn", "2026-11-01"), 201));
		post(as(manager), "/api/v1/youth-organizations/" + organization + "/void", Map.of("reason", "登记错了"), 200);
		assertThat(items(get(as(manager), "/api/v1/youth-homes/" + home + "/organizations", 200))).isEmpty();
		assertThat(items(get(as(secretary), "/api/v1/youth-homes/" + home + "/organizations", 200))).hasSize(1);
		post(as(manager), "/api/v1/youth-homes/" + home + "/organizations",
				Map.of("name", "读书社", "type", "THEORY_STUDY", "foundedOn", "2026-11-01"), 201);
	}

	@Test
	void shouldServeAVoidedPhotoToItsAdministratorsOnly() {
		long town = orgId(SHANGQIAO);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, ZHAOLING);
		TestUser cadre = identities().withRole(Role.CADRE, ZHAOLING);
		long home = createHome(as(secretary), town, "商桥镇青年之家 " + UUID.randomUUID());
		TestUser manager = identities().newUser("商桥镇青年之家管理员");
		identities().grant(manager, Role.YOUTH_HOME_MANAGER, SHANGQIAO, home);
		long photo = upload(as(manager));
		Map<String, Object> body = activityBody("带照片的活动", 6);
		body.put("photoIds", List.of(photo));
		post(as(manager), "/api/v1/youth-homes/" + home + "/activities", body, 201);
		// cleared by WeChat's media check: shown to the activity's readers
		ModerationFixtures.clear(client(), photo);
		fetchPhoto(as(cadre), photo, 200);

		post(as(manager), "/api/v1/media/" + photo + "/void", Map.of("reason", "拍到了无关人员"), 200);
		fetchPhoto(as(secretary), photo, 200);
		fetchPhoto(as(cadre), photo, 404);
		fetchPhoto(as(manager), photo, 404);
		Map<String, Object> again = activityBody("再用这张照片", 6);
		again.put("photoIds", List.of(photo));
		expectProblem(post(as(manager), "/api/v1/youth-homes/" + home + "/activities", again, 404), "NOT_FOUND");
	}

	private static long upload(WebTestClient client) {
		byte[] png = new byte[400];
		byte[] head = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A };
		for (int i = 0; i < png.length; i++) {
			png[i] = (byte) (i * 31 + System.nanoTime());
		}
		System.arraycopy(head, 0, png, 0, head.length);
		String boundary = "grassroots-void-boundary";
		java.io.ByteArrayOutputStream multipart = new java.io.ByteArrayOutputStream();
		multipart.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\""
				+ "\r\nContent-Type: image/png\r\n\r\n")
			.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		multipart.writeBytes(png);
		multipart.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
		@SuppressWarnings("unchecked")
		Map<String, Object> answer = client.post()
			.uri("/api/v1/media")
			.contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + boundary))
			.bodyValue(multipart.toByteArray())
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return id(answer);
	}

	private static void fetchPhoto(WebTestClient client, long photo, int status) {
		client.get().uri("/api/v1/media/" + photo).exchange().expectStatus().isEqualTo(status);
	}

	static long createHome(WebTestClient secretary, long townId, String name) {
		return id(post(secretary, "/api/v1/youth-homes", Map.of("name", name, "townId", townId), 201));
	}

	Map<String, Object> logActivity(WebTestClient manager, long homeId, String title, int participants) {
		return post(manager, "/api/v1/youth-homes/" + homeId + "/activities", activityBody(title, participants), 201);
	}

	Map<String, Object> activityBody(String title, int participants) {
		Instant start = this.clock.now().minus(Duration.ofHours(5));
		Map<String, Object> body = new HashMap<>();
		body.put("title", title);
		body.put("category", "THEORY_STUDY");
		body.put("startAt", start.toString());
		body.put("endAt", start.plus(Duration.ofHours(2)).toString());
		body.put("participants", participants);
		return body;
	}

	private static long monthTheme(WebTestClient secretary, long county, YearMonth month) {
		List<Map<String, Object>> themes = items(
				get(secretary, "/api/v1/themes?countyId=" + county + "&month=" + month, 200));
		for (Map<String, Object> theme : themes) {
			if (theme.get("voidedAt") == null) {
				return id(theme);
			}
		}
		return id(post(secretary, "/api/v1/themes",
				Map.of("countyId", county, "month", month.toString(), "title", "乡村振兴青年行"), 201));
	}

	private static Map<String, Object> themedEvent(long themeId, long villageId, YearMonth month) {
		Instant heldAt = BusinessClock.startOf(month).plus(Duration.ofHours(10));
		Map<String, Object> body = new HashMap<>();
		body.put("themeId", themeId);
		body.put("villageId", villageId);
		body.put("title", "入户走访 " + UUID.randomUUID());
		body.put("heldAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(heldAt.atZone(BusinessClock.ZONE)));
		body.put("participants", 18);
		return body;
	}

	private static long activities(WebTestClient overseer, long county, String month, long town) {
		return number(awaitTown(overseer, county, month, town, row -> true), "activities");
	}

	private static void awaitActivities(WebTestClient overseer, long county, String month, long town, long expected) {
		awaitTown(overseer, county, month, town, row -> number(row, "activities") == expected);
	}

	private static Map<String, Object> awaitTown(WebTestClient overseer, long county, String month, long town,
			java.util.function.Predicate<Map<String, Object>> until) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> items(get(overseer, "/api/v1/dashboards/towns?countyId=" + county + "&month=" + month, 200))
				.stream()
				.filter(row -> ((Number) row.get("orgId")).longValue() == town)
				.findFirst()
				.orElseThrow(), until::test);
	}

	private static long number(Map<String, Object> row, String field) {
		return ((Number) row.get(field)).longValue();
	}

	private static List<Map<String, Object>> feed(WebTestClient client, long orgId) {
		return items(get(client, "/api/v1/feed?orgId=" + orgId + "&limit=100", 200));
	}

	private static Map<String, Object> awaitFeed(WebTestClient client, long orgId, String type, String summary) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> feed(client, orgId).stream()
				.filter(item -> type.equals(item.get("type")) && summary.equals(item.get("summary")))
				.findFirst(), java.util.Optional::isPresent)
			.orElseThrow();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> patch(WebTestClient client, String uri, Object body, int status) {
		return client.patch()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private static String text(WebTestClient client, String uri) {
		return client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
