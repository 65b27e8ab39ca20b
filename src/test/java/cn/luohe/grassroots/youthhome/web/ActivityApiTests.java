package cn.luohe.grassroots.youthhome.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Problems;
import cn.luohe.grassroots.support.TestUser;
import cn.luohe.grassroots.youthhome.internal.SignInCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static cn.luohe.grassroots.support.Problems.expectFieldError;
import static cn.luohe.grassroots.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Activities of a Youth Home and their verified headcount, from the "done when":
 * a 舞阳县 secretary registers a home in 舞泉镇, its manager logs two activities (a replay
 * counts once), participants sign in through the rotating code, a forged code is refused.
 */
class ActivityApiTests extends ApiTest {

	private static final String WUYANG = "411121";

	private static final String WUQUAN = "411121100";

	@Autowired
	private BusinessClock clock;

	private TestUser secretary;

	private TestUser manager;

	private long homeId;

	private long townId;

	@BeforeEach
	void registerAHomeWithItsManager() {
		this.secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		this.townId = Db.orgId(WUQUAN);
		Map<?, ?> home = as(this.secretary).post()
			.uri("/api/v1/youth-homes")
			.bodyValue(Map.of("name", "舞泉镇青年之家", "townId", this.townId))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		this.homeId = ((Number) home.get("id")).longValue();
		// the invitation flow is identity's; here the binding is granted directly
		this.manager = identities().newUser("舞泉镇青年之家管理员");
		identities().grant(this.manager, Role.YOUTH_HOME_MANAGER, WUQUAN, this.homeId);
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldCountAReplayedActivityOnceAndVerifyParticipantsThroughTheRotatingCode() {
		Instant start = now().minus(Duration.ofHours(1));
		Map<String, Object> body = activity("青年理论学习分享会", start, start.plus(Duration.ofHours(2)), 30);
		String key = UUID.randomUUID().toString();

		Map<String, Object> first = log(this.manager, body, key, 201);
		Map<String, Object> replay = log(this.manager, body, key, 201);
		Map<String, Object> second = log(this.manager,
				activity("青年志愿服务进社区", start.plusSeconds(60), start.plus(Duration.ofHours(3)), 45),
				UUID.randomUUID().toString(), 201);

		assertThat(replay).isEqualTo(first);
		assertThat(first).containsEntry("declaredParticipants", 30)
			.containsEntry("verifiedParticipants", 0)
			.containsEntry("category", "THEORY_STUDY")
			.containsEntry("townId", (int) this.townId);
		long activityId = ((Number) first.get("id")).longValue();
		List<Map<String, Object>> listed = (List<Map<String, Object>>) as(this.secretary).get()
			.uri("/api/v1/youth-homes/{id}/activities?month={m}", this.homeId, BusinessClock.monthOf(start).toString())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("items");
		assertThat(listed).extracting(a -> ((Number) a.get("id")).longValue())
			.containsExactly(activityId, ((Number) second.get("id")).longValue());
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE type = 'ACTIVITY_LOGGED' AND record_id = ?"
				+ " AND org_id = ? AND summary = '青年理论学习分享会'", activityId, this.townId))
			.isOne();
		assertThat(Db.count("SELECT count(*) FROM count_dirty WHERE town_id = ? AND month = ?", this.townId,
				BusinessClock.monthOf(start).atDay(1)))
			.isPositive();

		Map<String, Object> session = as(this.manager).post()
			.uri(signIn(activityId) + "/sign-in-sessions")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(session).containsEntry("open", true).containsEntry("rotatesEverySeconds", 30);
		assertThat(Instant.parse((String) session.get("closesAt"))).isEqualTo(start.plus(Duration.ofHours(4)));
		as(this.manager).post().uri(signIn(activityId) + "/sign-in-sessions").exchange().expectStatus().isOk();
		String code = currentCode(activityId);

		TestUser alice = identities().newUser("参与者甲");
		TestUser bob = identities().newUser("参与者乙");
		assertThat(signIn(alice, code, 201)).containsEntry("verifiedParticipants", 1)
			.containsEntry("title", "青年理论学习分享会");
		assertThat(signIn(bob, code, 201)).containsEntry("verifiedParticipants", 2);
		assertThat(signIn(alice, currentCode(activityId), 200)).containsEntry("verifiedParticipants", 2);
		String mac = code.substring(code.lastIndexOf('.') + 1);
		String forged = code.substring(0, code.lastIndexOf('.') + 1) + ((mac.charAt(0) == 'A') ? 'B' : 'A')
				+ mac.substring(1);
		expectProblem(as(identities().newUser("冒名者")).post()
			.uri("/api/v1/sign-ins")
			.bodyValue(Map.of("code", forged))
			.exchange(), 422, "SIGN_IN_CODE_INVALID");

