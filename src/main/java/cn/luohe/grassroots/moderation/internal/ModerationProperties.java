package cn.luohe.grassroots.moderation.internal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * Content security settings ({@code APP_MODERATION_*}, {@code APP_PUBLIC_BASE_URL}).
 * Public only because Boot binds it.
 *
 * @param publicBaseUrl where WeChat reaches this service over HTTPS (the signed photo
 * links start with it); without it photos cannot be submitted and stay held
 * @param linkSecret signs the photo links (every replica needs the same one); random per
 * start when unset, which suits one instance
 * @param linkTtl how long a photo link stays valid
 * @param answerTimeout how long a verdict may take before the photo is submitted again
 * @param maxAttempts submissions before an unanswered check is reported to the queue
 * @param retryAfterFailure when a submission WeChat refused or could not take is retried
 * @param submitInterval how often the submitter looks for due photos
 * @param snapshotInterval how often each instance rereads the held photos
 */
@ConfigurationProperties("app.moderation")
public record ModerationProperties(@Nullable String publicBaseUrl, @Nullable String linkSecret,
		@DefaultValue("2h") Duration linkTtl, @DefaultValue("30m") Duration answerTimeout,
		@DefaultValue("3") int maxAttempts, @DefaultValue("1m") Duration retryAfterFailure,
		@DefaultValue("5s") Duration submitInterval, @DefaultValue("1s") Duration snapshotInterval) {

	public ModerationProperties {
		if (publicBaseUrl != null) {
			publicBaseUrl = StringUtils.trimTrailingCharacter(publicBaseUrl.trim(), '/');
		}
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("app.moderation.max-attempts must be at least 1");
		}
		if (answerTimeout.isNegative() || answerTimeout.isZero() || linkTtl.compareTo(answerTimeout) < 0) {
			throw new IllegalArgumentException(
					"app.moderation.answer-timeout must be positive and no longer than link-ttl");
		}
	}

	@Override
	public String toString() {
		return "ModerationProperties[publicBaseUrl=" + this.publicBaseUrl + ", linkSecret="
				+ ((this.linkSecret != null) ? "******" : null) + ", answerTimeout=" + this.answerTimeout + "]";
	}

}
