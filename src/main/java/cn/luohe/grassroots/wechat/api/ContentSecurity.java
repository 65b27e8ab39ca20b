package cn.luohe.grassroots.wechat.api;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * WeChat's content security: msgSecCheck v2 for text, mediaCheckAsync v2 for photos and
 * the message push that answers the latter. Failures of the calls arrive as
 * {@link cn.luohe.grassroots.common.error.ApiException} ({@code WECHAT_*}); no WeChat SDK
 * type crosses this boundary.
 */
public interface ContentSecurity {

	/** Whether appid and secret are set (without them nothing can be checked). */
	boolean configured();

	/**
	 * msgSecCheck v2 of one text (at most 2500 characters) by its author's openid, in a
	 * WeChat scene (1 profile, 2 comment, 3 forum, 4 social log).
	 */
	Mono<Verdict> checkText(String openid, int scene, String content);

	/**
	 * mediaCheckAsync v2 of an image WeChat downloads from {@code mediaUrl}: the trace id
	 * its pushed verdict will carry.
	 */
	Mono<String> submitPhoto(String openid, int scene, String mediaUrl);

	/**
	 * Whether the push's {@code signature} is WeChat's (SHA-1 of the configured token,
	 * timestamp and nonce); false when no token is configured.
	 */
	boolean signedByWeChat(String timestamp, String nonce, String signature);

	/**
	 * The media check verdict a push carries (empty for other events), in JSON or XML
	 * (told by the body: WeChat sends the format chosen in the console). In the encrypted
	 * mode ({@code encryptType} "aes") {@code msgSignature} is checked and the body
	 * decrypted with the configured AES key. Throws {@code WECHAT_SIGNATURE_INVALID} or
	 * {@code WECHAT_PUSH_MALFORMED} problems.
	 */
	Optional<MediaVerdict> mediaVerdict(String body, String timestamp, String nonce, @Nullable String encryptType,
			@Nullable String msgSignature);

	/** WeChat's suggestion. */
	enum Suggestion {

		PASS, REVIEW, RISKY;

		/** {@code pass}, {@code review}, {@code risky}; null for anything else. */
		public static @Nullable Suggestion of(@Nullable String wire) {
			if (wire == null) {
				return null;
			}
			return switch (wire.trim().toLowerCase(java.util.Locale.ROOT)) {
				case "pass" -> PASS;
				case "review" -> REVIEW;
				case "risky" -> RISKY;
				default -> null;
			};
		}

	}

	/** A text's verdict: the suggestion, WeChat's label and trace id. */
	record Verdict(Suggestion suggest, @Nullable String label, @Nullable String traceId) {

		public static final Verdict UNCHECKED_PASS = new Verdict(Suggestion.PASS, null, null);

	}

	/** A photo's pushed verdict. */
	record MediaVerdict(String traceId, Suggestion suggest, @Nullable String label) {
	}

}
