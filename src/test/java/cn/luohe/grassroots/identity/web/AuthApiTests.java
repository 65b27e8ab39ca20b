package cn.luohe.grassroots.identity.web;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.spec.SecretKeySpec;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.FakeWeChat;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.Responses.Me;
import cn.luohe.grassroots.support.Responses.Session;
import cn.luohe.grassroots.support.TestUser;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login, refresh, profile and phone against the fake WeChat, through the real WxJava
 * client.
 */
class AuthApiTests extends ApiTest {

	@org.springframework.beans.factory.annotation.Autowired
	cn.luohe.grassroots.common.time.BusinessClock businessClock;

	private static final FakeWeChat wechat = FakeWeChat.get();

	@Autowired
	private JwtEncoder jwtEncoder;

	@Test
	void shouldCreateTheUserOnFirstLoginAndFindThemOnTheNext() {
		String openid = "openid-" + UUID.randomUUID();
		String first = FakeWeChat.newCode();
		String second = FakeWeChat.newCode();
		wechat.login(first, openid, "sk-1");
		wechat.login(second, openid, "sk-2");

		Session one = login(first).expectStatus().isOk().expectBody(Session.class).returnResult().getResponseBody();
		Session two = login(second).expectStatus().isOk().expectBody(Session.class).returnResult().getResponseBody();

		assertThat(one.user().id()).isEqualTo(two.user().id());
		assertThat(one.user().displayName()).isEqualTo("微信用户");
		assertThat(one.user().roles()).isEqualTo(List.of());
		assertThat(one.user().phone()).isNull();
		assertThat(one.expiresIn()).isEqualTo(7200);
		assertThat(one.refreshToken()).isNotEqualTo(two.refreshToken());
		assertThat(wechat.loginCalls(first)).isEqualTo(1);
		client().get()
			.uri("/api/v1/me")
			.header("Authorization", "Bearer " + one.accessToken())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(one.user().id());
	}

	@Test
	void shouldMakeTheBootstrapAdminCityAdmin() {
		String code = FakeWeChat.newCode();
		wechat.login(code, "bootstrap-admin", "sk-admin");

		Session body = login(code).expectStatus().isOk().expectBody(Session.class).returnResult().getResponseBody();

		assertThat(body.user().roles()).anySatisfy(role -> {
			assertThat(role.role()).isEqualTo("CITY_ADMIN");
			assertThat(role.orgId()).isEqualTo(Identities.orgId("4111"));
		});
	}

	@Test
	void shouldAnswer401ForAnInvalidCodeAndAuditItWithoutTheCode() throws SQLException {
		String code = FakeWeChat.newCode();
		wechat.loginFails(code, 40029);
		long before = lastAuditId();

		expectProblem(login(code), 401, "WECHAT_CODE_INVALID");

		assertThat(auditSince(before)).contains("LOGIN_FAILED WECHAT_CODE_INVALID");
		assertThat(auditSince(before)).noneSatisfy(line -> assertThat(line).contains(code));
	}

	@Test
	void shouldAnswer429WhenWeChatRateLimits() {
		String code = FakeWeChat.newCode();
		wechat.loginFails(code, 45011);

		expectProblem(login(code), 429, "WECHAT_RATE_LIMITED");
	}

	@Test
	void shouldAnswer504WhenWeChatDoesNotAnswerInTime() {
		String code = FakeWeChat.newCode();
		wechat.login(code, okJson("{\"openid\":\"late\",\"session_key\":\"late\"}").withFixedDelay(4_000));

		expectProblem(login(code), 504, "WECHAT_TIMEOUT");
	}

	@Test
	void shouldAnswer502WhenWeChatFails() {
		String code = FakeWeChat.newCode();
		wechat.loginAnswersStatus(code, 500);

		expectProblem(login(code), 502, "WECHAT_UPSTREAM_ERROR");
	}

