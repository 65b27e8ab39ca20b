package cn.luohe.grassroots.wechat.internal;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cn.binarywang.wx.miniapp.api.WxMaService;
import cn.binarywang.wx.miniapp.bean.WxMaSubscribeMessage;
import cn.binarywang.wx.miniapp.util.WxMaConfigHolder;
import cn.luohe.grassroots.wechat.api.SubscribeMessages;
import me.chanjar.weixin.common.error.WxErrorException;
import org.apache.http.client.HttpResponseException;
import org.apache.http.conn.ConnectTimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * Subscribe messages over WxJava, each call whole inside one callable on the bounded
 * {@code wechat-subscribe} scheduler (WxJava blocks and keeps per-thread state). WxJava's
 * own retry is off for this service: a send is not idempotent, so retries are ours,
 * bounded, with backoff, and only for answers that say nothing was taken.
 */
final class WxMaSubscribeMessages implements SubscribeMessages, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(WxMaSubscribeMessages.class);

	/** The user refused, or has no consent left for the template. */
	static final int REFUSED = 43101;

	/**
	 * Answers that will not change on a retry: openid (40003), template (40037), page
	 * (41030), data (47003), openid of another app (40036), user blocked (40226).
	 */
	private static final Set<Integer> REJECTED = Set.of(40003, 40036, 40037, 41028, 41030, 47003, 40226);

	/** WeChat's text fields hold at most 20 characters ({@code thing}). */
	static final int FIELD_LENGTH = 20;

	private final WxMaService service;

	private final String appid;

	private final Scheduler scheduler;

	private final Duration callTimeout;

	private final Retry retry;

	private final AutoCloseable httpClient;

	WxMaSubscribeMessages(WxMaService service, String appid, Scheduler scheduler, Duration callTimeout, Retry retry,
			AutoCloseable httpClient) {
		this.service = service;
		this.appid = appid;
		this.scheduler = scheduler;
		this.callTimeout = callTimeout;
		this.retry = retry;
		this.httpClient = httpClient;
	}

	/** Retries up to {@code attempts} more times when WeChat did not take the message. */
	static Retry retry(int attempts, Duration firstBackoff) {
		return Retry.backoff(attempts, firstBackoff)
			.maxBackoff(firstBackoff.multipliedBy(8))
			.filter(WxMaSubscribeMessages::notTaken)
			.onRetryExhaustedThrow((spec, signal) -> signal.failure());
	}

	@Override
	public Mono<Outcome> send(String openid, String templateId, @Nullable String page, Map<String, String> data) {
		List<WxMaSubscribeMessage.MsgData> fields = data.entrySet()
			.stream()
			.map(e -> new WxMaSubscribeMessage.MsgData(e.getKey(), shorten(e.getValue())))
			.toList();
		WxMaSubscribeMessage.WxMaSubscribeMessageBuilder message = WxMaSubscribeMessage.builder()
			.toUser(openid)
			.templateId(templateId)
			.data(fields);
		if (page != null) {
			message.page(page);
		}
		WxMaSubscribeMessage built = message.build();
		return Mono.fromCallable(() -> {
			try {
				this.service.switchover(this.appid);
				this.service.getSubscribeService().sendSubscribeMsg(built);
				return Outcome.SENT;
			}
			finally {
				WxMaConfigHolder.remove();
			}
		})
			.subscribeOn(this.scheduler)
			.timeout(this.callTimeout)
			.retryWhen(this.retry)
			.onErrorResume(failure -> !isTransient(failure), WxMaSubscribeMessages::definite)
			.doOnError(failure -> log.warn("WeChat subscribeMessage.send failed, kept for later: {}", causes(failure)));
	}

	private static Mono<Outcome> definite(Throwable failure) {
		Integer errcode = errcode(failure);
		if (errcode != null && errcode == REFUSED) {
			log.info("WeChat subscribeMessage.send refused: errcode {}", errcode);
			return Mono.just(Outcome.REFUSED);
		}
		log.warn("WeChat subscribeMessage.send rejected: errcode {}", errcode);
		return Mono.just(Outcome.REJECTED);
	}

	/**
	 * Busy (-1), quota or token trouble and anything that is no answer (timeouts, HTTP
	 * errors, refused connections) may pass on a retry; a definite errcode will not.
	 */
	static boolean isTransient(Throwable failure) {
		Integer errcode = errcode(failure);
		return errcode == null || (errcode != REFUSED && !REJECTED.contains(errcode));
	}

	/**
	 * Failures that say WeChat did not take the message (busy, an HTTP error answer, no
	 * connection), so trying again at once cannot send it twice. A timeout says nothing:
	 * the message may have gone, and it is left to a later attempt.
	 */
	static boolean notTaken(Throwable failure) {
		Integer errcode = errcode(failure);
		if (errcode != null) {
			return errcode == WeChatErrors.BUSY;
		}
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (current instanceof HttpResponseException http) {
				return http.getStatusCode() >= 500;
			}
			if (current instanceof ConnectException || current instanceof ConnectTimeoutException) {
				return true;
			}
		}
		return false;
	}

	/** WeChat's errcode anywhere in the cause chain (WxJava may wrap it), else null. */
	static @Nullable Integer errcode(Throwable failure) {
		Throwable current = failure;
		for (int depth = 0; current != null && depth < 10; depth++) {
			if (current instanceof WxErrorException wx && wx.getError() != null) {
				return wx.getError().getErrorCode();
			}
			current = current.getCause();
		}
		return null;
	}

	/**
	 * Exception classes of the cause chain, without messages (they may hold the token).
	 */
	private static String causes(Throwable failure) {
		StringBuilder chain = new StringBuilder();
		for (Throwable current = failure; current != null; current = current.getCause()) {
			chain.append((chain.length() > 0) ? " <- " : "").append(current.getClass().getName());
		}
		return chain.toString();
	}

	static String shorten(String value) {
		return (value.codePointCount(0, value.length()) <= FIELD_LENGTH) ? value
				: value.substring(0, value.offsetByCodePoints(0, FIELD_LENGTH - 1)) + "…";
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

}
