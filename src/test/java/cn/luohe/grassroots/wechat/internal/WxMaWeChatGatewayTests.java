package cn.luohe.grassroots.wechat.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.config.EmbeddedServers;
import cn.luohe.grassroots.wechat.api.WeChatGateway;
import cn.luohe.grassroots.wechat.api.WeChatSession;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.awaitility.Awaitility;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real WxJava client against a fake {@code api.weixin.qq.com} (WireMock on loopback)
 * and a real Redis holding the access token.
 */
class WxMaWeChatGatewayTests {

	static final String APPID = "wx-test-app";

	static final String TOKEN_KEY = WeChatConfiguration.KEY_PREFIX + ":access_token:" + APPID;

	@TempDir
	static Path dataDir;

	static EmbeddedServers servers;

	static LettuceConnectionFactory connectionFactory;

	static StringRedisTemplate redis;

	static WireMockServer wechat;

	private @Nullable WeChatGateway gateway;

	@BeforeAll
	static void startServers() {
		servers = EmbeddedServers.start(dataDir, false, true, false);
		URI redisUrl = URI.create(servers.redisUrl());
		connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redisUrl.getHost(), redisUrl.getPort()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		redis = new StringRedisTemplate(connectionFactory);
		wechat = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		wechat.start();
	}

	@AfterAll
	static void stopServers() {
		wechat.stop();
		connectionFactory.destroy();
		servers.close();
	}

	@BeforeEach
	void reset() {
		wechat.resetAll();
		redis.delete(redis.keys(WeChatConfiguration.KEY_PREFIX + ":*"));
	}

