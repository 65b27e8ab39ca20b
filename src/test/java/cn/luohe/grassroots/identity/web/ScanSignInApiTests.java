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
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.Responses.RoleBinding;
import cn.luohe.grassroots.support.Responses.Tokens;
import cn.luohe.grassroots.support.TestUser;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Responses.read;
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
		Map<String, Object> started = start();

		assertThat((String) started.get("qrImage")).startsWith("data:image/png;base64,");
		byte[] image = Base64.getDecoder().decode(((String) started.get("qrImage")).substring(22));
		assertThat(image).isEqualTo(FakeWeChat.CODE_PNG);
		String scene = (String) started.get("scene");
		assertThat(scene).matches("[A-Za-z0-9_-]{22}");
		assertThat(FakeWeChat.get().codeScenes()).contains(scene);
		assertThat(started.get("id")).isNotEqualTo(scene);
		// two minutes on the business clock
		assertThat(java.time.OffsetDateTime.parse((String) started.get("expiresAt")).toInstant())
			.isEqualTo(this.clock.now().plus(Duration.ofMinutes(2)));
		assertThat(poll(started).get("status")).isEqualTo("WAITING");
		assertThat(poll(started)).doesNotContainKey("tokens");
	}

	@Test
	void shouldSignTheBrowserInOnceWithTheConfirmingUsersTokens() {
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		Map<String, Object> started = start();
		String scene = (String) started.get("scene");

		Map<String, Object> scanned = post(leader, "/api/v1/auth/scan-sessions/scan", Map.of("scene", scene), 200);
		assertThat(scanned).containsEntry("status", "SCANNED");
		assertThat(scanned).containsKey("userAgent");
		assertThat(poll(started).get("status")).isEqualTo("SCANNED");

		assertThat(post(leader, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", scene, "accept", true), 200))
			.containsEntry("status", "CONFIRMED");
		Map<String, Object> first = poll(started);
		assertThat(first.get("status")).isEqualTo("CONFIRMED");
		Tokens tokens = read(first.get("tokens"), Tokens.class);
		assertThat(tokens.accessToken()).isNotBlank();
		assertThat(tokens.refreshToken()).isNotBlank();
		assertThat(tokens.expiresIn()).isEqualTo(7200);

		// the browser acts as the leader, marked as a browser session
		String browser = tokens.accessToken();
		Map<String, Object> claims = claims(browser);
		assertThat(claims).containsEntry("sub", Long.toString(leader.id())).containsEntry("client", "browser");
		assertThat(claims).containsKeys("sid", "bids");
		assertThat(get(browser, "/api/v1/me").get("id")).isEqualTo((int) leader.id());
		assertThat(get(browser, "/api/v1/dashboards/city").get("month")).isEqualTo("2026-12");

		// single use: a replayed poll and a second decision get no tokens
		assertThat(poll(started)).containsEntry("status", "CONFIRMED").doesNotContainKey("tokens");
		assertThat(post(leader, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", scene, "accept", true), 409))
			.containsEntry("code", "SCAN_SESSION_DECIDED");

		// listed as the leader's current browser session, audited
		Map<String, Object> mine = get(browser, "/api/v1/me/pc-sessions");
		assertThat(items(mine)).hasSize(1);
		assertThat(items(mine).get(0)).containsEntry("current", true).containsEntry("userId", (int) leader.id());
		assertThat(auditEvents(leader.id())).contains("SCAN_SIGN_IN_CONFIRMED", "PC_SIGN_IN");
	}

	@Test
	void shouldAnswerALongPollWithinASecondOfTheDecision() throws Exception {
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		Map<String, Object> started = start();
		CompletableFuture<long[]> waiting = CompletableFuture.supplyAsync(() -> {
			Map<String, Object> answer = pollWaiting(started, 20);
			return new long[] { System.nanoTime(), "CONFIRMED".equals(answer.get("status")) ? 1 : 0,
					answer.containsKey("tokens") ? 1 : 0 };
		});
		Thread.sleep(500);
		post(leader, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", started.get("scene"), "accept", true), 200);
		long decided = System.nanoTime();

		long[] answered = waiting.get(10, TimeUnit.SECONDS);
		assertThat(answered[1]).isEqualTo(1);
		assertThat(answered[2]).isEqualTo(1);
		assertThat(Duration.ofNanos(answered[0] - decided)).isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void shouldTellTheBrowserADeclineAndHandOutNothing() {
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		Map<String, Object> started = start();
		String scene = (String) started.get("scene");
		post(leader, "/api/v1/auth/scan-sessions/scan", Map.of("scene", scene), 200);

		assertThat(post(leader, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", scene, "accept", false), 200))
			.containsEntry("status", "DECLINED");
		assertThat(poll(started)).containsEntry("status", "DECLINED").doesNotContainKey("tokens");
		assertThat(post(leader, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", scene, "accept", true), 409))
			.containsEntry("code", "SCAN_SESSION_DECIDED");
		assertThat(poll(started)).containsEntry("status", "DECLINED").doesNotContainKey("tokens");
		assertThat(auditEvents(leader.id())).contains("SCAN_SIGN_IN_DECLINED").doesNotContain("PC_SIGN_IN");
	}

	@Test
	void shouldExpireAnAttemptAfterTwoMinutes() {
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		Map<String, Object> started = start();
		String scene = (String) started.get("scene");
		// the business clock is fixed: move the attempt's end to just before it instead
		execute("UPDATE scan_session SET expires_at = ?::timestamptz - interval '1 second' WHERE id = ?",
				this.clock.now().toString(), (String) started.get("id"));

		assertThat(poll(started)).containsEntry("status", "EXPIRED").doesNotContainKey("tokens");
		assertThat(post(leader, "/api/v1/auth/scan-sessions/scan", Map.of("scene", scene), 409)).containsEntry("code",
				"SCAN_SESSION_EXPIRED");
		assertThat(post(leader, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", scene, "accept", true), 409))
			.containsEntry("code", "SCAN_SESSION_EXPIRED");
		assertThat(poll(started)).containsEntry("status", "EXPIRED").doesNotContainKey("tokens");
	}

	@Test
	void shouldNotAnswerAnotherBrowserThatKnowsTheSceneOrTheId() {
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		Map<String, Object> started = start();
		String id = (String) started.get("id");
		post(leader, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", started.get("scene"), "accept", true), 200);

		// the scene is visible in the code; the id and secret are not: neither opens it
		for (String[] attempt : new String[][] { { id, "guessed-secret" }, { (String) started.get("scene"), "x" },
				{ id, ((String) started.get("secret")).substring(1) } }) {
			assertThat(problem(client().get()
				.uri("/api/v1/auth/scan-sessions/{id}", attempt[0])
				.header("X-Scan-Secret", attempt[1])
				.exchange(), 404)).containsEntry("code", "NOT_FOUND");
		}
		assertThat(problem(client().get().uri("/api/v1/auth/scan-sessions/{id}", id).exchange(), 400))
			.containsEntry("code", "VALIDATION_FAILED");
		// the browser holding the secret still gets its tokens, once
		assertThat(poll(started)).containsKey("tokens");
	}

	@Test
	void shouldRefuseAUserWithoutRolesAndABrowserConfirmingAnother() {
		TestUser nobody = identities().newUser("没有角色");
		Map<String, Object> started = start();
		assertThat(post(nobody, "/api/v1/auth/scan-sessions/confirm",
				Map.of("scene", started.get("scene"), "accept", true), 403))
			.containsEntry("code", "FORBIDDEN_ROLE");

		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		TestUser browser = signInBrowser(leader);
		assertThat(post(browser, "/api/v1/auth/scan-sessions/confirm",
				Map.of("scene", started.get("scene"), "accept", true), 403))
			.containsEntry("code", "FORBIDDEN_ROLE");
		assertThat(poll(started)).containsEntry("status", "WAITING");
	}

	@Test
	void shouldRefuseAnotherUserDecidingWhatOneScanned() {
		TestUser first = identities().withRole(Role.CITY_LEADER, "4111");
		TestUser second = identities().withRole(Role.CITY_LEADER, "4111");
		Map<String, Object> started = start();
		post(first, "/api/v1/auth/scan-sessions/scan", Map.of("scene", started.get("scene")), 200);

		assertThat(post(second, "/api/v1/auth/scan-sessions/confirm",
				Map.of("scene", started.get("scene"), "accept", true), 409))
			.containsEntry("code", "SCAN_SESSION_DECIDED");
		assertThat(post(first, "/api/v1/auth/scan-sessions/scan", Map.of("scene", "unknown-scene"), 404))
			.containsEntry("code", "NOT_FOUND");
	}

	@Test
	void shouldKeepTheBrowserToTheBindingsConfirmedWith() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, "411102");
		TestUser browser = signInBrowser(secretary);
		identities().grant(secretary, Role.CITY_LEADER, "4111", null);

		// the phone has the new role at once; the browser signed in before it does not
		get(secretary.token(), "/api/v1/dashboards/city");
		assertThat(problem(as(browser).get().uri("/api/v1/dashboards/city").exchange(), 403)).containsEntry("code",
				"FORBIDDEN_ROLE");
		assertThat(items(get(browser.token(), "/api/v1/dashboards/counties"))).hasSize(1);
		// and it says so: its own roles are those it was confirmed with
		assertThat(get(browser.token(), "/api/v1/me").get("roles")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.singleElement()
			.satisfies(role -> assertThat(read(role, RoleBinding.class).role()).isEqualTo("COUNTY_SECRETARY"));
		assertThat(get(secretary.token(), "/api/v1/me").get("roles")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.hasSize(2);
	}

	@Test
	void shouldOpenTheBrowsersFeedWithTheBindingsConfirmedWith() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, TestFeed.LINYING);
		TestUser browser = signInBrowser(secretary);
		identities().grant(secretary, Role.CITY_LEADER, "4111", null);
		TestFeed feed = new TestFeed(this.context);

		// the phone's ticket carries the city role granted since: it may narrow to 舞阳县
		String phone = (String) TestFeed.ticket(as(secretary)).get("ticket");
		try (SseProbe stream = SseProbe.open(this.port,
				"/api/v1/feed/stream?ticket=" + phone + "&orgId=" + feed.org(TestFeed.WUYANG).id(), null, null)) {
			String wuyang = feed.append(TestFeed.WUYANG_VILLAGE, "舞阳");
			assertThat(SseProbe.summary(stream.next())).isEqualTo(wuyang);
		}
		// the browser's ticket carries only its county: an event of another county
		// first, were it let through it would arrive first
		String ticket = (String) TestFeed.ticket(as(browser)).get("ticket");
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
		Map<String, Object> refreshed = post(null, "/api/v1/auth/refresh",
				Map.of("refreshToken", tokens.refreshToken()), 200);
		String renewed = (String) refreshed.get("accessToken");
		assertThat(((Number) claims(renewed).get("sid")).longValue()).isEqualTo(sessionId);

		// another user cannot revoke it, the leader can
		TestUser other = identities().withRole(Role.CITY_LEADER, "4111");
		problem(as(other).delete().uri("/api/v1/me/pc-sessions/{id}", sessionId).exchange(), 404);
		problem(as(other).delete().uri("/api/v1/auth/pc-sessions/{id}", sessionId).exchange(), 403);
		as(leader).delete().uri("/api/v1/me/pc-sessions/{id}", sessionId).exchange().expectStatus().isNoContent();

		for (String token : List.of(access, renewed)) {
			problem(client().get().uri("/api/v1/me").header("Authorization", "Bearer " + token).exchange(), 401);
		}
		assertThat(post(null, "/api/v1/auth/refresh", Map.of("refreshToken", refreshed.get("refreshToken")), 401))
			.containsEntry("code", "UNAUTHENTICATED");
		assertThat(items(get(leader.token(), "/api/v1/me/pc-sessions")).get(0)).containsEntry("current", false)
			.containsKey("revokedAt");
		assertThat(items(get(leader.token(), "/api/v1/me/pc-sessions")).get(0).get("revokedAt")).isNotNull();

		// an admin lists and revokes anyone's
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		Tokens second = signInBrowserTokens(leader);
		long secondId = ((Number) claims(second.accessToken()).get("sid")).longValue();
		assertThat(items(get(admin.token(), "/api/v1/auth/pc-sessions?userId=" + leader.id())))
			.extracting(item -> ((Number) item.get("id")).longValue())
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
		assertThat(post(leader, "/api/v1/auth/scan-sessions/scan", Map.of("scene", "no-such-scene"), 429))
			.containsEntry("code", "RATE_LIMITED");
	}

	@Test
	void shouldRefuseAMalformedScene() {
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		assertThat(post(leader, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", "a b", "accept", true), 400))
			.containsEntry("code", "VALIDATION_FAILED");
		assertThat(post(leader, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", "abc"), 400))
			.containsEntry("code", "VALIDATION_FAILED");
	}

	// ---- helpers ----

	/** Signs a browser in for {@code user} (start, confirm, collect) and acts as it. */
	private TestUser signInBrowser(TestUser user) {
		return new TestUser(user.id(), user.displayName(), signInBrowserTokens(user).accessToken());
	}

	private Tokens signInBrowserTokens(TestUser user) {
		Map<String, Object> started = start();
		post(user, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", started.get("scene"), "accept", true), 200);
		return read(poll(started).get("tokens"), Tokens.class);
	}

	/**
	 * Starts an attempt. The first WeChat call of a cold JVM fetches WxJava's access
	 * token under a Redis lock; on a loaded machine it can pass the tests' 2 s WeChat
	 * timeout, and the interrupted fetch leaves WxJava's lock to expire before the next
	 * fetch can run. A 504 WECHAT_TIMEOUT is tried again for up to a minute, as the page
	 * itself retries; any other answer fails at once.
	 */
	@SuppressWarnings("unchecked")
	private Map<String, Object> start() {
		long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		for (;;) {
			Map<String, Object> body = client().post()
				.uri("/api/v1/auth/scan-sessions")
				.exchange()
				.expectBody(Map.class)
				.returnResult()
				.getResponseBody();
			if (body != null && "WECHAT_TIMEOUT".equals(body.get("code")) && System.nanoTime() < deadline) {
				sleep(Duration.ofSeconds(1));
				continue;
			}
			assertThat(body).containsKeys("id", "scene", "secret", "expiresAt", "qrImage");
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

	private Map<String, Object> poll(Map<String, Object> started) {
		return pollWaiting(started, 0);
	}

	private Map<String, Object> pollWaiting(Map<String, Object> started, int wait) {
		return body(client().get()
			.uri("/api/v1/auth/scan-sessions/{id}?wait={wait}", started.get("id"), wait)
			.header("X-Scan-Secret", (String) started.get("secret"))
			.exchange(), 200);
	}

	private Map<String, Object> post(TestUser user, String uri, Object body, int status) {
		WebTestClient client = (user != null) ? as(user) : client();
		return body(client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange(), status);
	}

	private Map<String, Object> get(String token, String uri) {
		return body(client().get().uri(uri).header("Authorization", "Bearer " + token).exchange(), 200);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> items(Map<String, Object> page) {
		return (List<Map<String, Object>>) page.get("items");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> body(WebTestClient.ResponseSpec response, int status) {
		return response.expectStatus().isEqualTo(status).expectBody(Map.class).returnResult().getResponseBody();
	}

	private static Map<String, Object> problem(WebTestClient.ResponseSpec response, int status) {
		return body(response, status);
	}

	@SuppressWarnings("unchecked")
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

	private static void execute(String sql, String... values) {
		try (Connection connection = Identities.connect();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < values.length; i++) {
				statement.setString(i + 1, values[i]);
			}
			statement.executeUpdate();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
