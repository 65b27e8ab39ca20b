package cn.luohe.grassroots.moderation.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import cn.luohe.grassroots.common.error.FailureLog;
import cn.luohe.grassroots.common.lifecycle.PeriodicTask;
import cn.luohe.grassroots.common.ratelimit.FixedWindowLimit;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.moderation.api.TextScene;
import cn.luohe.grassroots.wechat.api.ContentSecurity;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Submits registered photos to mediaCheckAsync v2 on every replica (each claims its own
 * rows, {@code SKIP LOCKED}), woken by uploads and every
 * {@code app.moderation.submit-interval}. A check not answered within
 * {@code answer-timeout} is submitted again, at most {@code max-attempts} times in all,
 * then reported to the queue ({@code CHECK_UNANSWERED}); a refused or failed submission
 * is retried after {@code retry-after-failure}. WeChat's 2000 a minute are counted in the
 * shared rate limiter.
 */
@Component
class PhotoCheckSubmitter extends PeriodicTask {

	static final int QUOTA_PER_MINUTE = 2000;

	static final String QUOTA_KEY = "grassroots:wechat:quota:mediaCheckAsync";

	private static final int BATCH = 50;

	private final FailureLog failures = new FailureLog(LoggerFactory.getLogger(PhotoCheckSubmitter.class), 30,
			TimeUnit.SECONDS);

	private final ModerationRepository repository;

	private final ContentSecurity security;

	private final PhotoLinks links;

	private final PhotoChecks checks;

	private final ModerationProperties properties;

	private final BusinessClock clock;

	private final TransactionalOperator transactions;

	private final FixedWindowLimit quota;

	PhotoCheckSubmitter(ModerationRepository repository, ContentSecurity security, PhotoLinks links, PhotoChecks checks,
			ModerationProperties properties, BusinessClock clock, ReactiveTransactionManager transactionManager,
			ReactiveStringRedisTemplate redis) {
		super("Photo check submitter", Duration.ofSeconds(1), properties.submitInterval());
		this.repository = repository;
		this.security = security;
		this.links = links;
		this.checks = checks;
		this.properties = properties;
		this.clock = clock;
		this.transactions = TransactionalOperator.create(transactionManager);
		this.quota = new FixedWindowLimit(redis, "mediaCheckAsync quota", Duration.ofSeconds(1));
	}

	@Override
	protected boolean enabled() {
		return this.security.configured();
	}

	@Override
	protected Flux<?> wakeups() {
		return this.checks.wakeups();
	}

	@Override
	protected Mono<?> runOnce() {
		return reportUnanswered().then(submitDue());
	}

	/** Checks submitted as often as allowed: held for an admin, one queue item each. */
	Mono<Void> reportUnanswered() {
		Instant now = this.clock.now();
		return this.repository.giveUp(this.properties.maxAttempts(), now)
			.concatMap(check -> this.repository.insertItemWithAudit(
					new ModerationRepository.NewItem(ItemKind.CHECK_UNANSWERED, null, null, check.photoId(), null,
							check.ownerId(), "照片 " + check.photoId(), "UNANSWERED", null, null),
					"UNANSWERED", "no verdict after " + check.attempts() + " submissions", now))
			.then()
			.as(this.transactions::transactional);
	}

	Mono<Void> submitDue() {
		Instant now = this.clock.now();
		return this.repository.claimDue(BATCH, this.properties.maxAttempts(), now, this.properties.answerTimeout())
			.concatMap(check -> submit(check, now))
			.then();
	}

	private Mono<Void> submit(ModerationRepository.PhotoCheck check, Instant now) {
		String link = this.links.link(check.photoId(), now.plus(this.properties.linkTtl()));
		if (link == null) {
			this.failures.warn("base-url", "APP_PUBLIC_BASE_URL is not set: photos cannot be submitted to WeChat");
			return this.repository.retryAt(check.photoId(), now.plus(this.properties.retryAfterFailure()));
		}
		return this.quota.hit(QUOTA_KEY, QUOTA_PER_MINUTE, Duration.ofMinutes(1)).flatMap(allowed -> {
			if (!allowed) {
				this.failures.warn("quota", "mediaCheckAsync quota used up this minute: submissions wait");
				return this.repository.retryAt(check.photoId(), now.plus(Duration.ofMinutes(1)));
			}
			return this.repository.openid(check.ownerId())
				.flatMap(openid -> this.security.submitPhoto(openid, TextScene.SOCIAL_LOG.wechatScene(), link))
				.flatMap(trace -> this.repository.submitted(check.photoId(), trace))
				.onErrorResume(ex -> {
					this.failures.warn("submit",
							"mediaCheckAsync failed (" + ex.getClass().getSimpleName() + "): retried later");
					return this.repository.retryAt(check.photoId(), now.plus(this.properties.retryAfterFailure()));
				});
		});
	}

}