	@AfterEach
	void closeGateway() throws Exception {
		if (this.gateway instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

	@Test
	void shouldExchangeCodeAndKeepTheStableTokenInRedis() {
		stubToken();
		wechat.stubFor(code2Session("good-code")
			.willReturn(okJson("{\"openid\":\"o1\",\"session_key\":\"sk1\",\"unionid\":\"u1\"}")));

		StepVerifier.create(gateway().exchangeCode("good-code"))
			.expectNext(new WeChatSession("o1", "u1", "sk1"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));

		assertThat(redis.opsForValue().get(TOKEN_KEY)).isEqualTo("T1");
		// expires_in 7200 minus WxJava's 200 s head start
		assertThat(redis.getExpire(TOKEN_KEY, TimeUnit.SECONDS)).isBetween(6900L, 7000L);
		wechat.verify(1,
				postRequestedFor(urlPathEqualTo("/cgi-bin/stable_token"))
					.withRequestBody(equalToJson("{\"grant_type\":\"client_credential\",\"appid\":\"" + APPID
							+ "\",\"secret\":\"s3cret\",\"force_refresh\":false}")));
		wechat.verify(1, getRequestedFor(urlPathEqualTo("/sns/jscode2session")).withQueryParam("appid", equalTo(APPID))
			.withQueryParam("secret", equalTo("s3cret")));
	}

	@Test
	void shouldReuseTheTokenFromRedis() {
		stubToken();
		wechat.stubFor(code2Session("code-a").willReturn(okJson("{\"openid\":\"o1\",\"session_key\":\"sk1\"}")));
		wechat.stubFor(code2Session("code-b").willReturn(okJson("{\"openid\":\"o2\",\"session_key\":\"sk2\"}")));

		StepVerifier.create(gateway().exchangeCode("code-a").then(this.gateway.exchangeCode("code-b")))
			.expectNext(new WeChatSession("o2", null, "sk2"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));

		wechat.verify(1, postRequestedFor(urlPathEqualTo("/cgi-bin/stable_token")));
	}

	@Test
	void shouldAnswerTheMiniProgramCodesBytes() {
		stubToken();
		byte[] png = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };
		wechat.stubFor(post(urlPathEqualTo("/wxa/getwxacodeunlimit")).withQueryParam("access_token", equalTo("T1"))
			.willReturn(aResponse().withHeader("Content-Type", "image/png").withBody(png)));

		StepVerifier.create(gateway().miniProgramCode("AbC_d-09", "pages/scan/index", "trial"))
			.assertNext(bytes -> assertThat(bytes).isEqualTo(png))
			.expectComplete()
			.verify(Duration.ofSeconds(5));

		wechat.verify(1,
				postRequestedFor(urlPathEqualTo("/wxa/getwxacodeunlimit"))
					.withRequestBody(matchingJsonPath("$.scene", equalTo("AbC_d-09")))
					.withRequestBody(matchingJsonPath("$.page", equalTo("pages/scan/index")))
					.withRequestBody(matchingJsonPath("$.env_version", equalTo("trial")))
					.withRequestBody(matchingJsonPath("$.check_path", equalTo("false"))));
	}

	@Test
	void shouldAnswerAMiniProgramCodesJsonErrorAsAProblem() {
		stubToken();
		// a JSON body instead of an image: WeChat's way of refusing (here: quota)
		wechat.stubFor(post(urlPathEqualTo("/wxa/getwxacodeunlimit"))
			.willReturn(okJson("{\"errcode\":45009,\"errmsg\":\"reach max api daily quota limit\"}")));

		expectApiError(gateway().miniProgramCode("scene1", "pages/scan/index", "release"),
				HttpStatus.SERVICE_UNAVAILABLE, "WECHAT_UNAVAILABLE");
	}

	@Test
	void shouldRefuseASceneWeChatWouldNotTake() {
		StepVerifier.create(gateway().miniProgramCode("a".repeat(33), "p", "release"))
			.expectError(IllegalArgumentException.class)
			.verify(Duration.ofSeconds(5));
		wechat.verify(0, postRequestedFor(urlPathEqualTo("/wxa/getwxacodeunlimit")));
	}

	@Test
	void shouldAnswer401ForAnInvalidCode() {
		stubToken();
		wechat.stubFor(code2Session("used-code").willReturn(okJson("{\"errcode\":40029,\"errmsg\":\"invalid code\"}")));

		expectApiError(gateway().exchangeCode("used-code"), HttpStatus.UNAUTHORIZED, "WECHAT_CODE_INVALID");
	}

	@Test
	void shouldAnswer429WhenWeChatRateLimits() {
		stubToken();
		wechat.stubFor(code2Session("c").willReturn(okJson("{\"errcode\":45011,\"errmsg\":\"api minute-quota\"}")));

		expectApiError(gateway().exchangeCode("c"), HttpStatus.TOO_MANY_REQUESTS, "WECHAT_RATE_LIMITED");
	}

	@Test
	void shouldAnswer403ForABlockedUser() {
		stubToken();
		wechat.stubFor(code2Session("c").willReturn(okJson("{\"errcode\":40226,\"errmsg\":\"high risk\"}")));

		expectApiError(gateway().exchangeCode("c"), HttpStatus.FORBIDDEN, "WECHAT_USER_BLOCKED");
	}

	@Test
	void shouldAnswer503WhenStillBusyAfterOneRetry() {
		stubToken();
		wechat.stubFor(code2Session("c").willReturn(okJson("{\"errcode\":-1,\"errmsg\":\"system busy\"}")));

		expectApiError(gateway().exchangeCode("c"), HttpStatus.SERVICE_UNAVAILABLE, "WECHAT_UNAVAILABLE");
		wechat.verify(2, getRequestedFor(urlPathEqualTo("/sns/jscode2session")));
	}

	@Test
	void shouldAnswer503WhenTheTokenIsRefused() {
		wechat.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
			.willReturn(okJson("{\"errcode\":40013,\"errmsg\":\"invalid appid\"}")));

		expectApiError(gateway().exchangeCode("c"), HttpStatus.SERVICE_UNAVAILABLE, "WECHAT_UNAVAILABLE");
		wechat.verify(0, getRequestedFor(urlPathEqualTo("/sns/jscode2session")));
		assertThat(redis.hasKey(TOKEN_KEY)).isFalse();
	}

	@Test
	void shouldAnswer502WhenWeChatAnswersHttp500() {
		stubToken();
		wechat.stubFor(code2Session("c").willReturn(aResponse().withStatus(500).withBody("oops")));

		expectApiError(gateway().exchangeCode("c"), HttpStatus.BAD_GATEWAY, "WECHAT_UPSTREAM_ERROR");
	}