		as(this.secretary).get()
			.uri("/api/v1/youth-homes/{id}/activities/{a}", this.homeId, activityId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.declaredParticipants")
			.isEqualTo(30)
			.jsonPath("$.verifiedParticipants")
			.isEqualTo(2);
		assertThat(Db.count("SELECT count(*) FROM count_dirty WHERE town_id = ? AND month = ?", this.townId,
				BusinessClock.monthOf(start).atDay(1)))
			.isGreaterThanOrEqualTo(3);
	}

	@Test
	void shouldRefuseExpiredCodesAndClosedSignIns() {
		Instant start = now().minus(Duration.ofMinutes(30));
		long activityId = id(
				log(this.manager, activity("技能培训", start, start.plus(Duration.ofHours(1)), 12), null, 201));
		as(this.manager).post().uri(signIn(activityId) + "/sign-in-sessions").exchange().expectStatus().isCreated();
		byte[] key = Db.single("SELECT secret FROM activity_sign_in_session WHERE activity_id = ?", byte[].class,
				activityId);
		// minted three rotations ago with the activity's real key
		String stale = new SignInCodes(Clock.fixed(now().minusSeconds(90), BusinessClock.ZONE)).current(key, activityId)
			.code();

		expectProblem(as(identities().newUser("迟到者")).post()
			.uri("/api/v1/sign-ins")
			.bodyValue(Map.of("code", stale))
			.exchange(), 422, "SIGN_IN_CODE_EXPIRED");

		String code = currentCode(activityId);
		as(this.manager).post()
			.uri(signIn(activityId) + "/sign-in-sessions/close")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.open")
			.isEqualTo(false);
		expectProblem(as(identities().newUser("散场后")).post()
			.uri("/api/v1/sign-ins")
			.bodyValue(Map.of("code", code))
			.exchange(), 422, "SIGN_IN_CLOSED");
		expectProblem(as(this.manager).get().uri(signIn(activityId) + "/sign-in-code").exchange(), 422,
				"SIGN_IN_CLOSED");
		expectProblem(as(identities().newUser("随手输入")).post()
			.uri("/api/v1/sign-ins")
			.bodyValue(Map.of("code", "not-a-code"))
			.exchange(), 422, "SIGN_IN_CODE_INVALID");
	}

	@Test
	void shouldRefuseSignInsAfterTheActivitysWindow() {
		Instant start = now().minus(Duration.ofHours(5));
		long activityId = id(
				log(this.manager, activity("文体活动", start, start.plus(Duration.ofHours(2)), 80), null, 201));

		expectProblem(as(this.manager).post().uri(signIn(activityId) + "/sign-in-sessions").exchange(), 422,
				"SIGN_IN_WINDOW_OVER");
	}

	@Test
	void shouldRateLimitSignInAttemptsPerUser() {
		TestUser guesser = identities().newUser("猜码者");
		for (int attempt = 0; attempt < 20; attempt++) {
			expectProblem(as(guesser).post()
				.uri("/api/v1/sign-ins")
				.bodyValue(Map.of("code", "1." + attempt + ".AAAAAAAAAAAAAAAAAAAAAA"))
				.exchange(), 422, "SIGN_IN_CODE_INVALID");
		}

		expectProblem(as(guesser).post()
			.uri("/api/v1/sign-ins")
			.bodyValue(Map.of("code", "1.0.AAAAAAAAAAAAAAAAAAAAAA"))
			.exchange()
			// the window is a minute: the client is told when to come back
			.expectHeader()
			.valueEquals("Retry-After", "60"), 429, "RATE_LIMITED");
	}

