package cn.luohe.grassroots.moderation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.FakeWeChat;
import org.awaitility.Awaitility;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** WeChat's side of content security in tests: its traces and its signed pushes. */
public final class ModerationFixtures {

	private ModerationFixtures() {
	}

	/** The trace id of the photo's media check, once the submitter has sent it. */
	public static String traceOf(long photoId) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> Db.count("SELECT count(*) FROM photo_check WHERE photo_id = ? AND trace_id IS NOT NULL",
					photoId) == 1);
		return Db.single("SELECT trace_id FROM photo_check WHERE photo_id = ?", String.class, photoId);
	}

	/** WeChat's verdict pushed for the photo, signed; the push answers 200. */
	public static void verdict(WebTestClient client, long photoId, String suggest) {
		push(client, body(traceOf(photoId), suggest)).expectStatus().isOk();
	}

	/** Clears a photo as WeChat would (suggest pass). */
	public static void clear(WebTestClient client, long photoId) {
		verdict(client, photoId, "pass");
	}

	public static String body(String trace, String suggest) {
		return """
				{"ToUserName":"gh_fake","FromUserName":"o_fake","CreateTime":1764700000,"MsgType":"event",
				 "Event":"wxa_media_check","appid":"%s","trace_id":"%s","version":2,
				 "detail":[{"strategy":"content_model","errcode":0,"suggest":"%s","label":20002,"prob":90}],
				 "errcode":0,"errmsg":"ok","result":{"suggest":"%s","label":20002}}
				""".formatted(FakeWeChat.APPID, trace, suggest, suggest);
	}

	/** The same verdict in the XML format WeChat sends when the console chooses XML. */
	public static String xmlBody(String trace, String suggest) {
		return """
				<xml>
				  <ToUserName><![CDATA[gh_fake]]></ToUserName>
				  <FromUserName><![CDATA[o_fake]]></FromUserName>
				  <CreateTime>1764700000</CreateTime>
				  <MsgType><![CDATA[event]]></MsgType>
				  <Event><![CDATA[wxa_media_check]]></Event>
				  <appid><![CDATA[%s]]></appid>
				  <trace_id><![CDATA[%s]]></trace_id>
				  <version>2</version>
				  <detail>
				    <strategy><![CDATA[content_model]]></strategy>
				    <errcode>0</errcode>
				    <suggest><![CDATA[%s]]></suggest>
				    <label>20002</label>
				    <prob>90</prob>
				  </detail>
				  <errcode>0</errcode>
				  <errmsg><![CDATA[ok]]></errmsg>
				  <result>
				    <suggest><![CDATA[%s]]></suggest>
				    <label>20002</label>
				  </result>
				</xml>
				""".formatted(FakeWeChat.APPID, trace, suggest, suggest);
	}

	/** Posts a JSON push signed with the configured token. */
	public static WebTestClient.ResponseSpec push(WebTestClient client, String body) {
		return push(client, body, MediaType.APPLICATION_JSON);
	}

	/** Posts a push of that content type signed with the configured token. */
	public static WebTestClient.ResponseSpec push(WebTestClient client, String body, MediaType type) {
		String timestamp = "1764700000";
		String nonce = "nonce" + System.nanoTime();
		return client.post()
			.uri(uri -> uri.path("/api/v1/wechat/push")
				.queryParam("signature", signature(FakeWeChat.PUSH_TOKEN, timestamp, nonce))
				.queryParam("timestamp", timestamp)
				.queryParam("nonce", nonce)
				.build())
			.contentType(type)
			.bodyValue(body)
			.exchange();
	}

	public static String signature(String... parts) {
		String[] sorted = parts.clone();
		Arrays.sort(sorted);
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1")
					.digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
