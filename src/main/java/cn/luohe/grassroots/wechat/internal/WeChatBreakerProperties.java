package cn.luohe.grassroots.wechat.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The circuit breaker in front of WeChat ({@code WECHAT_BREAKER_FAILURES},
 * {@code WECHAT_BREAKER_OPEN_FOR}): after {@code failures} calls in a row that found
 * WeChat unreachable, slow or broken, calls fail at once (503 {@code WECHAT_UNAVAILABLE})
 * for {@code openFor}; then one call probes, and its success closes the breaker. Errors
 * WeChat answers on purpose (a bad code, a refused message) are not failures. Public only
 * because Boot binds it.
 *
 * @param failures consecutive failures that open the breaker
 * @param openFor how long calls fail fast before one probes
 */
@ConfigurationProperties("wechat.breaker")
public record WeChatBreakerProperties(@DefaultValue("5") int failures, @DefaultValue("30s") Duration openFor) {

	public WeChatBreakerProperties {
		if (failures < 1) {
			throw new IllegalArgumentException("wechat.breaker.failures must be at least 1");
		}
		if (openFor.isNegative() || openFor.isZero()) {
			throw new IllegalArgumentException("wechat.breaker.open-for must be positive");
		}
	}

}