	@Test
	void shouldOnlyLetTheHomesOwnManagerOrAnAdministratorKeepItsRecords() {
		Instant start = now();
		Map<String, Object> body = activity("关爱留守儿童", start, start.plus(Duration.ofHours(1)), 10);
		TestUser otherManager = identities().newUser("别家管理员");
		Map<?, ?> otherHome = as(this.secretary).post()
			.uri("/api/v1/youth-homes")
			.bodyValue(Map.of("name", "舞泉镇另一青年之家", "townId", this.townId))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		identities().grant(otherManager, Role.YOUTH_HOME_MANAGER, WUQUAN, ((Number) otherHome.get("id")).longValue());

		expectProblem(as(otherManager).post()
			.uri("/api/v1/youth-homes/{id}/activities", this.homeId)
			.bodyValue(body)
			.exchange(), 403, "FORBIDDEN_SCOPE");
		expectProblem(as(identities().withRole(Role.CADRE, WUYANG)).post()
			.uri("/api/v1/youth-homes/{id}/activities", this.homeId)
			.bodyValue(body)
			.exchange(), 403, "FORBIDDEN_ROLE");
		expectProblem(as(identities().withRole(Role.COUNTY_SECRETARY, "411122")).post()
			.uri("/api/v1/youth-homes/{id}/activities", this.homeId)
			.bodyValue(body)
			.exchange(), 403, "FORBIDDEN_SCOPE");
		log(this.secretary, body, null, 201);
	}

