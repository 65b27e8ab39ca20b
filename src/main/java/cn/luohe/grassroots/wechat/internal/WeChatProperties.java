package cn.luohe.grassroots.wechat.internal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * WeChat mini-program settings, bound from {@code WECHAT_APPID}, {@code WECHAT_SECRET},
 * {@code WECHAT_API_BASE_URL}, {@code WECHAT_TIMEOUT} and {@code WECHAT_MAX_CONCURRENCY}.
 * Public only because Boot binds it; other features use
 * {@link cn.luohe.grassroots.wechat.api.WeChatGateway}.
 *
 * @param appid the mini-program's appid; without it every call answers 503
 * @param secret the mini-program's secret; without it every call answers 503
 * @param apiBaseUrl replaces {@code https://api.weixin.qq.com} (tests, a relay)
 * @param timeout bound of one HTTP exchange with WeChat (connect, read, pool wait)
 * @param maxConcurrency WeChat calls in flight at once (threads and pooled connections)
 */
@ConfigurationProperties("wechat")
public record WeChatProperties(@Nullable String appid, @Nullable String secret,
		@DefaultValue(WeChatProperties.DEFAULT_API_BASE_URL) String apiBaseUrl, @DefaultValue("5s") Duration timeout,
		@DefaultValue("16") int maxConcurrency) {

	public static final String DEFAULT_API_BASE_URL = "https://api.weixin.qq.com";

	public WeChatProperties {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("wechat.timeout must be positive");
		}
		if (maxConcurrency < 1) {
			throw new IllegalArgumentException("wechat.max-concurrency must be at least 1");
		}
		// WxJava replaces the host prefix textually: a trailing slash would double up
		apiBaseUrl = StringUtils.trimTrailingCharacter(apiBaseUrl.trim(), '/');
	}

	/** Whether appid and secret are both present. */
	public boolean configured() {
		return StringUtils.hasText(this.appid) && StringUtils.hasText(this.secret);
	}

	@Override
	public String toString() {
		return "WeChatProperties[appid=" + this.appid + ", secret=" + ((this.secret != null) ? "******" : null)
				+ ", apiBaseUrl=" + this.apiBaseUrl + ", timeout=" + this.timeout + ", maxConcurrency="
				+ this.maxConcurrency + "]";
	}

}
