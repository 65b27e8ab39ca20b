package cn.luohe.grassroots.support;

import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A fake {@code api.weixin.qq.com} on loopback, started once per test JVM; every
 * integration context points the real WxJava client at it (see
 * {@link TestServersInitializer}). The token endpoint is stubbed for good; tests stub
 * logins and phone numbers with their own unique codes and never reset the server, since
 * other test classes share it.
 */
public final class FakeWeChat {

	public static final String APPID = "wx-fake-app";

	public static final String SECRET = "fake-app-secret";

	public static final String ACCESS_TOKEN = "FAKE-WECHAT-ACCESS-TOKEN";

	/** The message push's token (plain mode). */
	public static final String PUSH_TOKEN = "fake-push-token";

	/** A text containing this is judged risky by msgSecCheck. */
	public static final String RISKY_TEXT = "【RISKY-TEXT】";

	/** A text containing this is sent to review by msgSecCheck. */
	public static final String REVIEW_TEXT = "【REVIEW-TEXT】";

	/**
	 * What the fake answers for a mini-program code: a 64×64 PNG, squares in a grid
	 * (initialised before the instance whose stub answers it).
	 */
	public static final byte[] CODE_PNG = codePng();

	private static final FakeWeChat INSTANCE = new FakeWeChat();

	private final WireMockServer server;

	private FakeWeChat() {
		this.server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		this.server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(this.server::stop, "fake-wechat-stop"));
		this.server.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
			.withRequestBody(matchingJsonPath("$.appid", equalTo(APPID)))
			.willReturn(okJson("{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":7200}")));
		// the mini-program code: image bytes (a real PNG), as WeChat answers them
		this.server.stubFor(post(urlPathEqualTo("/wxa/getwxacodeunlimit"))
			.withQueryParam("access_token", equalTo(ACCESS_TOKEN))
			.withRequestBody(matchingJsonPath("$.scene"))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png").withBody(CODE_PNG)));
		// content security: texts pass unless they carry a marker; every photo gets a
		// trace
		this.server.stubFor(
				post(urlPathEqualTo("/wxa/msg_sec_check")).atPriority(10).willReturn(okJson(secCheck("pass", 100))));
		this.server.stubFor(post(urlPathEqualTo("/wxa/msg_sec_check")).atPriority(1)
			.withRequestBody(WireMock.containing("RISKY-TEXT"))
			.willReturn(okJson(secCheck("risky", 20001))));
		this.server.stubFor(post(urlPathEqualTo("/wxa/msg_sec_check")).atPriority(1)
			.withRequestBody(WireMock.containing("REVIEW-TEXT"))
			.willReturn(okJson(secCheck("review", 21000))));
		this.server.stubFor(post(urlPathEqualTo("/wxa/media_check_async")).willReturn(okJson(
				"{\"errcode\":0,\"errmsg\":\"ok\",\"trace_id\":\"trace-{{randomValue length=20 type='ALPHANUMERIC'}}\"}")
			.withTransformers("response-template")));
	}

	private static String secCheck(String suggest, int label) {
		return "{\"errcode\":0,\"errmsg\":\"ok\",\"trace_id\":\"t-" + suggest + "\",\"result\":{\"suggest\":\""
				+ suggest + "\",\"label\":" + label + "}}";
	}

	/** The bodies of every mediaCheckAsync submission, oldest first. */
	public java.util.List<String> mediaCheckRequests() {
		return this.server.findAll(postRequestedFor(urlPathEqualTo("/wxa/media_check_async")))
			.stream()
			.map(request -> request.getBodyAsString())
			.toList();
	}

	private static byte[] codePng() {
		java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(64, 64,
				java.awt.image.BufferedImage.TYPE_INT_RGB);
		for (int x = 0; x < 64; x++) {
			for (int y = 0; y < 64; y++) {
				image.setRGB(x, y, (((x / 8) + (y / 8)) % 2 == 0) ? 0x000000 : 0xFFFFFF);
			}
		}
		try {
			java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
			javax.imageio.ImageIO.write(image, "png", out);
			return out.toByteArray();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** The scenes of every mini-program code asked for, oldest first. */
	public java.util.List<String> codeScenes() {
		return this.server.findAll(postRequestedFor(urlPathEqualTo("/wxa/getwxacodeunlimit"))).stream().map(request -> {
			String body = request.getBodyAsString();
			java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"scene\"\\s*:\\s*\"([^\"]*)\"").matcher(body);
			return m.find() ? m.group(1) : "";
		}).toList();
	}

	public static FakeWeChat get() {
		return INSTANCE;
	}

	/** The settings that point the application at this server. */
	public Map<String, Object> properties() {
		return Map.of("wechat.api-base-url", "http://127.0.0.1:" + this.server.port(), "wechat.appid", APPID,
				"wechat.secret", SECRET, "wechat.timeout", "2s", "wechat.push.token", PUSH_TOKEN);
	}

	/** A login code nobody else uses. */
	public static String newCode() {
		return "code-" + UUID.randomUUID();
	}

	/** {@code code} logs in as {@code openid}, with the given session key. */
	public void login(String code, String openid, String sessionKey) {
		this.server.stubFor(code2Session(code)
			.willReturn(okJson("{\"openid\":\"" + openid + "\",\"session_key\":\"" + sessionKey + "\"}")));
	}

	/** {@code code} is answered with WeChat's {@code errcode}. */
	public void loginFails(String code, int errcode) {
		this.server
			.stubFor(code2Session(code).willReturn(okJson("{\"errcode\":" + errcode + ",\"errmsg\":\"fake error\"}")));
	}

	/**
	 * {@code code} is answered with whatever the test describes (delays, HTTP errors).
	 */
	public void login(String code, ResponseDefinitionBuilder response) {
		this.server.stubFor(code2Session(code).willReturn(response));
	}

	/** {@code code} is answered with an HTTP error status. */
	public void loginAnswersStatus(String code, int status) {
		login(code, aResponse().withStatus(status).withBody("upstream trouble"));
	}

	/** {@code code} of a getPhoneNumber button gives {@code phone}. */
	public void phone(String code, String phone) {
		this.server.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber"))
			.withQueryParam("access_token", equalTo(ACCESS_TOKEN))
			.withRequestBody(equalToJson("{\"code\":\"" + code + "\"}"))
			.willReturn(okJson("""
					{"errcode":0,"errmsg":"ok","phone_info":{"phoneNumber":"+86 %s","purePhoneNumber":"%s",
					"countryCode":"86","watermark":{"timestamp":1637744274,"appid":"%s"}}}""".formatted(phone, phone,
					APPID))));
	}

	/**
	 * {@code code} of a getPhoneNumber button is answered with WeChat's {@code errcode}.
	 */
	public void phoneFails(String code, int errcode) {
		this.server.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber"))
			.withRequestBody(equalToJson("{\"code\":\"" + code + "\"}"))
			.willReturn(okJson("{\"errcode\":" + errcode + ",\"errmsg\":\"fake error\"}")));
	}

