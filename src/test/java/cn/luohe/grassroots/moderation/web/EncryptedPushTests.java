package cn.luohe.grassroots.moderation.web;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.moderation.ModerationFixtures;
import cn.luohe.grassroots.support.BlockHoundExtension;
import cn.luohe.grassroots.support.ContractValidator;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.FakeWeChat;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.ServiceInstance;
import cn.luohe.grassroots.support.TestUser;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * WeChat's encrypted (safe) push mode through the running service: an instance configured
 * with an EncodingAESKey takes a verdict only as WeChat sends it in that mode (the body's
 * {@code Encrypt}, made here with WxJava's own encryption, and its
 * {@code msg_signature}), in JSON or in XML; a plain push, or a wrong
 * {@code msg_signature}, is refused and changes nothing.
 * <p>
 * BlockHound is installed before this class's instance starts, as for every test: the
 * instance starts Reactor's shared parallel workers, and a worker already idle in the
 * uninstrumented {@code DelayedWorkQueue.take} when a later class installs BlockHound is
 * failed there, its queue left locked, and its timers never fire again (seen as
 * ModerationApiTests' resubmission never happening after this class).
 */
@ExtendWith(BlockHoundExtension.class)
class EncryptedPushTests {

	/** An EncodingAESKey: 43 characters of base64. */
	private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

	private static final String BOUNDARY = "encrypted-push-boundary";

	private static ServiceInstance instance;

	private static WebTestClient client;

	@BeforeAll
	@Timeout(value = 5, unit = TimeUnit.MINUTES) // a context start on a busy box
	static void start() {
		Map<String, String> settings = new HashMap<>();
		FakeWeChat.get().properties().forEach((key, value) -> settings.put(key, String.valueOf(value)));
		settings.put("wechat.push.aes-key", AES_KEY);
		instance = ServiceInstance.start(settings);
		client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + instance.port())
			.responseTimeout(Duration.ofSeconds(20))
			.filter(new ContractValidator())
			.build();
	}

	@AfterAll
	static void stop() {
		if (instance != null) {
			instance.close();
		}
	}

	@Test
	void shouldApplyAnEncryptedVerdictAndRefuseAnythingElse() throws IOException {
		TestUser cadre = new Identities(client).withRole(Role.CADRE, "411122");
		long photo = upload(cadre);
		String trace = ModerationFixtures.traceOf(photo);
		String plain = ModerationFixtures.body(trace, "pass");

		// the plain mode is refused while encryption is configured
		expectProblem(ModerationFixtures.push(client, plain), 401, "WECHAT_SIGNATURE_INVALID");
		String encrypt = new WxCryptUtil(FakeWeChat.PUSH_TOKEN, AES_KEY, FakeWeChat.APPID).encrypt("0123456789abcdef",
				plain);
		String body = "{\"ToUserName\":\"gh_fake\",\"Encrypt\":\"" + encrypt + "\"}";
		// a msg_signature that does not sign this body
		expectProblem(encrypted(body, "0".repeat(40)), 401, "WECHAT_SIGNATURE_INVALID");
		assertThat(status(photo)).isEqualTo("PENDING");

		encrypted(body, ModerationFixtures.signature(FakeWeChat.PUSH_TOKEN, "1764700000", "n1", encrypt)).expectStatus()
			.isOk();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "PASS".equals(status(photo)));
	}

	@Test
	void shouldApplyAnEncryptedXmlVerdict() throws IOException {
		TestUser cadre = new Identities(client).withRole(Role.CADRE, "411122");
		long photo = upload(cadre);
		String plain = ModerationFixtures.xmlBody(ModerationFixtures.traceOf(photo), "risky");

		expectProblem(ModerationFixtures.push(client, plain, MediaType.TEXT_XML), 401, "WECHAT_SIGNATURE_INVALID");
		String encrypt = new WxCryptUtil(FakeWeChat.PUSH_TOKEN, AES_KEY, FakeWeChat.APPID).encrypt("fedcba9876543210",
				plain);
		// as WeChat wraps it: the cipher text beside the addressee
		String body = "<xml><ToUserName><![CDATA[gh_fake]]></ToUserName><Encrypt><![CDATA[" + encrypt
				+ "]]></Encrypt></xml>";
		expectProblem(encrypted(body, "0".repeat(40), MediaType.TEXT_XML), 401, "WECHAT_SIGNATURE_INVALID");
		assertThat(status(photo)).isEqualTo("PENDING");

		encrypted(body, ModerationFixtures.signature(FakeWeChat.PUSH_TOKEN, "1764700000", "n1", encrypt),
				MediaType.TEXT_XML)
			.expectStatus()
			.isOk();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "RISKY".equals(status(photo)));
	}

	private static WebTestClient.ResponseSpec encrypted(String body, String msgSignature) {
		return encrypted(body, msgSignature, MediaType.APPLICATION_JSON);
	}

	private static WebTestClient.ResponseSpec encrypted(String body, String msgSignature, MediaType type) {
		return client.post()
			.uri(uri -> uri.path("/api/v1/wechat/push")
				.queryParam("signature", ModerationFixtures.signature(FakeWeChat.PUSH_TOKEN, "1764700000", "n1"))
				.queryParam("timestamp", "1764700000")
				.queryParam("nonce", "n1")
				.queryParam("encrypt_type", "aes")
				.queryParam("msg_signature", msgSignature)
				.build())
			.contentType(type)
			.bodyValue(body)
			.exchange();
	}

	private static String status(long photo) {
		return Db.single("SELECT status FROM photo_check WHERE photo_id = ?", String.class, photo);
	}

	private static long upload(TestUser user) throws IOException {
		BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
		image.setRGB(5, 5, (int) (Math.random() * 0xFFFFFF));
		ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
		ImageIO.write(image, "jpeg", jpeg);
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + BOUNDARY
				+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(jpeg.toByteArray());
		body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return client.post()
			.uri("/api/v1/media")
			.header("Authorization", user.bearer())
			.contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY))
			.bodyValue(body.toByteArray())
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Uploaded.class)
			.returnResult()
			.getResponseBody()
			.id();
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Uploaded(long id) {
	}

}
