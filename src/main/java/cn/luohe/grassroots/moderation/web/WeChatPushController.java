package cn.luohe.grassroots.moderation.web;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.moderation.internal.ModerationService;
import cn.luohe.grassroots.wechat.api.ContentSecurity;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * WeChat's message push (no bearer token: WeChat signs it). GET answers the URL check's
 * {@code echostr}; POST takes a push in JSON or XML (plain, or encrypted with the AES
 * key) and applies a media check verdict. Other events are acknowledged and ignored.
 */
@RestController
@RequestMapping("/api/v1/wechat/push")
class WeChatPushController {

	private static final String SUCCESS = "success";

	private final ContentSecurity security;

	private final ModerationService moderation;

	WeChatPushController(ContentSecurity security, ModerationService moderation) {
		this.security = security;
		this.moderation = moderation;
	}

	@GetMapping(produces = MediaType.TEXT_PLAIN_VALUE)
	Mono<String> verifyUrl(@RequestParam(required = false) @Nullable String signature,
			@RequestParam(required = false) @Nullable String timestamp,
			@RequestParam(required = false) @Nullable String nonce,
			@RequestParam(required = false) @Nullable String echostr) {
		return Mono.fromCallable(() -> {
			requireSigned(signature, timestamp, nonce);
			if (echostr == null || echostr.isBlank() || echostr.length() > 256) {
				throw malformed();
			}
			return echostr;
		});
	}

	@PostMapping(produces = MediaType.TEXT_PLAIN_VALUE)
	Mono<ResponseEntity<String>> push(@RequestParam(required = false) @Nullable String signature,
			@RequestParam(required = false) @Nullable String timestamp,
			@RequestParam(required = false) @Nullable String nonce,
			@RequestParam(name = "encrypt_type", required = false) @Nullable String encryptType,
			@RequestParam(name = "msg_signature", required = false) @Nullable String msgSignature,
			@RequestBody(required = false) @Nullable String body) {
		return Mono.fromCallable(() -> {
			requireSigned(signature, timestamp, nonce);
			if (timestamp == null || nonce == null || body == null || body.isBlank()) {
				throw malformed();
			}
			return this.security.mediaVerdict(body, timestamp, nonce, encryptType, msgSignature);
		})
			.flatMap(verdict -> verdict.map(this.moderation::verdict).orElse(Mono.empty()))
			.then(Mono.fromSupplier(
					() -> ResponseEntity.status(HttpStatus.OK).contentType(MediaType.TEXT_PLAIN).body(SUCCESS)));
	}

	@SuppressWarnings("NullAway") // checked for null first
	private void requireSigned(@Nullable String signature, @Nullable String timestamp, @Nullable String nonce) {
		if (signature == null || timestamp == null || nonce == null
				|| !this.security.signedByWeChat(timestamp, nonce, signature)) {
			throw new ApiException(HttpStatus.UNAUTHORIZED, "WECHAT_SIGNATURE_INVALID",
					"The push does not carry WeChat's signature");
		}
	}

	private static ApiException malformed() {
		return new ApiException(HttpStatus.BAD_REQUEST, "WECHAT_PUSH_MALFORMED", "The push is not a message we read");
	}

}