	/** Subscribe messages to {@code openid} are taken. */
	public void subscribeAccepts(String openid) {
		subscribeAnswers(openid, okJson("{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":1}"));
	}

	/**
	 * Subscribe messages to {@code openid} are answered with WeChat's {@code errcode}.
	 */
	public void subscribeFails(String openid, int errcode) {
		subscribeAnswers(openid, okJson("{\"errcode\":" + errcode + ",\"errmsg\":\"fake error\"}"));
	}

	/** Subscribe messages to {@code openid} get what the test describes (HTTP errors). */
	public void subscribeAnswers(String openid, ResponseDefinitionBuilder response) {
		this.server.stubFor(post(urlPathEqualTo("/cgi-bin/message/subscribe/send"))
			.withQueryParam("access_token", equalTo(ACCESS_TOKEN))
			.withRequestBody(matchingJsonPath("$.touser", equalTo(openid)))
			.willReturn(response));
	}

	/** The bodies of the subscribe messages sent to {@code openid}, oldest first. */
	public java.util.List<String> subscribeSends(String openid) {
		return this.server
			.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/message/subscribe/send"))
				.withRequestBody(matchingJsonPath("$.touser", equalTo(openid))))
			.stream()
			.map(request -> request.getBodyAsString())
			.toList();
	}

	/** How many code2Session calls carried {@code code}. */
	public int loginCalls(String code) {
		return this.server.countRequestsMatching(
				getRequestedFor(urlPathEqualTo("/sns/jscode2session")).withQueryParam("js_code", equalTo(code)).build())
			.getCount();
	}

	/** How many getPhoneNumber calls carried {@code code}. */
	public int phoneCalls(String code) {
		return this.server
			.countRequestsMatching(postRequestedFor(urlPathEqualTo("/wxa/business/getuserphonenumber"))
				.withRequestBody(equalToJson("{\"code\":\"" + code + "\"}"))
				.build())
			.getCount();
	}

	private static MappingBuilder code2Session(String code) {
		return WireMock.get(urlPathEqualTo("/sns/jscode2session"))
			.withQueryParam("appid", equalTo(APPID))
			.withQueryParam("secret", equalTo(SECRET))
			.withQueryParam("js_code", equalTo(code))
			.withQueryParam("grant_type", equalTo("authorization_code"));
	}

}