	@Test
	void shouldRefuseOversizedOrMalformedCodesWithoutAskingWeChat() {
		String tooLong = "c".repeat(129);
		String injected = "abc&appid=other";

		expectProblem(login(tooLong), 400, "VALIDATION_FAILED").jsonPath("$.errors[0].field").isEqualTo("code");
		expectProblem(login(injected), 400, "VALIDATION_FAILED");
		expectProblem(login(""), 400, "VALIDATION_FAILED");

		assertThat(wechat.loginCalls(tooLong)).isZero();
		assertThat(wechat.loginCalls(injected)).isZero();
	}

	@Test
	void shouldRotateRefreshTokensAndRevokeTheFamilyWhenAnOldOneComesBack() throws SQLException {
		String code = FakeWeChat.newCode();
		wechat.login(code, "openid-" + UUID.randomUUID(), "sk");
		Session session = login(code).expectStatus().isOk().expectBody(Session.class).returnResult().getResponseBody();
		String first = session.refreshToken();

		Session rotated = refresh(first).expectStatus()
			.isOk()
			.expectBody(Session.class)
			.returnResult()
			.getResponseBody();
		String second = rotated.refreshToken();
		assertThat(second).isNotEqualTo(first);
		assertThat(rotated.user().id()).isEqualTo(session.user().id());
		client().get()
			.uri("/api/v1/me")
			.header("Authorization", "Bearer " + rotated.accessToken())
			.exchange()
			.expectStatus()
			.isOk();

		long before = lastAuditId();
		expectProblem(refresh(first), 401, "UNAUTHENTICATED");
		// the reuse gave the chain away: the current token dies with it
		expectProblem(refresh(second), 401, "UNAUTHENTICATED");
		assertThat(auditSince(before)).contains("REFRESH_TOKEN_REUSED null");
	}

	@Test
	void shouldRefreshEvenWhenTheClientSendsItsExpiredAccessToken() {
		TestUser user = identities().newUser("stale header");
		String code = FakeWeChat.newCode();
		wechat.login(code, "openid-" + UUID.randomUUID(), "sk");
		String refreshToken = login(code).expectStatus()
			.isOk()
			.expectBody(Session.class)
			.returnResult()
			.getResponseBody()
			.refreshToken();

		client().post()
			.uri("/api/v1/auth/refresh")
			.header("Authorization", "Bearer " + expiredToken(user.id()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("refreshToken", refreshToken))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void shouldAnswer401ProblemsForMissingExpiredOrTamperedTokens() {
		TestUser user = identities().newUser("token holder");
		String token = user.token();
		// the signature's first character: its last one carries two padding bits that
		// decoders ignore, so changing it may leave the signature valid
		int signatureStart = token.lastIndexOf('.') + 1;
		char first = token.charAt(signatureStart);
		String tampered = token.substring(0, signatureStart) + ((first == 'A') ? 'B' : 'A')
				+ token.substring(signatureStart + 1);
		String[] payloadSwap = token.split("\\.");
		String otherPayload = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(
					("{\"iss\":\"grassroots\",\"sub\":\"1\",\"exp\":" + (Instant.now().getEpochSecond() + 3600) + "}")
						.getBytes(StandardCharsets.UTF_8));
		String forgedSubject = payloadSwap[0] + "." + otherPayload + "." + payloadSwap[2];

		expectProblem(client().get().uri("/api/v1/me").exchange(), 401, "UNAUTHENTICATED");
		for (String bad : List.of(expiredToken(user.id()), tampered, forgedSubject, signedWithAnotherKey(user.id()),
				issuedBy("someone-else", user.id()), issuedBy("https://grassroots", user.id()), "not-a-jwt")) {
			expectProblem(client().get().uri("/api/v1/me").header("Authorization", "Bearer " + bad).exchange(), 401,
					"UNAUTHENTICATED");
		}
		expectProblem(client().get().uri("/api/v1/me").header("Authorization", "Basic dXNlcjpwYXNz").exchange(), 401,
				"UNAUTHENTICATED");
		as(user).get().uri("/api/v1/me").exchange().expectStatus().isOk();
	}

	@Test
	void shouldBindThePhoneAndShowItUnmaskedOnlyToItsOwner() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, "411121");
		TestUser cadre = identities().wechatLogin("openid-" + UUID.randomUUID());
		identities().grant(cadre, Role.CADRE, "411121", null);
		String code = "phone-" + UUID.randomUUID();
		wechat.phone(code, "13912345678");

		as(cadre).post()
			.uri("/api/v1/me/phone")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("code", code))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.phone")
			.isEqualTo("13912345678");
		as(cadre).get().uri("/api/v1/me").exchange().expectBody().jsonPath("$.phone").isEqualTo("13912345678");

