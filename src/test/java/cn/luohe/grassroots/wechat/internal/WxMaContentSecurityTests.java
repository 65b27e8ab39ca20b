package cn.luohe.grassroots.wechat.internal;

import java.util.Optional;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.wechat.api.ContentSecurity.MediaVerdict;
import cn.luohe.grassroots.wechat.api.ContentSecurity.Suggestion;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * WeChat's message push: the plain signature and the encrypted (safe) mode, whose body is
 * made here with WxJava's own encryption, as WeChat would send it.
 */
class WxMaContentSecurityTests {

	private static final String APPID = "wx-push-test";

	private static final String TOKEN = "push-token";

	/** An EncodingAESKey: 43 characters of base64. */
	private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

	private static final String PLAIN = """
			{"ToUserName":"gh_x","FromUserName":"o_x","CreateTime":1,"MsgType":"event","Event":"wxa_media_check",
			 "appid":"wx-push-test","trace_id":"trace-1","version":2,"result":{"suggest":"risky","label":20001}}""";

	@Test
	void plainPushIsVerifiedBySignature() {
		WxMaContentSecurity security = new WxMaContentSecurity(null, new WeChatPushProperties(TOKEN, null), APPID);
		String signature = WxMaContentSecurity.sha1(TOKEN, "123", "n");
		assertThat(security.signedByWeChat("123", "n", signature)).isTrue();
		assertThat(security.signedByWeChat("124", "n", signature)).isFalse();
		assertThat(security.mediaVerdict(PLAIN, "123", "n", null, null))
			.contains(new MediaVerdict("trace-1", Suggestion.RISKY, "20001"));
		assertThat(security.mediaVerdict("{\"Event\":\"user_enter_tempsession\"}", "123", "n", null, null))
			.isEqualTo(Optional.empty());
		assertThatThrownBy(() -> security.mediaVerdict("[]", "123", "n", null, null))
			.isInstanceOfSatisfying(ApiException.class, ex -> assertThat(ex.code()).isEqualTo("WECHAT_PUSH_MALFORMED"));
	}

	@Test
	void encryptedPushIsCheckedAndDecrypted() {
		WxMaContentSecurity security = new WxMaContentSecurity(null, new WeChatPushProperties(TOKEN, AES_KEY), APPID);
		String encrypt = new WxCryptUtil(TOKEN, AES_KEY, APPID).encrypt("0123456789abcdef", PLAIN);
		String body = "{\"ToUserName\":\"gh_x\",\"Encrypt\":\"" + encrypt + "\"}";
		String msgSignature = WxMaContentSecurity.sha1(TOKEN, "123", "n", encrypt);
		assertThat(security.mediaVerdict(body, "123", "n", "aes", msgSignature))
			.contains(new MediaVerdict("trace-1", Suggestion.RISKY, "20001"));
		// another msg_signature, or the plain mode while encryption is configured:
		// refused
		assertThatThrownBy(() -> security.mediaVerdict(body, "123", "n", "aes", "00")).isInstanceOfSatisfying(
				ApiException.class, ex -> assertThat(ex.code()).isEqualTo("WECHAT_SIGNATURE_INVALID"));
		assertThatThrownBy(() -> security.mediaVerdict(PLAIN, "123", "n", null, null)).isInstanceOfSatisfying(
				ApiException.class, ex -> assertThat(ex.code()).isEqualTo("WECHAT_SIGNATURE_INVALID"));
		// a verdict about another mini-program's media: not ours
		String foreign = new WxCryptUtil(TOKEN, AES_KEY, APPID).encrypt("0123456789abcdef",
				PLAIN.replace("\"appid\":\"wx-push-test\"", "\"appid\":\"wx-other\""));
		assertThatThrownBy(() -> security.mediaVerdict("{\"Encrypt\":\"" + foreign + "\"}", "123", "n", "aes",
				WxMaContentSecurity.sha1(TOKEN, "123", "n", foreign)))
			.isInstanceOfSatisfying(ApiException.class, ex -> assertThat(ex.code()).isEqualTo("WECHAT_PUSH_MALFORMED"));
	}

}
