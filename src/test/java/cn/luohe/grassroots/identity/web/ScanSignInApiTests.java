package cn.luohe.grassroots.identity.web;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.feed.SseProbe;
import cn.luohe.grassroots.feed.TestFeed;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.FakeWeChat;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.Problems.Problem;
import cn.luohe.grassroots.support.Responses.Me;
import cn.luohe.grassroots.support.Responses.Tokens;
import cn.luohe.grassroots.support.TestUser;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PC sign-in by scan through the running service: a browser (no token) starts and polls,
 * a mini-program user scans and decides; browser sessions are listed and revoked.
 */
class ScanSignInApiTests extends ApiTest {

	@Autowired
	private BusinessClock clock;

	@Autowired
	private ApplicationContext context;

	@Test
	void shouldShowAMiniProgramCodeFromWeChatAndWait() {
		Started started = start();

		assertThat(started.qrImage()).startsWith("data:image/png;base64,");
		byte[] image = Base64.getDecoder().decode((started.qrImage()).substring(22));
		assertThat(image).isEqualTo(FakeWeChat.CODE_PNG);
		String scene = started.scene();
		assertThat(scene).matches("[A-Za-z0-9_-]{22}");
		assertThat(FakeWeChat.get().codeScenes()).contains(scene);
		assertThat(started.id()).isNotEqualTo(scene);
		// two minutes on the business clock
		assertThat(java.time.OffsetDateTime.parse(started.expiresAt()).toInstant())
			.isEqualTo(this.clock.now().plus(Duration.ofMinutes(2)));
		assertThat(poll(started).status()).isEqualTo("WAITING");
		assertThat(poll(started).tokens()).isNull();
	}

