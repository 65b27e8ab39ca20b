package cn.luohe.grassroots.wechat.api;

import reactor.core.publisher.Mono;

/**
 * What the rest of the service may ask of WeChat. Every failure arrives as an
 * {@link cn.luohe.grassroots.common.error.ApiException} with a stable code
 * ({@code WECHAT_*}); no WeChat SDK type crosses this boundary.
 */
public interface WeChatGateway {

	/**
	 * Exchanges a {@code wx.login} code for the user's identity (code2Session). A code
	 * can be used once.
	 */
	Mono<WeChatSession> exchangeCode(String code);

	/**
	 * The phone number (without country code) behind a {@code getPhoneNumber} button
	 * code. A code can be used once and expires after five minutes.
	 */
	Mono<String> phoneNumber(String code);

	/**
	 * A mini-program code (getwxacodeunlimit) that opens {@code page} with {@code scene}
	 * (at most 32 visible characters): the image's bytes (PNG or JPEG). Unpublished pages
	 * are allowed ({@code check_path} off) so that trial versions can be signed in with.
	 */
	Mono<byte[]> miniProgramCode(String scene, String page, String envVersion);

}
