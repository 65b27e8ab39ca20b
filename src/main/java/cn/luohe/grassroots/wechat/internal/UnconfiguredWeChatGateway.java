package cn.luohe.grassroots.wechat.internal;

import cn.luohe.grassroots.wechat.api.WeChatGateway;
import cn.luohe.grassroots.wechat.api.WeChatSession;
import reactor.core.publisher.Mono;

/**
 * Stands in when appid or secret is missing, so that the service still starts (demos,
 * local runs) and every WeChat feature answers 503 {@code WECHAT_NOT_CONFIGURED}.
 */
final class UnconfiguredWeChatGateway implements WeChatGateway {

	@Override
	public Mono<WeChatSession> exchangeCode(String code) {
		return Mono.error(WeChatErrors::notConfigured);
	}

	@Override
	public Mono<String> phoneNumber(String code) {
		return Mono.error(WeChatErrors::notConfigured);
	}

	@Override
	public Mono<byte[]> miniProgramCode(String scene, String page, String envVersion) {
		return Mono.error(WeChatErrors::notConfigured);
	}

}
