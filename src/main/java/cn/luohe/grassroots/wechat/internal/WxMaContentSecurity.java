package cn.luohe.grassroots.wechat.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import cn.binarywang.wx.miniapp.bean.WxMaMediaAsyncCheckResult;
import cn.binarywang.wx.miniapp.bean.WxMaMessage;
import cn.binarywang.wx.miniapp.bean.security.WxMaMediaSecCheckCheckRequest;
import cn.binarywang.wx.miniapp.bean.security.WxMaMsgSecCheckCheckRequest;
import cn.binarywang.wx.miniapp.bean.security.WxMaMsgSecCheckCheckResponse;
import cn.binarywang.wx.miniapp.config.impl.WxMaDefaultConfigImpl;
import cn.binarywang.wx.miniapp.util.crypt.WxMaCryptUtils;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.wechat.api.ContentSecurity;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import me.chanjar.weixin.common.util.XmlUtils;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.util.StringUtils;

/**
 * Content security over WxJava: the two checks run on the gateway's bounded
 * {@code wechat} scheduler with its timeout and error mapping ({@code gateway} is null
 * when appid or secret is missing: texts then pass unchecked, photos cannot be
 * submitted). Pushes, JSON or XML, are verified here: SHA-1 of the sorted token,
 * timestamp and nonce (and the encrypted body for {@code msg_signature}), decrypted by
 * WxJava.
 */
final class WxMaContentSecurity implements ContentSecurity {

	/** Image, in mediaCheckAsync's terms. */
	private static final int MEDIA_TYPE_IMAGE = 2;

	private static final String MEDIA_CHECK_EVENT = "wxa_media_check";

	private final @Nullable WxMaWeChatGateway gateway;

	private final WeChatPushProperties push;

	private final @Nullable String appid;

	WxMaContentSecurity(@Nullable WxMaWeChatGateway gateway, WeChatPushProperties push, @Nullable String appid) {
		this.gateway = gateway;
		this.push = push;
		this.appid = appid;
	}

	@Override
	public boolean configured() {
		return this.gateway != null;
	}

	@Override
	public Mono<Verdict> checkText(String openid, int scene, String content) {
		WxMaWeChatGateway wechat = this.gateway;
		if (wechat == null) {
			return Mono.just(Verdict.UNCHECKED_PASS);
		}
		WxMaMsgSecCheckCheckRequest request = WxMaMsgSecCheckCheckRequest.builder()
			.version("2")
			.openid(openid)
			.scene(scene)
			.content(content)
			.build();
		return wechat.call("msgSecCheck", service -> {
			WxMaMsgSecCheckCheckResponse response = service.getSecurityService().checkMessage(request);
			Suggestion suggest = (response == null || response.getResult() == null) ? null
					: Suggestion.of(response.getResult().getSuggest());
			if (response == null || suggest == null) {
				throw WeChatErrors.malformed("msgSecCheck", "result.suggest");
			}
			return new Verdict(suggest, response.getResult().getLabel(), response.getTraceId());
		});
	}

	@Override
	public Mono<String> submitPhoto(String openid, int scene, String mediaUrl) {
		WxMaWeChatGateway wechat = this.gateway;
		if (wechat == null) {
			return Mono.error(WeChatErrors::notConfigured);
		}
		WxMaMediaSecCheckCheckRequest request = WxMaMediaSecCheckCheckRequest.builder()
			.mediaUrl(mediaUrl)
			.mediaType(MEDIA_TYPE_IMAGE)
			.version(2)
			.openid(openid)
			.scene(scene)
			.build();
		return wechat.call("mediaCheckAsync", service -> {
			WxMaMediaAsyncCheckResult result = service.getSecurityService().mediaCheckAsync(request);
			if (result == null || !StringUtils.hasText(result.getTraceId())) {
				throw WeChatErrors.malformed("mediaCheckAsync", "trace_id");
			}
			return result.getTraceId();
		});
	}

	@Override
	public boolean signedByWeChat(String timestamp, String nonce, String signature) {
		String token = this.push.token();
		if (!StringUtils.hasText(token)) {
			return false;
		}
		return matches(sha1(token, timestamp, nonce), signature);
	}

	@Override
	public Optional<MediaVerdict> mediaVerdict(String body, String timestamp, String nonce,
			@Nullable String encryptType, @Nullable String msgSignature) {
		// the format is the one chosen in the mini-program's console (JSON or XML); the
		// body tells which, so switching it there needs no setting here
		boolean xml = body.stripLeading().startsWith("<");
		Pushed message = this.push.encrypted() ? decrypted(body, xml, timestamp, nonce, encryptType, msgSignature)
				: plain(body, xml);
		if (!MEDIA_CHECK_EVENT.equals(message.event())) {
			return Optional.empty();
		}
		String about = message.appid();
		if (about != null && this.appid != null && !this.appid.equals(about)) {
			// another mini-program's verdict
			throw malformed();
		}
		Suggestion suggest = Suggestion.of(message.suggest());
		String traceId = message.traceId();
		if (traceId == null || !StringUtils.hasText(traceId) || suggest == null) {
			throw malformed();
		}
		return Optional.of(new MediaVerdict(traceId, suggest, message.label()));
	}

