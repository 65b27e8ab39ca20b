package cn.luohe.grassroots.reminder.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import cn.luohe.grassroots.common.lifecycle.PeriodicTask;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.MessageRecipients;
import cn.luohe.grassroots.reminder.internal.DeliveryQueue.ConsentAfter;
import cn.luohe.grassroots.reminder.internal.DeliveryQueue.Send;
import cn.luohe.grassroots.reminder.internal.ReminderProperties.Template;
import cn.luohe.grassroots.wechat.api.SubscribeMessages;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Works the queue of WeChat sends, never inside a request: a send spends one consent
 * (held across attempts), a definite refusal or no consent leaves the reminder in the
 * inbox only, and a failure (WeChat unreachable) keeps it pending for a later attempt,
 * waiting longer each time. Nothing is sent in the quiet hours.
 */
@Component
class DeliveryWorker extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	/** Sends tried at once per instance. */
	private static final int CONCURRENCY = 4;

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

	private final DeliveryQueue queue;

	private final SubscribeMessages messages;

	private final MessageRecipients recipients;

	private final QuietHours quiet;

	private final ReminderProperties properties;

	private final BusinessClock clock;

	DeliveryWorker(DeliveryQueue queue, SubscribeMessages messages, MessageRecipients recipients, QuietHours quiet,
			ReminderProperties properties, BusinessClock clock) {
		super("Reminder delivery", properties.deliveryPoll(), properties.deliveryPoll());
		this.queue = queue;
		this.messages = messages;
		this.recipients = recipients;
		this.quiet = quiet;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	protected boolean enabled() {
		return this.properties.enabled();
	}

	@Override
	protected Mono<?> runOnce() {
		return deliverDue(this.clock.now());
	}

	/**
	 * One pass over the sends due at {@code now} (business time); how many were tried.
	 */
	Mono<Long> deliverDue(Instant now) {
		if (this.quiet.isQuiet(now)) {
			return Mono.just(0L);
		}
		return this.queue.take(now, now.plus(this.properties.lease()), this.properties.batchSize())
			.flatMap(send -> deliver(send, now), CONCURRENCY)
			.count();
	}

	private Mono<Void> deliver(Send send, Instant now) {
		Mono<Boolean> consent = send.consentHeld() ? Mono.just(true) : this.queue.spendConsent(send, now);
		return consent.flatMap(held -> {
			if (!held) {
				return this.queue.finish(send, "INBOX_ONLY", ConsentAfter.KEEP_SPENT, now);
			}
			return this.recipients.openid(send.userId())
				.flatMap(openid -> this.messages.send(openid, send.templateId(), page(send), data(send)))
				.defaultIfEmpty(SubscribeMessages.Outcome.REJECTED)
				.flatMap(outcome -> switch (outcome) {
					case SENT -> this.queue.finish(send, "WECHAT", ConsentAfter.KEEP_SPENT, now);
					case REFUSED -> this.queue.finish(send, "INBOX_ONLY", ConsentAfter.NONE_LEFT, now);
					case REJECTED -> this.queue.finish(send, "INBOX_ONLY", ConsentAfter.GIVE_BACK, now);
				})
				.onErrorResume(failure -> {
					Instant next = this.quiet.heldUntil(now.plus(backoff(send.attempts())));
					log.info("Reminder {} not sent (attempt {}), next attempt at {}", send.reminderId(),
							send.attempts(), next);
					return this.queue.later(send, next);
				});
		});
	}

	/** retry-first, doubled per attempt, at most retry-max. */
	Duration backoff(int attempts) {
		Duration wait = this.properties.retryFirst();
		for (int i = 1; i < attempts && wait.compareTo(this.properties.retryMax()) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return (wait.compareTo(this.properties.retryMax()) > 0) ? this.properties.retryMax() : wait;
	}

	private Optional<Template> template(Send send) {
		Map<String, Template> templates = this.properties.templates();
		if (templates == null) {
			return Optional.empty();
		}
		return templates.values().stream().filter(t -> t.id().equals(send.templateId())).findFirst();
	}

	/** The template's page when it names one, else the reminder's own. */
	private @Nullable String page(Send send) {
		Optional<Template> template = template(send);
		String configured = template.isPresent() ? template.get().page() : null;
		return (configured != null) ? configured : send.page();
	}

	private Map<String, String> data(Send send) {
		LocalDateTime created = LocalDateTime.ofInstant(send.createdAt(), BusinessClock.ZONE);
		Map<String, String> data = new LinkedHashMap<>();
		template(send).map(Template::fieldMap)
			.orElse(Map.of())
			.forEach((field, value) -> data.put(field, switch (value) {
				case "title" -> send.title();
				case "body" -> send.body();
				case "date" -> DATE.format(created);
				case "time" -> TIME.format(created);
				default -> value;
			}));
		return data;
	}

}
