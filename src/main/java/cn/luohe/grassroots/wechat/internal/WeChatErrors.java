package cn.luohe.grassroots.wechat.internal;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

import cn.luohe.grassroots.common.error.ApiException;
import me.chanjar.weixin.common.error.WxErrorException;
import org.apache.http.client.HttpResponseException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;

/**
 * Turns WeChat failures into problems the client can act on. Decisions read the
 * {@code errcode} only: WxJava rewrites {@code errmsg} when its retries run out.
 *
 * <p>
 * Log lines carry the operation, the errcode and exception class names, never messages:
 * WeChat's and WxJava's messages can echo request URLs, which hold the login code, the
 * access token and the secret, and none of the code, session key, phone number or secret
 * may reach a log.
 */
final class WeChatErrors {

	private static final Logger log = LoggerFactory.getLogger(WeChatErrors.class);

	/** WeChat's "system busy"; WxJava has already retried it. */
	static final int BUSY = -1;

	/** The code is invalid, expired or already used (login: 40029, 40163 used). */
	private static final Set<Integer> CODE_INVALID = Set.of(40029, 40163);

	/**
	 * Our side is misconfigured or out of quota: bad appid or secret, IP not whitelisted,
	 * token invalid or expired after WxJava's refresh, daily quota, missing parameters.
	 */
	private static final Set<Integer> UNAVAILABLE = Set.of(40001, 40013, 40014, 40125, 40164, 41002, 41004, 42001,
			45009, 40243);

	private WeChatErrors() {
	}

	static ApiException notConfigured() {
		return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "WECHAT_NOT_CONFIGURED",
				"WeChat sign-in is not configured on this server");
	}

	/** WeChat answered 0 but without what the call needs. */
	static ApiException malformed(String operation, String what) {
		log.warn("WeChat {} answered without {}", operation, what);
		return upstreamError();
	}

	static ApiException translate(String operation, Throwable failure) {
		if (failure instanceof ApiException api) {
			return api;
		}
		WxErrorException wx = find(failure, WxErrorException.class);
		if (wx != null && wx.getError() != null) {
			return fromErrcode(operation, wx.getError().getErrorCode());
		}
		if (find(failure, RejectedExecutionException.class) != null) {
			log.warn("WeChat {} rejected: too many WeChat calls queued", operation);
			return unavailable();
		}
		if (find(failure, TimeoutException.class) != null || find(failure, InterruptedIOException.class) != null) {
			log.warn("WeChat {} timed out: {}", operation, describe(failure));
			return new ApiException(HttpStatus.GATEWAY_TIMEOUT, "WECHAT_TIMEOUT", "WeChat did not answer in time");
		}
		log.warn("WeChat {} failed: {}", operation, describe(failure));
		return upstreamError();
	}

	static ApiException fromErrcode(String operation, int errcode) {
		if (CODE_INVALID.contains(errcode)) {
			log.info("WeChat {} refused the code: errcode {}", operation, errcode);
			return new ApiException(HttpStatus.UNAUTHORIZED, "WECHAT_CODE_INVALID",
					"The WeChat code is invalid, expired or already used; request a new one");
		}
		if (errcode == 45011) {
			log.warn("WeChat {} rate limited: errcode {}", operation, errcode);
			return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "WECHAT_RATE_LIMITED",
					"Too many WeChat requests; try again in a minute")
				.retryAfter(Duration.ofMinutes(1));
		}
		if (errcode == 40226) {
			log.info("WeChat {} blocked a high-risk user: errcode {}", operation, errcode);
			return new ApiException(HttpStatus.FORBIDDEN, "WECHAT_USER_BLOCKED",
					"WeChat does not allow this account to sign in");
		}
		if (UNAVAILABLE.contains(errcode)) {
			log.error("WeChat {} failed with errcode {}: check appid, secret, IP whitelist and quota", operation,
					errcode);
			return unavailable();
		}
		if (errcode == BUSY) {
			log.warn("WeChat {} still busy after retrying: errcode {}", operation, errcode);
			return unavailable();
		}
		log.warn("WeChat {} failed with errcode {}", operation, errcode);
		return upstreamError();
	}

	/** The breaker is open: WeChat failed every recent call, so this one is not tried. */
	static ApiException breakerOpen(String operation) {
		log.debug("WeChat {} not tried: the circuit breaker is open", operation);
		return unavailable();
	}

	private static ApiException unavailable() {
		return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "WECHAT_UNAVAILABLE",
				"WeChat is unavailable at the moment; try again later")
			.retryAfter(Duration.ofSeconds(30));
	}

	private static ApiException upstreamError() {
		return new ApiException(HttpStatus.BAD_GATEWAY, "WECHAT_UPSTREAM_ERROR", "WeChat gave an unusable answer");
	}

	private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
		Throwable current = failure;
		for (int depth = 0; current != null && depth < 10; depth++) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			current = current.getCause();
		}
		return null;
	}

	/** Exception classes of the cause chain (and an HTTP status), without messages. */
	private static String describe(Throwable failure) {
		List<String> parts = new ArrayList<>();
		Throwable current = failure;
		for (int depth = 0; current != null && depth < 10; depth++) {
			String part = current.getClass().getName();
			if (current instanceof HttpResponseException http) {
				part += "(HTTP " + http.getStatusCode() + ")";
			}
			parts.add(part);
			current = current.getCause();
		}
		return String.join(" <- ", parts);
	}

}