	private static Pushed plain(String body, boolean xml) {
		if (xml) {
			return Pushed.of(fields(body));
		}
		parse(body);
		try {
			return Pushed.of(WxMaMessage.fromJson(body));
		}
		catch (RuntimeException ex) {
			throw malformed();
		}
	}

	private Pushed decrypted(String body, boolean xml, String timestamp, String nonce, @Nullable String encryptType,
			@Nullable String msgSignature) {
		if (!"aes".equalsIgnoreCase(encryptType) || msgSignature == null) {
			throw signatureInvalid();
		}
		String encrypt = xml ? encryptOfXml(body) : encryptOfJson(body);
		String token = java.util.Objects.requireNonNull(this.push.token());
		if (!matches(sha1(token, timestamp, nonce, encrypt), msgSignature)) {
			throw signatureInvalid();
		}
		WxMaDefaultConfigImpl config = new WxMaDefaultConfigImpl();
		config.setAppid(this.appid);
		config.setToken(token);
		config.setAesKey(this.push.aesKey());
		String decrypted;
		try {
			if (!xml) {
				return Pushed.of(WxMaMessage.fromEncryptedJson(body, config));
			}
			decrypted = new WxMaCryptUtils(config).decrypt(encrypt);
		}
		catch (RuntimeException ex) {
			// a cipher text that does not decrypt, or another appid's
			throw malformed();
		}
		return Pushed.of(fields(decrypted));
	}

	private static String encryptOfJson(String body) {
		JsonElement encrypt = parse(body).get("Encrypt");
		if (encrypt == null || !encrypt.isJsonPrimitive()) {
			throw malformed();
		}
		return encrypt.getAsString();
	}

	private static String encryptOfXml(String body) {
		if (!(fields(body).get("Encrypt") instanceof String encrypt) || encrypt.isBlank()) {
			throw malformed();
		}
		return encrypt;
	}

	/**
	 * An XML push's elements, read by WxJava's dom4j reader (doctypes and external
	 * entities refused). Not {@code WxMaMessage.fromXml}: its XStream builds the result
	 * beans, which have no no-argument constructor, through serialization, and that needs
	 * {@code --add-opens java.base/java.io} on every JVM running the service.
	 */
	private static Map<String, Object> fields(String xml) {
		try {
			return XmlUtils.xml2Map(xml);
		}
		catch (RuntimeException ex) {
			throw malformed();
		}
	}

	private static JsonObject parse(String body) {
		try {
			JsonElement element = JsonParser.parseString(body);
			if (!element.isJsonObject()) {
				throw malformed();
			}
			return element.getAsJsonObject();
		}
		catch (RuntimeException ex) {
			if (ex instanceof ApiException api) {
				throw api;
			}
			throw malformed();
		}
	}

	static String sha1(String... parts) {
		String[] sorted = parts.clone();
		Arrays.sort(sorted);
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-1");
			return HexFormat.of().formatHex(digest.digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static boolean matches(String expected, String given) {
		return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
				given.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
	}

	static ApiException signatureInvalid() {
		return new ApiException(HttpStatus.UNAUTHORIZED, "WECHAT_SIGNATURE_INVALID",
				"The push does not carry WeChat's signature");
	}

	static ApiException malformed() {
		return new ApiException(HttpStatus.BAD_REQUEST, "WECHAT_PUSH_MALFORMED", "The push is not a message we read");
	}

	/** What a push says, whichever its format. */
	private record Pushed(@Nullable String event, @Nullable String appid, @Nullable String traceId,
			@Nullable String suggest, @Nullable String label) {

		static Pushed of(@Nullable WxMaMessage message) {
			if (message == null) {
				throw malformed();
			}
			WxMaMediaAsyncCheckResult.ResultBean result = message.getResult();
			return new Pushed(message.getEvent(), message.getAppid(), message.getTraceId(),
					(result != null) ? result.getSuggest() : null, (result != null) ? result.getLabel() : null);
		}

		static Pushed of(Map<String, Object> fields) {
			Map<?, ?> result = (fields.get("result") instanceof Map<?, ?> map) ? map : Map.of();
			return new Pushed(text(fields, "Event"), text(fields, "appid"), text(fields, "trace_id"),
					text(result, "suggest"), text(result, "label"));
		}

		private static @Nullable String text(Map<?, ?> fields, String name) {
			return (fields.get(name) instanceof String text) ? text : null;
		}

	}

}