	@Test
	void shouldWriteNothingForARefusedActivity() {
		Instant start = now();
		String key = UUID.randomUUID().toString();
		Map<String, Object> backwards = activity("倒着的活动", start, start.minusSeconds(1), 10);
		Map<String, Object> tooManyPhotos = activity("照片太多", start, start.plusSeconds(3600), 10);
		tooManyPhotos.put("photoIds", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
		Map<String, Object> unknownCategory = activity("未知类别", start, start.plusSeconds(3600), 10);
		unknownCategory.put("category", "PARTY");
		Map<String, Object> tooFarAhead = activity("太远的活动", now().plus(Duration.ofHours(73)),
				now().plus(Duration.ofHours(75)), 10);

		expectFieldError(log(this.manager, backwards, key, 400), "endAt");
		expectFieldError(log(this.manager, tooManyPhotos, key, 400), "photoIds");
		expectFieldError(log(this.manager, unknownCategory, key, 400), "category");
		assertThat(log(this.manager, tooFarAhead, key, 422)).containsEntry("code", "ACTIVITY_TOO_FAR_AHEAD");

		assertThat(Db.count("SELECT count(*) FROM youth_home_activity WHERE youth_home_id = ?", this.homeId)).isZero();
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE actor_user_id = ?", this.manager.id())).isZero();
		assertThat(Db.count("SELECT count(*) FROM idempotency_key WHERE user_id = ?", this.manager.id())).isZero();
		// the refused key stays usable for a valid request
		log(this.manager, activity("正常活动", start, start.plusSeconds(3600), 10), key, 201);
	}

	@Test
	void shouldKeepTheHistoryOfADelistedHome() {
		Instant start = now().minus(Duration.ofHours(1));
		long activityId = id(
				log(this.manager, activity("就业创业沙龙", start, start.plus(Duration.ofHours(2)), 25), null, 201));
		YearMonth current = this.clock.currentMonth();
		long dirtyBefore = Db.count("SELECT count(*) FROM count_dirty WHERE town_id = ? AND month = ?", this.townId,
				current.atDay(1));

		as(this.secretary).patch()
			.uri("/api/v1/youth-homes/{id}", this.homeId)
			.bodyValue(Map.of("status", "DELISTED"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("DELISTED")
			.jsonPath("$.delistedAt")
			.isNotEmpty();

		assertThat(Db.count("SELECT count(*) FROM count_dirty WHERE town_id = ? AND month = ?", this.townId,
				current.atDay(1)))
			.isGreaterThan(dirtyBefore);
		as(this.manager).get()
			.uri("/api/v1/youth-homes/{id}/activities/{a}", this.homeId, activityId)
			.exchange()
			.expectStatus()
			.isOk();
		as(this.manager).get()
			.uri("/api/v1/youth-homes/{id}/activities?month={m}", this.homeId, BusinessClock.monthOf(start).toString())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(1);
		assertThat(log(this.manager, activity("摘牌后的活动", start, start.plus(Duration.ofHours(2)), 5), null, 422))
			.containsEntry("code", "YOUTH_HOME_DELISTED");

		as(this.secretary).patch()
			.uri("/api/v1/youth-homes/{id}", this.homeId)
			.bodyValue(Map.of("status", "ACTIVE"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.delistedAt")
			.isEmpty();
		log(this.manager, activity("重新挂牌后的活动", start, start.plus(Duration.ofHours(2)), 5), null, 201);
	}

	/** Whole seconds: what the assertions compare survives the round trip exactly. */
	@Test
	void shouldReadDatesOnlyAsIsoStringsAndStringsOnlyAsStrings() {
		Instant start = now().minus(Duration.ofHours(1));
		// a number where a timestamp is expected was read as epoch seconds (1969-12-31)
		Map<String, Object> epoch = activity("青年理论学习分享会", start, start.plus(Duration.ofHours(2)), 30);
		epoch.put("startAt", -86400);
		assertThat(expectProblem(log(this.manager, epoch, null, 400), "MALFORMED_REQUEST").errors())
			.extracting(Problems.FieldError::field)
			.containsExactly("startAt");
		Map<String, Object> array = activity("青年理论学习分享会", start, start.plus(Duration.ofHours(2)), 30);
		array.put("endAt", List.of(2026, 1, 1));
		expectProblem(log(this.manager, array, null, 400), "MALFORMED_REQUEST");
		// true or a number where a string is expected was stored as text
		Map<String, Object> bool = activity("青年理论学习分享会", start, start.plus(Duration.ofHours(2)), 30);
		bool.put("title", true);
		expectProblem(log(this.manager, bool, null, 400), "MALFORMED_REQUEST");
		Map<String, Object> number = activity("青年理论学习分享会", start, start.plus(Duration.ofHours(2)), 30);
		number.put("description", 12345);
		expectProblem(log(this.manager, number, null, 400), "MALFORMED_REQUEST");
		Map<String, Object> text = activity("青年理论学习分享会", start, start.plus(Duration.ofHours(2)), 30);
		text.put("participants", "30");
		expectProblem(log(this.manager, text, null, 400), "MALFORMED_REQUEST");
		assertThat(Db.count("SELECT count(*) FROM youth_home_activity WHERE youth_home_id = ?", this.homeId)).isZero();
	}

	@Test
	void shouldRefuseActivityDatesOutsideTheServicesWorkingLife() {
		Instant longAgo = Instant.parse("1969-12-31T00:00:00Z");
		expectFieldError(
				log(this.manager, activity("青年理论学习分享会", longAgo, longAgo.plus(Duration.ofHours(2)), 30), null, 400),
				"startAt");
		Instant beforeFirstMonth = Instant.parse("2019-12-31T08:00:00Z");
		expectFieldError(log(this.manager,
				activity("青年理论学习分享会", beforeFirstMonth, beforeFirstMonth.plus(Duration.ofHours(2)), 30), null, 400),
				"startAt");
		assertThat(Db.count("SELECT count(*) FROM youth_home_activity WHERE youth_home_id = ?", this.homeId)).isZero();
		// the future is the activity's own rule (72 hours ahead at most)
		Instant soon = now().plus(Duration.ofHours(3));
		log(this.manager, activity("青年理论学习分享会", soon, soon.plus(Duration.ofHours(2)), 30), null, 201);
	}

	private Instant now() {
		return this.clock.now().truncatedTo(ChronoUnit.SECONDS);
	}

	private Map<String, Object> activity(String title, Instant startAt, Instant endAt, int participants) {
		Map<String, Object> body = new HashMap<>();
		body.put("title", title);
		body.put("category", title.contains("学习") ? "THEORY_STUDY" : "VOLUNTEER_SERVICE");
		body.put("startAt", iso(startAt));
		body.put("endAt", iso(endAt));
		body.put("participants", participants);
		body.put("description", "在舞泉镇青年之家举办");
		body.put("location", Map.of("lat", 33.4371, "lng", 113.6094, "accuracy", 15));
		body.put("photoIds", List.of());
		return body;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> log(TestUser user, Map<String, Object> body, String key, int status) {
		return as(user).post().uri("/api/v1/youth-homes/{id}/activities", this.homeId).headers(headers -> {
			if (key != null) {
				headers.set("Idempotency-Key", key);
			}
		})
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private String currentCode(long activityId) {
		Map<?, ?> code = as(this.manager).get()
			.uri(signIn(activityId) + "/sign-in-code")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(code.get("rotatesEverySeconds")).isEqualTo(30);
		return (String) code.get("code");
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> signIn(TestUser user, String code, int status) {
		return as(user).post()
			.uri("/api/v1/sign-ins")
			.bodyValue(Map.of("code", code))
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private String signIn(long activityId) {
		return "/api/v1/youth-homes/" + this.homeId + "/activities/" + activityId;
	}

	private static long id(Map<String, Object> record) {
		return ((Number) record.get("id")).longValue();
	}

	private static String iso(Instant instant) {
		return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(BusinessClock.ZONE));
	}

}
