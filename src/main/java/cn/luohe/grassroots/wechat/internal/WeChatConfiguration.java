package cn.luohe.grassroots.wechat.internal;

import java.time.Duration;
import java.util.Objects;

import cn.binarywang.wx.miniapp.api.WxMaService;
import cn.binarywang.wx.miniapp.api.impl.WxMaServiceImpl;
import cn.binarywang.wx.miniapp.config.impl.WxMaRedisBetterConfigImpl;
import cn.binarywang.wx.miniapp.util.WxMaConfigHolder;
import cn.luohe.grassroots.wechat.api.WeChatGateway;
import me.chanjar.weixin.common.util.http.apache.ApacheHttpClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Builds WxJava by hand (its Spring Boot starter does not fit Boot 4) and hides it behind
 * {@link WeChatGateway}; no WxJava type is a bean.
 */
@Configuration(proxyBeanMethods = false)
class WeChatConfiguration {

	private static final Logger log = LoggerFactory.getLogger(WeChatConfiguration.class);

	/** Redis keys: {@code grassroots:wechat:access_token:<appid>} and the token lock. */
	static final String KEY_PREFIX = "grassroots:wechat";

	/** Tasks that may wait for a free {@code wechat} thread before calls are refused. */
	private static final int QUEUED_CALLS = 256;

	/** Reactor's guard fires just after the HTTP client's own timeouts would. */
	private static final Duration TIMEOUT_MARGIN = Duration.ofMillis(250);

	// Destroyed through close(): disposes the scheduler and the HTTP client
	@Bean
	WeChatGateway weChatGateway(WeChatProperties properties, WeChatBreakerProperties breaker,
			StringRedisTemplate redis) {
		if (!properties.configured()) {
			log.warn("WECHAT_APPID or WECHAT_SECRET is not set: WeChat calls will answer 503 WECHAT_NOT_CONFIGURED");
			return new UnconfiguredWeChatGateway();
		}
		WeChatHttpClientBuilder httpClient = new WeChatHttpClientBuilder(properties.timeout(),
				properties.maxConcurrency());
		WxMaService service = wxMaService(properties, redis, httpClient);
		Scheduler scheduler = Schedulers.newBoundedElastic(properties.maxConcurrency(), QUEUED_CALLS, "wechat");
		return new WxMaWeChatGateway(service, Objects.requireNonNull(properties.appid()), scheduler,
				properties.timeout().plus(TIMEOUT_MARGIN), httpClient, breaker);
	}

	static WxMaService wxMaService(WeChatProperties properties, StringRedisTemplate redis,
			ApacheHttpClientBuilder httpClient) {
		// the access token and its lock live in Redis so that every instance shares one
		// token; the keys are derived inside setAppid, so construct first
		// Redis with this instance's memory behind it (login works without Redis), and a
		// token lock whose lease is about one call, not WxJava's 60 s
		WxMaRedisBetterConfigImpl config = new WxMaRedisBetterConfigImpl(
				new FallbackWxRedisOps(redis, properties.timeout().plus(Duration.ofSeconds(1))), KEY_PREFIX);
		config.setAppid(properties.appid());
		config.setSecret(properties.secret());
		// the stable token is not invalidated when another caller fetches one
		config.useStableAccessToken(true);
		config.setApacheHttpClientBuilder(httpClient);
		if (!WeChatProperties.DEFAULT_API_BASE_URL.equals(properties.apiBaseUrl())) {
			config.setApiHostUrl(properties.apiBaseUrl());
		}
		WxMaServiceImpl service = new WxMaServiceImpl();
		service.setWxMaConfig(config);
		// setWxMaConfig leaves the appid in this (start-up) thread's holder
		WxMaConfigHolder.remove();
		// WxJava retries only errcode -1 and sleeps on the calling thread (default: five
		// retries, 31 s): one retry after 200 ms keeps a call far below its timeout
		service.setMaxRetryTimes(1);
		service.setRetrySleepMillis(200);
		return service;
	}

}
