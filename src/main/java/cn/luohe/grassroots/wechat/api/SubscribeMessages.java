package cn.luohe.grassroots.wechat.api;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * WeChat subscribe messages (订阅消息): one message per consent the user gave in the
 * mini-program. Transient failures (WeChat busy, timeouts, HTTP errors, token trouble)
 * are retried a few times with backoff and then signalled as an error: the caller keeps
 * the message and tries again later. Definite answers are outcomes.
 */
public interface SubscribeMessages {

	/**
	 * Sends one message.
	 * @param data the template's fields ({@code thing1} → value), in order
	 * @param page the mini-program page the message opens, or null
	 */
	Mono<Outcome> send(String openid, String templateId, @Nullable String page, Map<String, String> data);

	enum Outcome {

		/** WeChat took the message. */
		SENT,

		/** 43101: the user has no consent left on WeChat's side (or refused). */
		REFUSED,

		/**
		 * WeChat will never take this message (unknown openid, template or page, invalid
		 * data), or WeChat is not configured: nothing was sent.
		 */
		REJECTED

	}

}