		assertThat(UserPages.find(as(secretary), Identities.orgId("411121"), cadre.id())).isNotNull()
			.extracting(Me::phone)
			.isEqualTo("139****5678");
	}

	@Test
	void shouldAnswer401ForAnInvalidPhoneCode() {
		TestUser user = identities().newUser("phone less");
		String code = "phone-" + UUID.randomUUID();
		wechat.phoneFails(code, 40029);

		expectProblem(as(user).post()
			.uri("/api/v1/me/phone")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("code", code))
			.exchange(), 401, "WECHAT_CODE_INVALID");
	}

	private WebTestClient.ResponseSpec login(String code) {
		return client().post()
			.uri("/api/v1/auth/wechat-login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("code", code))
			.exchange();
	}

	private WebTestClient.ResponseSpec refresh(String refreshToken) {
		return client().post()
			.uri("/api/v1/auth/refresh")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("refreshToken", refreshToken))
			.exchange();
	}

	/** Signed with the service's own key, valid now, from another issuer. */
	private String issuedBy(String issuer, long userId) {
		return signed(issuer, this.businessClock.now(), Duration.ofHours(1), userId);
	}

	private String expiredToken(long userId) {
		// the shared test context runs on a fixed business clock (app.clock)
		return signed("grassroots", this.businessClock.now().minus(3, ChronoUnit.HOURS), Duration.ofHours(2), userId);
	}

	/** Signed with the service's own key. */
	private String signed(String issuer, Instant issuedAt, Duration lifetime, long userId) {
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(issuer)
			.subject(Long.toString(userId))
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plus(lifetime))
			.build();
		return this.jwtEncoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
	}

	private static String signedWithAnotherKey(long userId) {
		JwtEncoder other = new NimbusJwtEncoder(new ImmutableSecret<>(new SecretKeySpec(
				"another-secret-that-is-long-enough-for-hs256".getBytes(StandardCharsets.UTF_8), "HmacSHA256")));
		Instant now = Instant.now();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer("grassroots")
			.subject(Long.toString(userId))
			.issuedAt(now)
			.expiresAt(now.plus(1, ChronoUnit.HOURS))
			.build();
		return other.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
	}

	static long lastAuditId() throws SQLException {
		try (Connection connection = Identities.connect();
				PreparedStatement select = connection
					.prepareStatement("SELECT coalesce(max(id), 0) FROM identity_audit");
				ResultSet rows = select.executeQuery()) {
			rows.next();
			return rows.getLong(1);
		}
	}

	/** "EVENT detail" lines of the audit entries after {@code afterId}. */
	static List<String> auditSince(long afterId) throws SQLException {
		try (Connection connection = Identities.connect();
				PreparedStatement select = connection
					.prepareStatement("SELECT event, detail FROM identity_audit WHERE id > ? ORDER BY id")) {
			select.setLong(1, afterId);
			List<String> lines = new ArrayList<>();
			try (ResultSet rows = select.executeQuery()) {
				while (rows.next()) {
					lines.add(rows.getString(1) + " " + rows.getString(2));
				}
			}
			return lines;
		}
	}

}
