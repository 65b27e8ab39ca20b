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
import cn.luohe.grassroots.support.Responses;
import cn.luohe.grassroots.support.Responses.Page;
import cn.luohe.grassroots.support.TestUser;
import cn.luohe.grassroots.youthhome.internal.SignInCodes;
import cn.luohe.grassroots.youthhome.web.YouthHomeTestViews.Activity;
import cn.luohe.grassroots.youthhome.web.YouthHomeTestViews.SignIn;
import cn.luohe.grassroots.youthhome.web.YouthHomeTestViews.SignInCode;
import cn.luohe.grassroots.youthhome.web.YouthHomeTestViews.SignInSession;
import cn.luohe.grassroots.youthhome.web.YouthHomeTestViews.YouthHome;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectFieldError;
import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.support.Problems.expectProblemRead;
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
		this.homeId = register("舞泉镇青年之家");
		// the invitation flow is identity's; here the binding is granted directly
		this.manager = identities().newUser("舞泉镇青年之家管理员");
		identities().grant(this.manager, Role.YOUTH_HOME_MANAGER, WUQUAN, this.homeId);
	}

	@Test
	void shouldCountAReplayedActivityOnceAndVerifyParticipantsThroughTheRotatingCode() {
		Instant start = now().minus(Duration.ofHours(1));
		Map<String, Object> body = activity("青年理论学习分享会", start, start.plus(Duration.ofHours(2)), 30);
		String key = UUID.randomUUID().toString();

		Activity first = log(this.manager, body, key);
		Activity replay = log(this.manager, body, key);
		Activity second = log(this.manager,
				activity("青年志愿服务进社区", start.plusSeconds(60), start.plus(Duration.ofHours(3)), 45),
				UUID.randomUUID().toString());

		assertThat(replay).isEqualTo(first);
		assertThat(first.declaredParticipants()).isEqualTo(30);
		assertThat(first.verifiedParticipants()).isZero();
		assertThat(first.category()).isEqualTo("THEORY_STUDY");
		assertThat(first.townId()).isEqualTo(this.townId);
		long activityId = first.id();
		Page<Activity> listed = as(this.secretary).get()
			.uri("/api/v1/youth-homes/{id}/activities?month={m}", this.homeId, BusinessClock.monthOf(start).toString())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(Activity.class))
			.returnResult()
			.getResponseBody();
		assertThat(listed.items()).extracting(Activity::id).containsExactly(activityId, second.id());
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE type = 'ACTIVITY_LOGGED' AND record_id = ?"
				+ " AND org_id = ? AND summary = '青年理论学习分享会'", activityId, this.townId))
			.isOne();
		assertThat(Db.count("SELECT count(*) FROM count_dirty WHERE town_id = ? AND month = ?", this.townId,
				BusinessClock.monthOf(start).atDay(1)))
			.isPositive();

		SignInSession session = as(this.manager).post()
			.uri(signIn(activityId) + "/sign-in-sessions")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(SignInSession.class)
			.returnResult()
			.getResponseBody();
		assertThat(session.open()).isTrue();
		assertThat(session.rotatesEverySeconds()).isEqualTo(30);
		assertThat(Instant.parse(session.closesAt())).isEqualTo(start.plus(Duration.ofHours(4)));
		as(this.manager).post().uri(signIn(activityId) + "/sign-in-sessions").exchange().expectStatus().isOk();
		String code = currentCode(activityId);

		TestUser alice = identities().newUser("参与者甲");
		TestUser bob = identities().newUser("参与者乙");
		SignIn aliceIn = signIn(alice, code, 201);
		assertThat(aliceIn.verifiedParticipants()).isEqualTo(1);
		assertThat(aliceIn.title()).isEqualTo("青年理论学习分享会");
		assertThat(signIn(bob, code, 201).verifiedParticipants()).isEqualTo(2);
		assertThat(signIn(alice, currentCode(activityId), 200).verifiedParticipants()).isEqualTo(2);
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
		long activityId = log(this.manager, activity("技能培训", start, start.plus(Duration.ofHours(1)), 12), null).id();
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
		long activityId = log(this.manager, activity("文体活动", start, start.plus(Duration.ofHours(2)), 80), null).id();

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
		long otherHome = register("舞泉镇另一青年之家");
		identities().grant(otherManager, Role.YOUTH_HOME_MANAGER, WUQUAN, otherHome);

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
		log(this.secretary, body, null);
	}

	@Test
	void shouldWriteNothingForARefusedActivity() {
		Instant start = now();
		String key = UUID.randomUUID().toString();
		Map<String, Object> backwards = activity("倒着的活动", start, start.minusSeconds(1), 10);
		Map<String, Object> tooManyPhotos = activity("照片太多", start, start.plusSeconds(3600), 10);
		tooManyPhotos.put("photoIds", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
		// the same photo twice was merged silently (one photo, two ids sent)
		Map<String, Object> photoTwice = activity("同一照片两次", start, start.plusSeconds(3600), 10);
		photoTwice.put("photoIds", List.of(1, 1));
		Map<String, Object> unknownCategory = activity("未知类别", start, start.plusSeconds(3600), 10);
		unknownCategory.put("category", "PARTY");
		Map<String, Object> tooFarAhead = activity("太远的活动", now().plus(Duration.ofHours(73)),
				now().plus(Duration.ofHours(75)), 10);

		expectFieldError(logRequest(this.manager, backwards, key), "endAt");
		expectFieldError(logRequest(this.manager, tooManyPhotos, key), "photoIds");
		expectFieldError(logRequest(this.manager, photoTwice, key), "photoIds");
		expectFieldError(logRequest(this.manager, unknownCategory, key), "category");
		expectProblem(logRequest(this.manager, tooFarAhead, key), 422, "ACTIVITY_TOO_FAR_AHEAD");

		assertThat(Db.count("SELECT count(*) FROM youth_home_activity WHERE youth_home_id = ?", this.homeId)).isZero();
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE actor_user_id = ?", this.manager.id())).isZero();
		assertThat(Db.count("SELECT count(*) FROM idempotency_key WHERE user_id = ?", this.manager.id())).isZero();
		// the refused key stays usable for a valid request
		log(this.manager, activity("正常活动", start, start.plusSeconds(3600), 10), key);
	}

	@Test
	void shouldKeepTheHistoryOfADelistedHome() {
		Instant start = now().minus(Duration.ofHours(1));
		long activityId = log(this.manager, activity("就业创业沙龙", start, start.plus(Duration.ofHours(2)), 25), null).id();
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
		expectProblem(logRequest(this.manager, activity("摘牌后的活动", start, start.plus(Duration.ofHours(2)), 5), null),
				422, "YOUTH_HOME_DELISTED");

		as(this.secretary).patch()
			.uri("/api/v1/youth-homes/{id}", this.homeId)
			.bodyValue(Map.of("status", "ACTIVE"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.delistedAt")
			.isEmpty();
		log(this.manager, activity("重新挂牌后的活动", start, start.plus(Duration.ofHours(2)), 5), null);
	}

	/** Whole seconds: what the assertions compare survives the round trip exactly. */
	@Test
	void shouldReadDatesOnlyAsIsoStringsAndStringsOnlyAsStrings() {
		Instant start = now().minus(Duration.ofHours(1));
		// a number where a timestamp is expected was read as epoch seconds (1969-12-31)
		Map<String, Object> epoch = activity("青年理论学习分享会", start, start.plus(Duration.ofHours(2)), 30);
		epoch.put("startAt", -86400);
		assertThat(expectProblemRead(logRequest(this.manager, epoch, null), 400, "MALFORMED_REQUEST").errors())
			.extracting(Problems.FieldError::field)
			.containsExactly("startAt");
		Map<String, Object> array = activity("青年理论学习分享会", start, start.plus(Duration.ofHours(2)), 30);
		array.put("endAt", List.of(2026, 1, 1));
		expectProblem(logRequest(this.manager, array, null), 400, "MALFORMED_REQUEST");
		// true or a number where a string is expected was stored as text
		Map<String, Object> bool = activity("青年理论学习分享会", start, start.plus(Duration.ofHours(2)), 30);
		bool.put("title", true);
		expectProblem(logRequest(this.manager, bool, null), 400, "MALFORMED_REQUEST");
		Map<String, Object> number = activity("青年理论学习分享会", start, start.plus(Duration.ofHours(2)), 30);
		number.put("description", 12345);
		expectProblem(logRequest(this.manager, number, null), 400, "MALFORMED_REQUEST");
		Map<String, Object> text = activity("青年理论学习分享会", start, start.plus(Duration.ofHours(2)), 30);
		text.put("participants", "30");
		expectProblem(logRequest(this.manager, text, null), 400, "MALFORMED_REQUEST");
		assertThat(Db.count("SELECT count(*) FROM youth_home_activity WHERE youth_home_id = ?", this.homeId)).isZero();
	}

	@Test
	void shouldRefuseActivityDatesOutsideTheServicesWorkingLife() {
		Instant longAgo = Instant.parse("1969-12-31T00:00:00Z");
		expectFieldError(
				logRequest(this.manager, activity("青年理论学习分享会", longAgo, longAgo.plus(Duration.ofHours(2)), 30), null),
				"startAt");
		Instant beforeFirstMonth = Instant.parse("2019-12-31T08:00:00Z");
		expectFieldError(
				logRequest(this.manager,
						activity("青年理论学习分享会", beforeFirstMonth, beforeFirstMonth.plus(Duration.ofHours(2)), 30), null),
				"startAt");
		assertThat(Db.count("SELECT count(*) FROM youth_home_activity WHERE youth_home_id = ?", this.homeId)).isZero();
		// the future is the activity's own rule (72 hours ahead at most)
		Instant soon = now().plus(Duration.ofHours(3));
		log(this.manager, activity("青年理论学习分享会", soon, soon.plus(Duration.ofHours(2)), 30), null);
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

	/** Registers a home in 舞泉镇 as the county secretary; its id. */
	private long register(String name) {
		YouthHome home = as(this.secretary).post()
			.uri("/api/v1/youth-homes")
			.bodyValue(Map.of("name", name, "townId", this.townId))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(YouthHome.class)
			.returnResult()
			.getResponseBody();
		return home.id();
	}

	/** Logs an activity (201), with an idempotency key when one is given. */
	private Activity log(TestUser user, Map<String, Object> body, @Nullable String key) {
		return logRequest(user, body, key).expectStatus()
			.isCreated()
			.expectBody(Activity.class)
			.returnResult()
			.getResponseBody();
	}

	/** A request to log an activity, its answer still to be read. */
	private WebTestClient.ResponseSpec logRequest(TestUser user, Map<String, Object> body, @Nullable String key) {
		return as(user).post().uri("/api/v1/youth-homes/{id}/activities", this.homeId).headers(headers -> {
			if (key != null) {
				headers.set("Idempotency-Key", key);
			}
		}).bodyValue(body).exchange();
	}

	private String currentCode(long activityId) {
		SignInCode code = as(this.manager).get()
			.uri(signIn(activityId) + "/sign-in-code")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(SignInCode.class)
			.returnResult()
			.getResponseBody();
		assertThat(code.rotatesEverySeconds()).isEqualTo(30);
		return code.code();
	}

	private SignIn signIn(TestUser user, String code, int status) {
		return as(user).post()
			.uri("/api/v1/sign-ins")
			.bodyValue(Map.of("code", code))
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(SignIn.class)
			.returnResult()
			.getResponseBody();
	}

	private String signIn(long activityId) {
		return "/api/v1/youth-homes/" + this.homeId + "/activities/" + activityId;
	}

	private static String iso(Instant instant) {
		return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(BusinessClock.ZONE));
	}

}
