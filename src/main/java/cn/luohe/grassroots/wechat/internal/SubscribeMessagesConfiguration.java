package cn.luohe.grassroots.wechat.internal;

import java.time.Duration;
import java.util.Objects;

import cn.binarywang.wx.miniapp.api.WxMaService;
import cn.luohe.grassroots.wechat.api.SubscribeMessages;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Subscribe messages get a WxJava service of their own (the same appid, secret and Redis
 * token as the gateway's), their own threads and connections, so a burst of reminders
 * never queues a login behind it.
 */
@Configuration(proxyBeanMethods = false)
class SubscribeMessagesConfiguration {

	private static final int QUEUED_CALLS = 256;

	/**
	 * Reactor's guard of one call lies beyond the HTTP client's own timeouts: the token's
	 * Redis wait, a token fetch and the send itself.
	 */
	private static Duration guard(Duration timeout) {
		return timeout.multipliedBy(3).plusSeconds(2);
	}

	/** Retries after a transient failure, 200 ms, 400 ms apart (with jitter). */
	private static final int RETRIES = 2;

	@Bean
	SubscribeMessages subscribeMessages(WeChatProperties properties, StringRedisTemplate redis) {
		if (!properties.configured()) {
			return (openid, templateId, page, data) -> Mono.just(SubscribeMessages.Outcome.REJECTED);
		}
		int threads = Math.max(1, properties.maxConcurrency() / 2);
		WeChatHttpClientBuilder httpClient = new WeChatHttpClientBuilder(properties.timeout(), threads);
		WxMaService service = WeChatConfiguration.wxMaService(properties, redis, httpClient);
		// a send is not idempotent: no retry inside WxJava (it would retry -1 blindly)
		service.setMaxRetryTimes(0);
		Scheduler scheduler = Schedulers.newBoundedElastic(threads, QUEUED_CALLS, "wechat-subscribe");
		return new WxMaSubscribeMessages(service, Objects.requireNonNull(properties.appid()), scheduler,
				guard(properties.timeout()), WxMaSubscribeMessages.retry(RETRIES, Duration.ofMillis(200)), httpClient);
	}

}
