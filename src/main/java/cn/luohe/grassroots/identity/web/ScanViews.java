package cn.luohe.grassroots.identity.web;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

/** Requests and views of PC sign-in by scan and of browser sessions. */
final class ScanViews {

	private ScanViews() {
	}

	/** A scene as this service makes them: 22 URL-safe characters (WeChat allows 32). */
	static final String SCENE = "[A-Za-z0-9_-]{1,32}";

	record StartedView(String id, String scene, String secret, OffsetDateTime expiresAt, String qrImage) {

		@Override
		public String toString() {
			return "StartedView[" + this.id + "]";
		}

	}

	record TokensView(String accessToken, long expiresIn, String refreshToken) {

		@Override
		public String toString() {
			return "TokensView[******]";
		}

	}

	record PollView(String status, OffsetDateTime expiresAt,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable TokensView tokens) {
	}

	record ScanRequest(@NotBlank @Pattern(regexp = SCENE) String scene) {
	}

	record ScannedView(String status, OffsetDateTime expiresAt, @Nullable String userAgent) {
	}

	record DecisionRequest(@NotBlank @Pattern(regexp = SCENE) String scene, @NotNull Boolean accept) {
	}

	record DecisionView(String status) {
	}

	record PcSessionView(long id, long userId, @Nullable String userAgent, OffsetDateTime createdAt,
			@Nullable OffsetDateTime revokedAt, boolean current) {
	}

}