	@Test
	void shouldSignTheBrowserInOnceWithTheConfirmingUsersTokens() {
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		Started started = start();
		String scene = started.scene();

		// its userAgent (null here) is required: the contract validator checks it is
		// there
		Scanned scanned = post(leader, "/api/v1/auth/scan-sessions/scan", Map.of("scene", scene), 200, Scanned.class);
		assertThat(scanned.status()).isEqualTo("SCANNED");
		assertThat(poll(started).status()).isEqualTo("SCANNED");

		assertThat(post(leader, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", scene, "accept", true), 200,
				State.class)
			.status()).isEqualTo("CONFIRMED");
		State first = poll(started);
		assertThat(first.status()).isEqualTo("CONFIRMED");
		Tokens tokens = first.tokens();
		assertThat(tokens).as("the tokens of the first poll after CONFIRMED").isNotNull();
		assertThat(tokens.accessToken()).isNotBlank();
		assertThat(tokens.refreshToken()).isNotBlank();
		assertThat(tokens.expiresIn()).isEqualTo(7200);

		// the browser acts as the leader, marked as a browser session
		String browser = tokens.accessToken();
		Map<String, Object> claims = claims(browser);
		assertThat(claims).containsEntry("sub", Long.toString(leader.id())).containsEntry("client", "browser");
		assertThat(claims).containsKeys("sid", "bids");
		assertThat(get(browser, "/api/v1/me", Me.class).id()).isEqualTo(leader.id());
		assertThat(get(browser, "/api/v1/dashboards/city", CityMonth.class).month()).isEqualTo("2026-12");

		// single use: a replayed poll and a second decision get no tokens
		assertThat(poll(started)).extracting(State::status, State::tokens).containsExactly("CONFIRMED", null);
		expectProblem(send(leader, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", scene, "accept", true)), 409,
				"SCAN_SESSION_DECIDED");

		// listed as the leader's current browser session, audited
		List<PcSession> mine = sessions(browser, "/api/v1/me/pc-sessions");
		assertThat(mine).hasSize(1);
		assertThat(mine.get(0).current()).isTrue();
		assertThat(mine.get(0).userId()).isEqualTo(leader.id());
		assertThat(auditEvents(leader.id())).contains("SCAN_SIGN_IN_CONFIRMED", "PC_SIGN_IN");
	}

	@Test
	void shouldAnswerALongPollWithinASecondOfTheDecision() throws Exception {
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		Started started = start();
		CompletableFuture<long[]> waiting = CompletableFuture.supplyAsync(() -> {
			State answer = pollWaiting(started, 20);
			return new long[] { System.nanoTime(), "CONFIRMED".equals(answer.status()) ? 1 : 0,
					(answer.tokens() != null) ? 1 : 0 };
		});
		Thread.sleep(500);
		post(leader, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", started.scene(), "accept", true), 200);
		long decided = System.nanoTime();

		long[] answered = waiting.get(10, TimeUnit.SECONDS);
		assertThat(answered[1]).isEqualTo(1);
		assertThat(answered[2]).isEqualTo(1);
		assertThat(Duration.ofNanos(answered[0] - decided)).isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void shouldTellTheBrowserADeclineAndHandOutNothing() {
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		Started started = start();
		String scene = started.scene();
		post(leader, "/api/v1/auth/scan-sessions/scan", Map.of("scene", scene), 200);

		assertThat(post(leader, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", scene, "accept", false), 200,
				State.class)
			.status()).isEqualTo("DECLINED");
		assertThat(poll(started)).extracting(State::status, State::tokens).containsExactly("DECLINED", null);
		expectProblem(send(leader, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", scene, "accept", true)), 409,
				"SCAN_SESSION_DECIDED");
		assertThat(poll(started)).extracting(State::status, State::tokens).containsExactly("DECLINED", null);
		assertThat(auditEvents(leader.id())).contains("SCAN_SIGN_IN_DECLINED").doesNotContain("PC_SIGN_IN");
	}

	@Test
	void shouldExpireAnAttemptAfterTwoMinutes() {
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		Started started = start();
		String scene = started.scene();
		// the business clock is fixed: move the attempt's end to just before it instead
		Db.execute("UPDATE scan_session SET expires_at = ?::timestamptz - interval '1 second' WHERE id = ?",
				this.clock.now().toString(), started.id());

		assertThat(poll(started)).extracting(State::status, State::tokens).containsExactly("EXPIRED", null);
		expectProblem(send(leader, "/api/v1/auth/scan-sessions/scan", Map.of("scene", scene)), 409,
				"SCAN_SESSION_EXPIRED");
		expectProblem(send(leader, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", scene, "accept", true)), 409,
				"SCAN_SESSION_EXPIRED");
		assertThat(poll(started)).extracting(State::status, State::tokens).containsExactly("EXPIRED", null);
	}

	@Test
	void shouldNotAnswerAnotherBrowserThatKnowsTheSceneOrTheId() {
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		Started started = start();
		String id = started.id();
		post(leader, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", started.scene(), "accept", true), 200);

		// the scene is visible in the code; the id and secret are not: neither opens it
		for (String[] attempt : new String[][] { { id, "guessed-secret" }, { started.scene(), "x" },
				{ id, (started.secret()).substring(1) } }) {
			expectProblem(client().get()
				.uri("/api/v1/auth/scan-sessions/{id}", attempt[0])
				.header("X-Scan-Secret", attempt[1])
				.exchange(), 404, "NOT_FOUND");
		}
		expectProblem(client().get().uri("/api/v1/auth/scan-sessions/{id}", id).exchange(), 400, "VALIDATION_FAILED");
		// the browser holding the secret still gets its tokens, once
		assertThat(poll(started).tokens()).isNotNull();
	}

	@Test
	void shouldRefuseAUserWithoutRolesAndABrowserConfirmingAnother() {
		TestUser nobody = identities().newUser("没有角色");
		Started started = start();
		expectProblem(
				send(nobody, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", started.scene(), "accept", true)),
				403, "FORBIDDEN_ROLE");

		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		TestUser browser = signInBrowser(leader);
		expectProblem(
				send(browser, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", started.scene(), "accept", true)),
				403, "FORBIDDEN_ROLE");
		assertThat(poll(started).status()).isEqualTo("WAITING");
	}

	@Test
	void shouldRefuseAnotherUserDecidingWhatOneScanned() {
		TestUser first = identities().withRole(Role.CITY_LEADER, "4111");
		TestUser second = identities().withRole(Role.CITY_LEADER, "4111");
		Started started = start();
		post(first, "/api/v1/auth/scan-sessions/scan", Map.of("scene", started.scene()), 200);

		expectProblem(
				send(second, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", started.scene(), "accept", true)),
				409, "SCAN_SESSION_DECIDED");
		expectProblem(send(first, "/api/v1/auth/scan-sessions/scan", Map.of("scene", "unknown-scene")), 404,
				"NOT_FOUND");
	}

	@Test
	void shouldKeepTheBrowserToTheBindingsConfirmedWith() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, "411102");
		TestUser browser = signInBrowser(secretary);
		identities().grant(secretary, Role.CITY_LEADER, "4111", null);

		// the phone has the new role at once; the browser signed in before it does not
		get(secretary.token(), "/api/v1/dashboards/city", CityMonth.class);
		expectProblem(as(browser).get().uri("/api/v1/dashboards/city").exchange(), 403, "FORBIDDEN_ROLE");
		assertThat(get(browser.token(), "/api/v1/dashboards/counties", CountyRows.class).items()).hasSize(1);
		// and it says so: its own roles are those it was confirmed with
		assertThat(get(browser.token(), "/api/v1/me", Me.class).roles()).singleElement()
			.satisfies(role -> assertThat(role.role()).isEqualTo("COUNTY_SECRETARY"));
		assertThat(get(secretary.token(), "/api/v1/me", Me.class).roles()).hasSize(2);
	}

	@Test
	void shouldOpenTheBrowsersFeedWithTheBindingsConfirmedWith() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, TestFeed.LINYING);
		TestUser browser = signInBrowser(secretary);
		identities().grant(secretary, Role.CITY_LEADER, "4111", null);
		TestFeed feed = new TestFeed(this.context);

		// the phone's ticket carries the city role granted since: it may narrow to 舞阳县
		String phone = TestFeed.issueTicket(as(secretary)).ticket();
		try (SseProbe stream = SseProbe.open(this.port,
				"/api/v1/feed/stream?ticket=" + phone + "&orgId=" + feed.org(TestFeed.WUYANG).id(), null, null)) {
			String wuyang = feed.append(TestFeed.WUYANG_VILLAGE, "舞阳");
			assertThat(SseProbe.summary(stream.next())).isEqualTo(wuyang);
		}
		// the browser's ticket carries only its county: an event of another county
		// first, were it let through it would arrive first
		String ticket = TestFeed.issueTicket(as(browser)).ticket();
		try (SseProbe stream = SseProbe.open(this.port, "/api/v1/feed/stream?ticket=" + ticket, null, null)) {
			feed.append(TestFeed.WUYANG_VILLAGE, "舞阳");
			String linying = feed.append(TestFeed.LINYING_VILLAGE, "临颍");
			assertThat(SseProbe.summary(stream.next())).isEqualTo(linying);
		}
	}

	@Test
	void shouldRevokeABrowserSessionForItsUserAndForAnAdmin() {
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		Tokens tokens = signInBrowserTokens(leader);
		String access = tokens.accessToken();
		long sessionId = ((Number) claims(access).get("sid")).longValue();

		// refreshing keeps the browser session (its id travels in the new token)
		Tokens refreshed = post(null, "/api/v1/auth/refresh", Map.of("refreshToken", tokens.refreshToken()), 200,
				Tokens.class);
		String renewed = refreshed.accessToken();
		assertThat(((Number) claims(renewed).get("sid")).longValue()).isEqualTo(sessionId);

		// both tokens work until it is revoked (and are kept verified from here on)
		for (String token : List.of(access, renewed)) {
			client().get()
				.uri("/api/v1/me")
				.header("Authorization", "Bearer " + token)
				.exchange()
				.expectStatus()
				.isOk();
		}

		// another user cannot revoke it, the leader can
		TestUser other = identities().withRole(Role.CITY_LEADER, "4111");
		problem(as(other).delete().uri("/api/v1/me/pc-sessions/{id}", sessionId).exchange(), 404);
		problem(as(other).delete().uri("/api/v1/auth/pc-sessions/{id}", sessionId).exchange(), 403);
		as(leader).delete().uri("/api/v1/me/pc-sessions/{id}", sessionId).exchange().expectStatus().isNoContent();

		for (String token : List.of(access, renewed)) {
			problem(client().get().uri("/api/v1/me").header("Authorization", "Bearer " + token).exchange(), 401);
		}
		expectProblem(send(null, "/api/v1/auth/refresh", Map.of("refreshToken", refreshed.refreshToken())), 401,
				"UNAUTHENTICATED");
		assertThat(sessions(leader.token(), "/api/v1/me/pc-sessions").get(0).current()).isFalse();
		assertThat(sessions(leader.token(), "/api/v1/me/pc-sessions").get(0).revokedAt()).isNotNull();

		// an admin lists and revokes anyone's
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		Tokens second = signInBrowserTokens(leader);
		long secondId = ((Number) claims(second.accessToken()).get("sid")).longValue();
		assertThat(sessions(admin.token(), "/api/v1/auth/pc-sessions?userId=" + leader.id())).extracting(PcSession::id)
			.containsExactly(secondId, sessionId);
		problem(as(leader).get().uri("/api/v1/auth/pc-sessions?userId=" + leader.id()).exchange(), 403);
		as(admin).delete().uri("/api/v1/auth/pc-sessions/{id}", secondId).exchange().expectStatus().isNoContent();
		problem(client().get().uri("/api/v1/me").header("Authorization", "Bearer " + second.accessToken()).exchange(),
				401);
		assertThat(auditEvents(leader.id())).contains("PC_SESSION_REVOKED");
	}

	@Test
	void shouldRateLimitScansAndDecisionsPerUser() {
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		for (int i = 0; i < 20; i++) {
			post(leader, "/api/v1/auth/scan-sessions/scan", Map.of("scene", "no-such-scene-" + i), 404);
		}
		expectProblem(send(leader, "/api/v1/auth/scan-sessions/scan", Map.of("scene", "no-such-scene")), 429,
				"RATE_LIMITED");
	}

	@Test
	void shouldRefuseAMalformedScene() {
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		expectProblem(send(leader, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", "a b", "accept", true)), 400,
				"VALIDATION_FAILED");
		expectProblem(send(leader, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", "abc")), 400,
				"VALIDATION_FAILED");
	}

	// ---- helpers ----

	/** Signs a browser in for {@code user} (start, confirm, collect) and acts as it. */
	private TestUser signInBrowser(TestUser user) {
		return new TestUser(user.id(), user.displayName(), signInBrowserTokens(user).accessToken());
	}

	private Tokens signInBrowserTokens(TestUser user) {
		Started started = start();
		post(user, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", started.scene(), "accept", true), 200);
		Tokens tokens = poll(started).tokens();
		assertThat(tokens).as("the tokens of a confirmed attempt").isNotNull();
		return tokens;
	}

	/**
	 * Starts an attempt. The first WeChat call of a cold JVM fetches WxJava's access
	 * token under a Redis lock; on a loaded machine it can pass the tests' 2 s WeChat
	 * timeout, and the interrupted fetch leaves WxJava's lock to expire before the next
	 * fetch can run. A 504 WECHAT_TIMEOUT is tried again for up to a minute, as the page
	 * itself retries; any other answer fails at once.
	 */
	private Started start() {
		long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		for (;;) {
			Started body = client().post()
				.uri("/api/v1/auth/scan-sessions")
				.exchange()
				.expectBody(Started.class)
				.returnResult()
				.getResponseBody();
			if (body != null && "WECHAT_TIMEOUT".equals(body.code()) && System.nanoTime() < deadline) {
				sleep(Duration.ofSeconds(1));
				continue;
			}
			assertThat(body).isNotNull();
			assertThat(new Object[] { body.id(), body.scene(), body.secret(), body.expiresAt(), body.qrImage() })
				.as("id, scene, secret, expiresAt, qrImage of %s", body)
				.doesNotContainNull();
			return body;
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private State poll(Started started) {
		return pollWaiting(started, 0);
	}

	private State pollWaiting(Started started, int wait) {
		return read(client().get()
			.uri("/api/v1/auth/scan-sessions/{id}?wait={wait}", started.id(), wait)
			.header("X-Scan-Secret", started.secret())
			.exchange(), 200, State.class);
	}

	private WebTestClient.ResponseSpec send(@Nullable TestUser user, String uri, Object body) {
		WebTestClient client = (user != null) ? as(user) : client();
		return client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	private <T> T post(@Nullable TestUser user, String uri, Object body, int status, Class<T> type) {
		return read(send(user, uri, body), status, type);
	}

	private void post(@Nullable TestUser user, String uri, Object body, int status) {
		send(user, uri, body).expectStatus().isEqualTo(status);
	}

	private <T> T get(String token, String uri, Class<T> type) {
		return read(client().get().uri(uri).header("Authorization", "Bearer " + token).exchange(), 200, type);
	}

	private List<PcSession> sessions(String token, String uri) {
		return get(token, uri, PcSessions.class).items();
	}

	private static <T> T read(WebTestClient.ResponseSpec response, int status, Class<T> type) {
		T body = response.expectStatus().isEqualTo(status).expectBody(type).returnResult().getResponseBody();
		assertThat(body).as("a %s", type.getSimpleName()).isNotNull();
		return body;
	}

	private static Problem problem(WebTestClient.ResponseSpec response, int status) {
		return read(response, status, Problem.class);
	}

	private static Map<String, Object> claims(String jwt) {
		String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
		return new tools.jackson.databind.json.JsonMapper().readValue(payload, Map.class);
	}

	private static List<String> auditEvents(long userId) {
		try (Connection connection = Identities.connect();
				PreparedStatement select = connection
					.prepareStatement("SELECT event FROM identity_audit WHERE subject_user_id = ? ORDER BY id")) {
			select.setLong(1, userId);
			try (var rows = select.executeQuery()) {
				List<String> events = new java.util.ArrayList<>();
				while (rows.next()) {
					events.add(rows.getString(1));
				}
				return events;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The answer of {@code POST /auth/scan-sessions} (or the problem of a retry). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Started(@Nullable String id, @Nullable String scene, @Nullable String secret, @Nullable String expiresAt,
			@Nullable String qrImage, @Nullable String code) {
	}

	/** A poll's or a decision's answer; {@code tokens} only once, after CONFIRMED. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record State(String status, @Nullable Tokens tokens) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Scanned(String status, @Nullable String userAgent) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record PcSession(long id, long userId, boolean current, @Nullable String revokedAt) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record PcSessions(List<PcSession> items) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record CityMonth(String month) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record CountyRows(List<CountyRow> items) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record CountyRow(long orgId) {
	}

}