	@Test
	void shouldFailFastWhileWeChatKeepsFailingThenProbeAndClose() {
		stubToken();
		wechat.stubFor(code2Session("c").willReturn(aResponse().withStatus(500).withBody("oops")));
		WeChatGateway gateway = gateway(Duration.ofSeconds(5), new WeChatBreakerProperties(3, Duration.ofMillis(300)));

		for (int i = 0; i < 3; i++) {
			expectApiError(gateway.exchangeCode("c"), HttpStatus.BAD_GATEWAY, "WECHAT_UPSTREAM_ERROR");
		}
		assertThat(((WxMaWeChatGateway) gateway).breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
		// open: answered 503 without asking WeChat
		expectApiError(gateway.exchangeCode("c"), HttpStatus.SERVICE_UNAVAILABLE, "WECHAT_UNAVAILABLE");
		wechat.verify(3, getRequestedFor(urlPathEqualTo("/sns/jscode2session")));

		// WeChat is back: after openFor one call probes, and its success closes the
		// breaker
		wechat.stubFor(code2Session("c").willReturn(okJson("{\"openid\":\"o1\",\"session_key\":\"sk1\"}")));
		// calls keep failing fast until openFor has passed; then the probe goes through
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> Boolean.TRUE.equals(
					gateway.exchangeCode("c").map(session -> true).onErrorReturn(false).block(Duration.ofSeconds(5))));
		assertThat(((WxMaWeChatGateway) gateway).breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
		StepVerifier.create(gateway.exchangeCode("c"))
			.assertNext(session -> assertThat(session.openid()).isEqualTo("o1"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void shouldNotCountWeChatsDeliberateRefusalsAsAnOutage() {
		stubToken();
		wechat.stubFor(code2Session("bad").willReturn(okJson("{\"errcode\":40029,\"errmsg\":\"invalid code\"}")));
		WeChatGateway gateway = gateway(Duration.ofSeconds(5), new WeChatBreakerProperties(2, Duration.ofSeconds(30)));

		for (int i = 0; i < 4; i++) {
			expectApiError(gateway.exchangeCode("bad"), HttpStatus.UNAUTHORIZED, "WECHAT_CODE_INVALID");
		}
		assertThat(((WxMaWeChatGateway) gateway).breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
		wechat.verify(4, getRequestedFor(urlPathEqualTo("/sns/jscode2session")));
	}

	@Test
	void shouldAnswer504QuicklyWhenWeChatHangs() {
		stubToken();
		wechat.stubFor(code2Session("c")
			.willReturn(okJson("{\"openid\":\"o1\",\"session_key\":\"sk1\"}").withFixedDelay(3_000)));

		long start = System.nanoTime();
		expectApiError(gateway(Duration.ofMillis(500)).exchangeCode("c"), HttpStatus.GATEWAY_TIMEOUT, "WECHAT_TIMEOUT");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_500));
	}

	@Test
	void shouldRefuseACodeThatWouldAlterTheQuery() {
		StepVerifier.create(gateway().exchangeCode("x&appid=other"))
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOfSatisfying(ApiException.class,
					api -> assertThat(api.code()).isEqualTo("VALIDATION_FAILED")))
			.verify(Duration.ofSeconds(5));
		assertThat(wechat.getAllServeEvents()).isEmpty();
	}

	@Test
	void shouldAnswer503WhenNotConfigured() {
		WeChatProperties unconfigured = new WeChatProperties(null, "s3cret", "http://127.0.0.1:" + wechat.port(),
				Duration.ofSeconds(5), 4);
		this.gateway = new WeChatConfiguration().weChatGateway(unconfigured, BREAKER, redis);

		expectApiError(this.gateway.exchangeCode("c"), HttpStatus.SERVICE_UNAVAILABLE, "WECHAT_NOT_CONFIGURED");
		expectApiError(this.gateway.phoneNumber("c"), HttpStatus.SERVICE_UNAVAILABLE, "WECHAT_NOT_CONFIGURED");
		assertThat(wechat.getAllServeEvents()).isEmpty();
	}

	@Test
	void shouldReturnThePurePhoneNumber() {
		stubToken();
		wechat.stubFor(phoneNumber("phone-code").willReturn(okJson(phoneInfo(APPID))));

		StepVerifier.create(gateway().phoneNumber("phone-code"))
			.expectNext("13800138000")
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void shouldAnswer401ForAnInvalidPhoneCode() {
		stubToken();
		wechat.stubFor(phoneNumber("phone-code").willReturn(okJson("{\"errcode\":40029,\"errmsg\":\"invalid code\"}")));

		expectApiError(gateway().phoneNumber("phone-code"), HttpStatus.UNAUTHORIZED, "WECHAT_CODE_INVALID");
	}

	@Test
	void shouldAnswer502WhenThePhoneNumberBelongsToAnotherApp() {
		stubToken();
		wechat.stubFor(phoneNumber("phone-code").willReturn(okJson(phoneInfo("wx-other-app"))));

		expectApiError(gateway().phoneNumber("phone-code"), HttpStatus.BAD_GATEWAY, "WECHAT_UPSTREAM_ERROR");
	}

	@Test
	void shouldAnswer502WhenPhoneInfoIsMissing() {
		stubToken();
		wechat.stubFor(phoneNumber("phone-code").willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));

		expectApiError(gateway().phoneNumber("phone-code"), HttpStatus.BAD_GATEWAY, "WECHAT_UPSTREAM_ERROR");
	}

	@Test
	void shouldRunWxJavaOnWeChatThreadsOnly() {
		stubToken();
		wechat.stubFor(code2Session("c").willReturn(okJson("{\"openid\":\"o1\",\"session_key\":\"sk1\"}")));
		ThreadRecordingTemplate recording = new ThreadRecordingTemplate(connectionFactory);
		this.gateway = new WeChatConfiguration().weChatGateway(properties(Duration.ofSeconds(5)), BREAKER, recording);

		StepVerifier.create(this.gateway.exchangeCode("c"))
			.assertNext(session -> assertThat(Thread.currentThread().getName()).startsWith("wechat"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));

		assertThat(recording.threads).isNotEmpty()
			.allSatisfy(thread -> assertThat(thread).startsWith("wechat"))
			.doesNotContain(Thread.currentThread().getName());
	}

	private WeChatGateway gateway() {
		return gateway(Duration.ofSeconds(5));
	}

	private WeChatGateway gateway(Duration timeout) {
		return gateway(timeout, BREAKER);
	}

	private WeChatGateway gateway(Duration timeout, WeChatBreakerProperties breaker) {
		this.gateway = new WeChatConfiguration().weChatGateway(properties(timeout), breaker, redis);
		assertThat(this.gateway).isInstanceOf(WxMaWeChatGateway.class);
		return this.gateway;
	}

	/** The default breaker: opens after five outages in a row. */
	private static final WeChatBreakerProperties BREAKER = new WeChatBreakerProperties(5, Duration.ofSeconds(30));

	private static WeChatProperties properties(Duration timeout) {
		return new WeChatProperties(APPID, "s3cret", "http://127.0.0.1:" + wechat.port(), timeout, 4);
	}

	private static void stubToken() {
		wechat.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
			.withRequestBody(matchingJsonPath("$.appid", equalTo(APPID)))
			.willReturn(okJson("{\"access_token\":\"T1\",\"expires_in\":7200}")));
	}

	private static MappingBuilder code2Session(String code) {
		return get(urlPathEqualTo("/sns/jscode2session")).withQueryParam("js_code", equalTo(code))
			.withQueryParam("grant_type", equalTo("authorization_code"))
			.withQueryParam("access_token", equalTo("T1"));
	}

	private static MappingBuilder phoneNumber(String code) {
		return post(urlPathEqualTo("/wxa/business/getuserphonenumber")).withQueryParam("access_token", equalTo("T1"))
			.withRequestBody(equalToJson("{\"code\":\"" + code + "\"}"));
	}

	private static String phoneInfo(String watermarkAppid) {
		return """
				{"errcode":0,"errmsg":"ok","phone_info":{"phoneNumber":"+86 13800138000",
				"purePhoneNumber":"13800138000","countryCode":"86",
				"watermark":{"timestamp":1637744274,"appid":"%s"}}}""".formatted(watermarkAppid);
	}

	private static void expectApiError(Mono<?> call, HttpStatus status, String code) {
		StepVerifier.create(call)
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOfSatisfying(ApiException.class, api -> {
				assertThat(api.status()).isEqualTo(status);
				assertThat(api.code()).isEqualTo(code);
			}))
			.verify(Duration.ofSeconds(5));
	}

	/** Records which threads WxJava's token storage runs on. */
	static final class ThreadRecordingTemplate extends StringRedisTemplate {

		final List<String> threads = new CopyOnWriteArrayList<>();

		ThreadRecordingTemplate(LettuceConnectionFactory connectionFactory) {
			super(connectionFactory);
		}

		@Override
		public Long getExpire(String key) {
			this.threads.add(Thread.currentThread().getName());
			return super.getExpire(key);
		}

	}

}
