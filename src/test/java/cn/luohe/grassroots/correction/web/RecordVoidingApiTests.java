package cn.luohe.grassroots.correction.web;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.correction.web.CorrectionTestViews.Activity;
import cn.luohe.grassroots.correction.web.CorrectionTestViews.AuditEntry;
import cn.luohe.grassroots.correction.web.CorrectionTestViews.FeedItem;
import cn.luohe.grassroots.correction.web.CorrectionTestViews.Theme;
import cn.luohe.grassroots.correction.web.CorrectionTestViews.ThemedEvent;
import cn.luohe.grassroots.correction.web.CorrectionTestViews.TownRow;
import cn.luohe.grassroots.correction.web.CorrectionTestViews.Visit;
import cn.luohe.grassroots.correction.web.CorrectionTestViews.VoidResult;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.moderation.ModerationFixtures;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.TestUser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static cn.luohe.grassroots.visit.VisitFixtures.get;
import static cn.luohe.grassroots.visit.VisitFixtures.items;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.patch;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static cn.luohe.grassroots.visit.VisitFixtures.queryLong;
import static cn.luohe.grassroots.visit.VisitFixtures.send;
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
		settleCounts(this.clock.currentMonth());
		long before = activities(as(secretary), county, month, town);
		long wrongId = logActivity(as(manager), home, wrong, 12);
		long keptId = logActivity(as(manager), home, kept, 8);
		awaitActivities(as(secretary), county, month, town, before + 2);
		FeedItem logged = awaitFeed(as(secretary), town, "activity.logged", wrong);

		VoidResult voided = post(as(manager), "/api/v1/activities/" + wrongId + "/void", Map.of("reason", "重复录入"), 200,
				VoidResult.class);
		assertThat(voided.kind()).isEqualTo("activity");
		assertThat(voided.id()).isEqualTo(wrongId);
		assertThat(voided.voidedBy()).isEqualTo(manager.id());
		assertThat(voided.reason()).isEqualTo("重复录入");
		// voiding again answers the same, and is audited once
		assertThat(post(as(manager), "/api/v1/activities/" + wrongId + "/void", Map.of("reason", "再来一次"), 200,
				VoidResult.class))
			.isEqualTo(voided);
		List<AuditEntry> trail = items(as(secretary), "/api/v1/record-audit?kind=activity&recordId=" + wrongId,
				AuditEntry.class);
		assertThat(trail).hasSize(1);
		assertThat(trail.getFirst().action()).isEqualTo("VOID");
		assertThat(trail.getFirst().reason()).isEqualTo("重复录入");
		assertThat(trail.getFirst().actorId()).isEqualTo(manager.id());
		assertThat(trail.getFirst().before()).containsEntry("title", wrong).containsEntry("voidedAt", null);
		assertThat(trail.getFirst().after()).containsEntry("title", wrong)
			.containsEntry("voidReason", "重复录入")
			.containsKey("voidedAt");
		// the author's own audit read is refused: the trail is for administrators
		expectProblem(send(as(manager), HttpMethod.GET, "/api/v1/record-audit?kind=activity&recordId=" + wrongId, null),
				403, "FORBIDDEN_ROLE");

		// counts: the dashboard's town row drops it within a second
		awaitActivities(as(secretary), county, month, town, before + 1);
		// the monthly report lists the kept activity only
		String report = text(as(secretary),
				"/api/v1/reports/monthly?countyId=" + county + "&month=" + month + "&format=csv&sheet=activities");
		assertThat(report).contains(kept).doesNotContain(wrong);
		// the feed: the correction names the retracted event; the history no longer lists
		// it
		FeedItem correction = awaitFeed(as(secretary), town, "record.voided", "已作废：" + wrong);
		assertThat(correction.retracts()).containsExactly(logged.id());
		assertThat(feed(as(secretary), town)).noneSatisfy(item -> assertThat(item.summary()).isEqualTo(wrong));

		// lists and reads: the manager no longer sees it; the county's administrator
		// does, flagged
		String list = "/api/v1/youth-homes/" + home + "/activities?month=" + month;
		assertThat(items(as(manager), list, Identified.class)).extracting(Identified::id).containsExactly(keptId);
		assertThat(items(as(secretary), list, Identified.class)).extracting(Identified::id)
			.containsExactlyInAnyOrder(keptId, wrongId);
		expectProblem(send(as(manager), HttpMethod.GET, "/api/v1/activities/" + wrongId, null), 404, "NOT_FOUND");
		assertThat(get(as(secretary), "/api/v1/activities/" + wrongId, 200, Activity.class).voidReason())
			.isEqualTo("重复录入");
		assertThat(get(as(manager), "/api/v1/activities/" + keptId, 200, Activity.class).voidedAt()).isNull();
		// a voided activity is not corrected
		expectProblem(send(as(secretary), HttpMethod.PATCH, "/api/v1/activities/" + wrongId,
				Map.of("title", "改", "reason", "改")), 422, "RECORD_VOIDED");
	}

	@Test
	void shouldLetTheAuthorCorrectAnActivityWithAnAuditedReason() {
		long town = orgId(SHANGQIAO);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, ZHAOLING);
		long home = createHome(as(secretary), town, "商桥镇青年之家 " + UUID.randomUUID());
		TestUser manager = identities().newUser("商桥镇青年之家管理员");
		identities().grant(manager, Role.YOUTH_HOME_MANAGER, SHANGQIAO, home);
		long activity = logActivity(as(manager), home, "青年读书会", 8);

		expectProblem(send(as(manager), HttpMethod.PATCH, "/api/v1/activities/" + activity, Map.of("participants", 9)),
				400, "VALIDATION_FAILED");
		Activity corrected = patch(as(manager), "/api/v1/activities/" + activity,
				Map.of("participants", 18, "reason", "人数少录了一位数"), 200, Activity.class);
		assertThat(corrected.declaredParticipants()).isEqualTo(18);
		assertThat(corrected.title()).isEqualTo("青年读书会");

		AuditEntry entry = items(as(secretary), "/api/v1/record-audit?kind=activity&recordId=" + activity,
				AuditEntry.class)
			.getFirst();
		assertThat(entry.action()).isEqualTo("CORRECT");
		assertThat(entry.reason()).isEqualTo("人数少录了一位数");
		assertThat(entry.before()).containsEntry("declaredParticipants", 8);
		assertThat(entry.after()).containsEntry("declaredParticipants", 18);
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
		settleCounts(this.clock.currentMonth());
		long before = awaitTown(as(secretary), county, month, town, row -> true).visits();
		long visit = post(as(cadre), "/api/v1/visits", checkIn(town, "note", "孟庙镇走访"), 201, Identified.class).id();
		post(as(cadre), "/api/v1/visits/" + visit + "/check-out", checkOut(List.of("需要技能培训")), 200, Identified.class);
		awaitTown(as(secretary), county, month, town, row -> row.visits() == before + 1);

		expectProblem(voiding(as(otherCadre), "/api/v1/visits/" + visit, "不是我的"), 403, "FORBIDDEN_ROLE");
		expectProblem(voiding(as(elsewhere), "/api/v1/visits/" + visit, "越权"), 403, "FORBIDDEN_SCOPE");
		expectProblem(voiding(as(cadre), "/api/v1/visits/" + visit, " "), 400, "VALIDATION_FAILED");
		assertThat(queryLong("SELECT count(*) FROM visit WHERE id = ? AND voided_at IS NULL", visit)).isOne();

		VoidResult voided = post(as(secretary), "/api/v1/visits/" + visit + "/void", Map.of("reason", "走访对象填错"), 200,
				VoidResult.class);
		assertThat(voided.kind()).isEqualTo("visit");
		assertThat(voided.voidedBy()).isEqualTo(secretary.id());
		awaitTown(as(secretary), county, month, town, row -> row.visits() == before);
		// the visitor no longer sees it, nor the needs heard on it; the secretary sees it
		// flagged
		expectProblem(send(as(cadre), HttpMethod.GET, "/api/v1/visits/" + visit, null), 404, "NOT_FOUND");
		assertThat(items(as(cadre), "/api/v1/visits?userId=" + cadre.id(), Identified.class)).isEmpty();
		assertThat(get(as(secretary), "/api/v1/visits/" + visit, 200, Visit.class).voidReason()).isEqualTo("走访对象填错");
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
		long activity = logActivity(as(manager), home, "青年读书会", 10);

		long submission = post(as(secretary), "/api/v1/reports/submissions", Map.of("countyId", county, "month", month),
				201, Identified.class)
			.id();
		try {
			expectProblem(voiding(as(manager), "/api/v1/activities/" + activity, "录错"), 422, "MONTH_CLOSED");
			expectProblem(voiding(as(secretary), "/api/v1/activities/" + activity, "录错"), 422, "MONTH_CLOSED");
		}
		finally {
			send(admin, HttpMethod.POST, "/api/v1/reports/submissions/" + submission + "/reopen",
					Map.of("reason", "更正记录"))
				.expectStatus()
				.isOk();
		}
		voiding(as(manager), "/api/v1/activities/" + activity, "录错").expectStatus().isOk();
	}

	@Test
	void shouldVoidThemedEventsThemesTeamsAndYouthOrganizations() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, ZHAOLING);
		TestUser firstSecretary = identities().withRole(Role.FIRST_SECRETARY, SHANGNAN);
		long county = orgId(ZHAOLING);
		YearMonth month = this.clock.currentMonth();

		// a themed event: its first secretary voids it; the village's list drops it
		long theme = monthTheme(as(secretary), county, month);
		long event = post(as(firstSecretary), "/api/v1/themed-events", themedEvent(theme, orgId(SHANGNAN), month), 201,
				Identified.class)
			.id();
		voiding(as(firstSecretary), "/api/v1/themed-events/" + event, "活动未举办").expectStatus().isOk();
		String events = "/api/v1/themed-events?villageId=" + orgId(SHANGNAN) + "&month=" + month;
		assertThat(items(as(firstSecretary), events, Identified.class)).noneMatch(e -> e.id() == event);
		expectProblem(send(as(firstSecretary), HttpMethod.GET, "/api/v1/themed-events/" + event, null), 404,
				"NOT_FOUND");
		assertThat(get(as(secretary), "/api/v1/themed-events/" + event, 200, ThemedEvent.class).voidReason())
			.isEqualTo("活动未举办");

		// a theme of a month of its own: voided, the county may publish that month again
		YearMonth far = YearMonth.of(2040 + (int) (Math.abs(UUID.randomUUID().getLeastSignificantBits()) % 50),
				1 + (int) (System.nanoTime() % 12 + 12) % 12);
		long farTheme = post(as(secretary), "/api/v1/themes",
				Map.of("countyId", county, "month", far.toString(), "title", "错的主题"), 201, Identified.class)
			.id();
		voiding(as(secretary), "/api/v1/themes/" + farTheme, "主题写错").expectStatus().isOk();
		assertThat(items(as(firstSecretary), "/api/v1/themes?countyId=" + county + "&month=" + far, Identified.class))
			.isEmpty();
		post(as(secretary), "/api/v1/themes", Map.of("countyId", county, "month", far.toString(), "title", "对的主题"), 201,
				Identified.class);

		// a volunteer team
		String name = "商桥镇志愿服务队 " + UUID.randomUUID();
		long team = post(as(secretary), "/api/v1/volunteer-teams", Map.of("countyId", county, "name", name), 201,
				Identified.class)
			.id();
		expectProblem(voiding(as(firstSecretary), "/api/v1/volunteer-teams/" + team, "x"), 403, "FORBIDDEN_ROLE");
		voiding(as(secretary), "/api/v1/volunteer-teams/" + team, "重复登记").expectStatus().isOk();
		assertThat(items(as(firstSecretary), "/api/v1/volunteer-teams?countyId=" + county + "&limit=100",
				Identified.class))
			.noneMatch(t -> t.id() == team);

		// a youth organization of a home
		long home = createHome(as(secretary), orgId(SHANGQIAO), "商桥镇青年之家 " + UUID.randomUUID());
		TestUser manager = identities().newUser("商桥镇青年之家管理员");
		identities().grant(manager, Role.YOUTH_HOME_MANAGER, SHANGQIAO, home);
		String organizations = "/api/v1/youth-homes/" + home + "/organizations";
		Map<String, Object> readingClub = Map.of("name", "读书社", "type", "THEORY_STUDY", "foundedOn", "2026-11-01");
		long organization = post(as(manager), organizations, readingClub, 201, Identified.class).id();
		voiding(as(manager), "/api/v1/youth-organizations/" + organization, "登记错了").expectStatus().isOk();
		assertThat(items(as(manager), organizations, Identified.class)).isEmpty();
		assertThat(items(as(secretary), organizations, Identified.class)).hasSize(1);
		post(as(manager), organizations, readingClub, 201, Identified.class);
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
		post(as(manager), "/api/v1/youth-homes/" + home + "/activities", body, 201, Identified.class);
		// cleared by WeChat's media check: shown to the activity's readers
		ModerationFixtures.clear(client(), photo);
		fetchPhoto(as(cadre), photo, 200);

		voiding(as(manager), "/api/v1/media/" + photo, "拍到了无关人员").expectStatus().isOk();
		fetchPhoto(as(secretary), photo, 200);
		fetchPhoto(as(cadre), photo, 404);
		fetchPhoto(as(manager), photo, 404);
		Map<String, Object> again = activityBody("再用这张照片", 6);
		again.put("photoIds", List.of(photo));
		expectProblem(send(as(manager), HttpMethod.POST, "/api/v1/youth-homes/" + home + "/activities", again), 404,
				"NOT_FOUND");
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
		return client.post()
			.uri("/api/v1/media")
			.contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + boundary))
			.bodyValue(multipart.toByteArray())
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Identified.class)
			.returnResult()
			.getResponseBody()
			.id();
	}

	private static void fetchPhoto(WebTestClient client, long photo, int status) {
		client.get().uri("/api/v1/media/" + photo).exchange().expectStatus().isEqualTo(status);
	}

	static long createHome(WebTestClient secretary, long townId, String name) {
		return post(secretary, "/api/v1/youth-homes", Map.of("name", name, "townId", townId), 201, Identified.class)
			.id();
	}

	long logActivity(WebTestClient manager, long homeId, String title, int participants) {
		return post(manager, "/api/v1/youth-homes/" + homeId + "/activities", activityBody(title, participants), 201,
				Identified.class)
			.id();
	}

	/**
	 * Voids the record at {@code recordUri} with {@code reason}; its answer still to be
	 * read.
	 */
	private static WebTestClient.ResponseSpec voiding(WebTestClient client, String recordUri, String reason) {
		return send(client, HttpMethod.POST, recordUri + "/void", Map.of("reason", reason));
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
		return items(secretary, "/api/v1/themes?countyId=" + county + "&month=" + month, Theme.class).stream()
			.filter(theme -> theme.voidedAt() == null)
			.map(Theme::id)
			.findFirst()
			.orElseGet(() -> post(secretary, "/api/v1/themes",
					Map.of("countyId", county, "month", month.toString(), "title", "乡村振兴青年行"), 201, Identified.class)
				.id());
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
		return awaitTown(overseer, county, month, town, row -> true).activities();
	}

	private static void awaitActivities(WebTestClient overseer, long county, String month, long town, long expected) {
		awaitTown(overseer, county, month, town, row -> row.activities() == expected);
	}

	private static TownRow awaitTown(WebTestClient overseer, long county, String month, long town,
			Predicate<TownRow> until) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> items(overseer, "/api/v1/dashboards/towns?countyId=" + county + "&month=" + month,
					TownRow.class)
				.stream()
				.filter(row -> row.orgId() == town)
				.findFirst()
				.orElseThrow(), until::test);
	}

	private static List<FeedItem> feed(WebTestClient client, long orgId) {
		return items(client, "/api/v1/feed?orgId=" + orgId + "&limit=100", FeedItem.class);
	}

	private static FeedItem awaitFeed(WebTestClient client, long orgId, String type, String summary) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> feed(client, orgId).stream()
				.filter(item -> type.equals(item.type()) && summary.equals(item.summary()))
				.findFirst(), Optional::isPresent)
			.orElseThrow();
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
