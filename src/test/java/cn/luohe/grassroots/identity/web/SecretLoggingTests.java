package cn.luohe.grassroots.identity.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.FakeWeChat;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.Responses.Session;
import cn.luohe.grassroots.support.Responses.Tokens;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Captures everything the service logs (at production levels, with its own packages at
 * DEBUG) while a user logs in, binds a phone, refreshes and fails in the usual ways, and
 * checks that no secret of those exchanges appears.
 */
class SecretLoggingTests extends ApiTest {

	private static final Map<String, Level> LEVELS = Map.of(Logger.ROOT_LOGGER_NAME, Level.INFO, "cn.luohe.grassroots",
			Level.DEBUG);

	private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

	private final Map<String, Level> previousLevels = new HashMap<>();

	@BeforeEach
	void capture() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		LEVELS.forEach((name, level) -> {
			Logger logger = context.getLogger(name);
			this.previousLevels.put(name, logger.getLevel());
			logger.setLevel(level);
		});
		this.captured.start();
		context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(this.captured);
	}

	@AfterEach
	void release() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this.captured);
		this.captured.stop();
		this.previousLevels.forEach((name, level) -> context.getLogger(name).setLevel(level));
	}

	@Test
	void shouldLogNoTokenOpenidSessionKeyPhoneOrCode() {
		FakeWeChat wechat = FakeWeChat.get();
		String openid = "openid-" + UUID.randomUUID();
		String sessionKey = "session-key-" + UUID.randomUUID();
		String loginCode = FakeWeChat.newCode();
		String refusedCode = FakeWeChat.newCode();
		String brokenCode = FakeWeChat.newCode();
		String phoneCode = "phone-" + UUID.randomUUID();
		String phone = "13" + String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits())).substring(0, 9);
		wechat.login(loginCode, openid, sessionKey);
		wechat.loginFails(refusedCode, 40029);
		wechat.loginAnswersStatus(brokenCode, 500);
		wechat.phone(phoneCode, phone);

		Session session = client().post()
			.uri("/api/v1/auth/wechat-login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("code", loginCode))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Session.class)
			.returnResult()
			.getResponseBody();
		String accessToken = session.accessToken();
		String refreshToken = session.refreshToken();
		long userId = session.user().id();

		client().post()
			.uri("/api/v1/me/phone")
			.header("Authorization", "Bearer " + accessToken)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("code", phoneCode))
			.exchange()
			.expectStatus()
			.isOk();
		Tokens refreshed = client().post()
			.uri("/api/v1/auth/refresh")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("refreshToken", refreshToken))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Tokens.class)
			.returnResult()
			.getResponseBody();
		// the usual failures: a refused code, WeChat in trouble, a reused refresh token
		for (Map.Entry<String, Integer> failure : Map.of(refusedCode, 401, brokenCode, 502).entrySet()) {
			client().post()
				.uri("/api/v1/auth/wechat-login")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("code", failure.getKey()))
				.exchange()
				.expectStatus()
				.isEqualTo(failure.getValue());
		}
		client().post()
			.uri("/api/v1/auth/refresh")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("refreshToken", refreshToken))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		TestUser owner = new TestUser(userId, "owner", refreshed.accessToken());
		identities().grant(owner, Role.CADRE, "411121", null);
		as(identities().withRole(Role.COUNTY_SECRETARY, "411121")).get()
			.uri("/api/v1/users?orgId={org}", Identities.orgId("411121"))
			.exchange()
			.expectStatus()
			.isOk();

		List<String> lines = lines();
		assertThat(lines).as("the capture works").anySatisfy(line -> assertThat(line).contains("WeChat"));
		List<String> secrets = List.of(accessToken, refreshToken, refreshed.accessToken(), refreshed.refreshToken(),
				openid, sessionKey, loginCode, refusedCode, brokenCode, phoneCode, phone, phone.substring(3),
				FakeWeChat.SECRET, FakeWeChat.ACCESS_TOKEN);
		assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain(secrets));
	}

	private List<String> lines() {
		List<String> lines = new ArrayList<>();
		synchronized (this.captured) {
			for (ILoggingEvent event : this.captured.list) {
				StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
					.append(event.getFormattedMessage());
				if (event.getThrowableProxy() != null) {
					line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
				}
				line.append(' ').append(event.getMDCPropertyMap());
				if (event.getKeyValuePairs() != null) {
					line.append(' ').append(event.getKeyValuePairs());
				}
				lines.add(line.toString());
			}
		}
		return lines;
	}

}
