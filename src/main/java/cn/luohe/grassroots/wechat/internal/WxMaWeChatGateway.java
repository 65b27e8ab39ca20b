package cn.luohe.grassroots.wechat.internal;

import java.time.Duration;
import java.util.regex.Pattern;

import cn.binarywang.wx.miniapp.api.WxMaService;
import cn.binarywang.wx.miniapp.bean.Watermark;
import cn.binarywang.wx.miniapp.bean.WxMaJscode2SessionResult;
import cn.binarywang.wx.miniapp.bean.WxMaPhoneNumberInfo;
import cn.binarywang.wx.miniapp.util.WxMaConfigHolder;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.wechat.api.WeChatGateway;
import cn.luohe.grassroots.wechat.api.WeChatSession;
import me.chanjar.weixin.common.error.WxErrorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.http.HttpStatus;
import org.springframework.util.StringUtils;

/**
 * The WeChat gateway over WxJava. WxJava blocks (HTTP, Redis locks, {@code Thread.sleep}
 * between retries) and keeps per-thread state (the appid holder, the Redis lock owner),
 * so each call runs whole inside one callable on the bounded {@code wechat} scheduler,
 * never on an event loop, and its thread-local state is cleared before the thread is
 * handed back.
 */
final class WxMaWeChatGateway implements WeChatGateway, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(WxMaWeChatGateway.class);

	/**
	 * WxJava puts the login code into the code2Session query string unencoded: refuse
	 * anything that could add or override a parameter.
	 */
	private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._~+/=-]{1,512}");

	/** The characters WeChat accepts in a scene that need no escaping, 1 to 32. */
	private static final Pattern SCENE = Pattern.compile("[A-Za-z0-9_-]{1,32}");

	/** Pixels; readable on a screen across a desk. */
	private static final int CODE_WIDTH = 430;

	private final WxMaService service;

	private final String appid;

	private final Scheduler scheduler;

	private final Duration callTimeout;

	private final AutoCloseable httpClient;

	private final CircuitBreaker breaker;

	WxMaWeChatGateway(WxMaService service, String appid, Scheduler scheduler, Duration callTimeout,
			AutoCloseable httpClient, WeChatBreakerProperties breaker) {
		this.service = service;
		this.appid = appid;
		this.scheduler = scheduler;
		this.callTimeout = callTimeout;
		this.httpClient = httpClient;
		this.breaker = breaker(breaker);
	}

	/**
	 * Opens after {@code failures} calls in a row found WeChat unreachable, slow or
	 * broken (502, 503, 504 after translation); WeChat's deliberate refusals count as
	 * successes.
	 */
	static CircuitBreaker breaker(WeChatBreakerProperties properties) {
		CircuitBreaker breaker = CircuitBreaker.of("wechat",
				CircuitBreakerConfig.custom()
					.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
					.slidingWindowSize(properties.failures())
					.minimumNumberOfCalls(properties.failures())
					.failureRateThreshold(100)
					.waitDurationInOpenState(properties.openFor())
					.permittedNumberOfCallsInHalfOpenState(1)
					.recordException(WxMaWeChatGateway::isOutage)
					.build());
		breaker.getEventPublisher()
			.onStateTransition(event -> log.warn("WeChat circuit breaker {}: calls {} until WeChat answers again",
					event.getStateTransition(),
					(event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) ? "fail at once" : "probe"));
		return breaker;
	}

	private static boolean isOutage(Throwable failure) {
		return failure instanceof ApiException api && (api.status() == HttpStatus.BAD_GATEWAY
				|| api.status() == HttpStatus.SERVICE_UNAVAILABLE || api.status() == HttpStatus.GATEWAY_TIMEOUT);
	}

	/** The breaker's state (for tests and health). */
	CircuitBreaker.State breakerState() {
		return this.breaker.getState();
	}

	@Override
	public Mono<WeChatSession> exchangeCode(String code) {
		if (!isWellFormed(code)) {
			return Mono.error(() -> ApiException.invalidField("code", "is not a WeChat login code"));
		}
		return call("code2Session", service -> {
			WxMaJscode2SessionResult result = service.getUserService().getSessionInfo(code);
			if (result == null || !StringUtils.hasText(result.getOpenid())
					|| !StringUtils.hasText(result.getSessionKey())) {
				throw WeChatErrors.malformed("code2Session", "openid or session_key");
			}
			String unionid = StringUtils.hasText(result.getUnionid()) ? result.getUnionid() : null;
			return new WeChatSession(result.getOpenid(), unionid, result.getSessionKey());
		});
	}

	@Override
	public Mono<String> phoneNumber(String code) {
		if (!isWellFormed(code)) {
			return Mono.error(() -> ApiException.invalidField("code", "is not a WeChat phone number code"));
		}
		return call("getPhoneNumber", service -> {
			// null when the answer has no phone_info
			WxMaPhoneNumberInfo info = service.getUserService().getPhoneNumber(code);
			if (info == null || !StringUtils.hasText(info.getPurePhoneNumber())) {
				throw WeChatErrors.malformed("getPhoneNumber", "phone_info");
			}
			Watermark watermark = info.getWatermark();
			if (watermark != null && StringUtils.hasText(watermark.getAppid())
					&& !this.appid.equals(watermark.getAppid())) {
				throw WeChatErrors.malformed("getPhoneNumber", "our appid in the watermark");
			}
			return info.getPurePhoneNumber();
		});
	}

	@Override
	public Mono<byte[]> miniProgramCode(String scene, String page, String envVersion) {
		if (!SCENE.matcher(scene).matches()) {
			return Mono.error(() -> new IllegalArgumentException("scene must be 1-32 URL-safe characters"));
		}
		return call("getwxacodeunlimit", service -> {
			// WxJava answers a JSON body (errcode) as a WxErrorException, bytes otherwise
			byte[] image = service.getQrcodeService()
				.createWxaCodeUnlimitBytes(scene, page, false, envVersion, CODE_WIDTH, false, null, false);
			if (image == null || image.length < 8) {
				throw WeChatErrors.malformed("getwxacodeunlimit", "an image");
			}
			return image;
		});
	}

	/**
	 * Runs one WeChat call on the {@code wechat} scheduler, bounded in time, with every
	 * failure translated to an {@link ApiException}.
	 */
	<T> Mono<T> call(String operation, WeChatCall<T> action) {
		return Mono.fromCallable(() -> {
			try {
				this.service.switchover(this.appid);
				return action.call(this.service);
			}
			finally {
				WxMaConfigHolder.remove();
			}
		})
			.subscribeOn(this.scheduler)
			.timeout(this.callTimeout)
			.onErrorMap(failure -> WeChatErrors.translate(operation, failure))
			.transformDeferred(CircuitBreakerOperator.of(this.breaker))
			.onErrorMap(CallNotPermittedException.class, refused -> WeChatErrors.breakerOpen(operation));
	}

	private static boolean isWellFormed(String code) {
		return code != null && CODE.matcher(code).matches();
	}

	@Override
	public void close() {
		this.scheduler.dispose();
		try {
			this.httpClient.close();
		}
		catch (Exception ex) {
			log.warn("Could not close the WeChat HTTP client: {}", ex.getClass().getName());
		}
	}

	/** One blocking WxJava call. */
	@FunctionalInterface
	interface WeChatCall<T> {

		T call(WxMaService service) throws WxErrorException;

	}

}
